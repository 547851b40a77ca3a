import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, PROVIDER_NAME } from '../pacticipants';
import { InputError } from '../errors';
import type { ReplayReply, ReplayRequest } from './pact-replay-worker';
import { stripAnsi } from './redact';

/** One way a response differed from the pact, as Pact reports it. */
export interface PactMismatch {
  message: string;
  path?: string;
  expected?: string;
  actual?: string;
}

/** What one Pact replay produced: its verdict per interaction, and its full console output. */
export interface ReplayOutcome {
  interactions: { description: string; ok: boolean; durationMs: number; mismatches: PactMismatch[] }[];
  /** Pact's own output (ANSI colours removed), kept for the reports and for --verbose. */
  output: string;
  /** Set when Pact could not run at all (bad pact, crash): the reason. */
  crashed?: string;
  /** Pact's own overall verdict: true with failed interactions means those were pending pacts. */
  passed?: boolean;
}

// The worker runs from dist/ (Node cannot fork a .ts file); npm ci and npm test build it.
const WORKER = path.join(PROJECT_ROOT, 'dist', 'verify', 'pact-replay-worker.js');

/** A Pact process, started and loading, waiting for what to replay. */
export interface PactReplay {
  replay(request: Omit<ReplayRequest, 'provider'>, deadlineMs: number): Promise<ReplayOutcome>;
  /** Ends the process (a no-op once it has finished). */
  cancel(): void;
}

/**
 * Starts the Pact process now, so that it loads Pact (most of its cost) while
 * this process starts the target and reads the interaction; `replay` then
 * replays the pacts through the gateway with Pact's Verifier.
 */
export function startPactReplay(extraEnv: Record<string, string> = {}): PactReplay {
  if (!fs.existsSync(WORKER)) {
    throw new InputError(
      `The Pact replay worker ${path.relative(process.cwd(), WORKER)} is missing.`,
      'Build the suite first: npm run build (npm ci does it too).',
    );
  }
  // The child gets no provider credentials: it never needs them, so it can never print them.
  // Broker credentials reach it only when it fetches pacts from a broker (extraEnv); its output is redacted.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^PROFICIENT_|^PACT_BROKER_/.test(name)),
  );
  const child = fork(WORKER, [], {
    env: { ...env, ...extraEnv, PACT_DO_NOT_TRACK: 'true' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  let reply: ReplayReply | undefined;
  child.once('message', (message: ReplayReply) => (reply = message));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  return {
    cancel: () => child.kill('SIGKILL'),
    replay: async (request, deadlineMs) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
      child.send({ ...request, provider: PROVIDER_NAME } satisfies ReplayRequest);
      const { code, signal: killedBy } = await exited;
      clearTimeout(timer);
      const clean = stripAnsi(output);
      if (!reply) {
        const why =
          killedBy === 'SIGKILL'
            ? `did not finish within ${deadlineMs} ms`
            : `exited (${killedBy ?? `code ${code}`}) without a result`;
        return { interactions: [], output: clean, crashed: `Pact's verifier ${why}` };
      }
      if (!reply.results) return { interactions: [], output: clean, crashed: reply.ok ? 'no results' : reply.error };
      return { ...parseResults(reply.results), output: clean, passed: reply.ok };
    },
  };
}

interface PactJsonMismatch {
  mismatch?: string;
  path?: string;
  expected?: unknown;
  actual?: unknown;
  type?: string;
}

interface PactJsonResults {
  interactionResults?: { description: string; duration?: string; result: string }[];
  // "interaction" reads "Verifying a pact between C and P Given <state> - <description>".
  errors?: { interaction: string; mismatch: { type: string; message?: string; mismatches?: PactJsonMismatch[] } }[];
}

/** Turns Pact's JSON results (pactffi_verifier_json) into one verdict per interaction. */
export function parseResults(json: string): Omit<ReplayOutcome, 'output'> {
  const results = JSON.parse(json) as PactJsonResults;
  const belongsTo = (error: { interaction: string }, description: string) =>
    error.interaction === description || error.interaction.endsWith(` - ${description}`);
  const mismatchesOf = (description: string): PactMismatch[] =>
    (results.errors ?? [])
      .filter((e) => belongsTo(e, description))
      .flatMap((e) =>
        e.mismatch.mismatches?.length
          ? e.mismatch.mismatches.map(toMismatch)
          : [{ message: stripAnsi(e.mismatch.message ?? e.mismatch.type) }],
      );
  const interactions = (results.interactionResults ?? []).map((r) => ({
    description: r.description,
    ok: r.result === 'OK',
    durationMs: Number.parseInt(r.duration ?? '0', 10) || 0,
    mismatches: r.result === 'OK' ? [] : mismatchesOf(r.description),
  }));
  // Errors that belong to no interaction (a pact that would not load, a broker that would not answer) mean Pact could not run.
  const orphans = (results.errors ?? []).filter((e) => !interactions.some((i) => belongsTo(e, i.description)));
  if (orphans.length > 0)
    return {
      interactions,
      crashed: orphans.map((e) => stripAnsi(`${e.interaction}: ${e.mismatch.message ?? e.mismatch.type}`)).join('; '),
    };
  if (interactions.length === 0)
    return { interactions, crashed: 'Pact replayed no interactions (no pacts were found)' };
  return { interactions };
}

function toMismatch(m: PactJsonMismatch): PactMismatch {
  const text = (value: unknown) =>
    value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
  return {
    message: m.mismatch ?? m.type ?? 'mismatch',
    path: m.path,
    expected: text(m.expected),
    actual: text(m.actual),
  };
}
