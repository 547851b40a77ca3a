import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { InputError } from '../../errors';
import { PROJECT_ROOT, PROVIDER_NAME } from '../../pacticipants';
import { stripAnsi } from '../../shared/redact';
import { parseResults, type ReplayVerdicts } from './results';
import { END_OF_REPLAY, type ReplayReply, type ReplayRequest } from './protocol';

/** What one Pact replay produced: its verdict per interaction, and its full console output. */
export interface ReplayOutcome extends ReplayVerdicts {
  /** Pact's own output (ANSI colours removed), kept for the reports and printed at --log-level debug. */
  output: string;
  /** Pact's own overall verdict: true with failed interactions means those were pending pacts. */
  passed?: boolean;
}

/** A Pact process, started and loading, that replays pacts on request. */
export interface PactReplay {
  replay(request: Omit<ReplayRequest, 'provider' | 'id'>, deadlineMs: number): Promise<ReplayOutcome>;
  /** Ends the process (a no-op once it has ended). */
  close(): void;
}

// The worker runs from dist/ (Node cannot fork a .ts file); npm ci and npm test build it.
const WORKER = path.join(PROJECT_ROOT, 'dist', 'verify', 'pact', 'worker.js');
const WATCHDOG = path.join(PROJECT_ROOT, 'dist', 'shared', 'watchdog.js');
// Pact's own output kept per replay (for pact-output.txt and --log-level debug): 8 Mi characters at most.
const MAX_OUTPUT_CHARS = 8 * 1024 * 1024;

/**
 * Starts the Pact process now, so that it loads Pact (most of its cost) while
 * this process starts the target and runs the live checks; `replay` then
 * replays the pacts through the gateway with Pact's Verifier. A process that
 * died (or was killed at a deadline) is replaced on the next replay.
 */
export function startPactReplay(extraEnv: Record<string, string> = {}): PactReplay {
  if (!fs.existsSync(WORKER)) {
    throw new InputError(
      `The Pact replay worker ${path.relative(process.cwd(), WORKER)} is missing.`,
      'Build the suite first: npm run build (npm ci does it too).',
    );
  }
  let worker = new Worker(extraEnv);
  let nextId = 1;
  return {
    close: () => worker.child.kill('SIGKILL'),
    replay: async (request, deadlineMs) => {
      if (worker.exited) worker = new Worker(extraEnv);
      return worker.replay({ ...request, id: nextId++, provider: PROVIDER_NAME }, deadlineMs);
    },
  };
}

/** One forked worker: replays one request at a time; `exited` once it has ended. */
class Worker {
  readonly child: ChildProcess;
  exited = false;
  private output = '';
  private onOutput = () => {};
  private readonly exit: Promise<string>;

  constructor(extraEnv: Record<string, string>) {
    // The child gets no provider credentials: it never needs them, so it can never print them.
    // Broker credentials reach it only when it fetches pacts from a broker (extraEnv); its output is redacted.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^PROFICIENT_|^PACT_BROKER_/.test(name)),
    );
    this.child = fork(WORKER, [], {
      env: { ...env, ...extraEnv, PACT_DO_NOT_TRACK: 'true' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    // One decoder per stream: a character split across two chunks is joined, not turned into U+FFFD.
    const reader = () => {
      const decoder = new StringDecoder('utf8');
      return (chunk: Buffer) => {
        this.output += decoder.write(chunk);
        // Trace logging can be large: keep the last part, which holds the end-of-replay marker.
        if (this.output.length > MAX_OUTPUT_CHARS) this.output = this.output.slice(-MAX_OUTPUT_CHARS);
        this.onOutput();
      };
    };
    // Pact's native verifier stops every thread of the worker while it runs, so the worker cannot see
    // its parent die then: a watchdog process of ours ends it if this process is killed outright.
    spawn(process.execPath, [WATCHDOG, String(this.child.pid)], { stdio: 'ignore' }).unref();
    this.child.stdout!.on('data', reader());
    this.child.stderr!.on('data', reader());
    this.exit = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.exited = true;
        resolve(signal ? `was stopped (${signal})` : `exited (code ${code}) without a result`);
      }),
    );
  }

  async replay(request: ReplayRequest, deadlineMs: number): Promise<ReplayOutcome> {
    this.output = '';
    const marker = END_OF_REPLAY(request.id);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.child.kill('SIGKILL');
    }, deadlineMs);
    const answered = new Promise<ReplayReply>((resolve) => {
      const take = (reply: ReplayReply) => {
        if (reply.id !== request.id) return;
        this.child.off('message', take);
        resolve(reply);
      };
      this.child.on('message', take);
    });
    const outputEnded = new Promise<void>((resolve) => {
      this.onOutput = () => void (this.output.includes(marker) && resolve());
    });
    this.child.send(request);
    const ended = await Promise.race([
      Promise.all([answered, outputEnded]).then(([reply]) => reply),
      this.exit.then((why) => (timedOut ? `did not finish within ${deadlineMs} ms` : why)),
    ]);
    clearTimeout(timer);
    const output = stripAnsi(this.output.replace(`\n${marker}\n`, ''));
    if (typeof ended === 'string') return { interactions: [], output, crashed: `Pact's verifier ${ended}` };
    if (!ended.ok && !ended.results) return { interactions: [], output, crashed: ended.error };
    return { ...parseResults(ended.results ?? '{}'), output, passed: ended.ok };
  }
}
