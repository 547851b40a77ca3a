import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { InputError, ProviderUnavailableError } from '../errors';
import { stripAnsi } from '../shared/redact';
import { safeText } from '../shared/safe-text';
import type { Program } from './resolve-tool';

/** How a mock is started: the program, its arguments, and how people call it in messages. */
export interface MockLaunch extends Program {
  label: string;
  env?: NodeJS.ProcessEnv;
  /** Run through `sh -c` (cmd:): the command line is the user's own. */
  shell?: boolean;
  /** Sees all the mock's output as it comes (the kept part is bounded; this is not). */
  onOutput?: (text: string) => void;
}

/** A mock the suite started and owns: where it answers, and how to stop it. */
export interface RunningMock {
  url: URL;
  /** The mock's last lines of output (for messages about it). */
  lastOutput(): string;
  /** Why the mock ended by itself (before stop() was called), if it did. */
  endedEarly(): string | undefined;
  /** Stops the mock's whole process group: SIGTERM, then SIGKILL if it lingers. Safe to call twice. */
  stop(): Promise<void>;
}

// Enough of the mock's output to show why it failed, and never more in memory.
const KEPT_OUTPUT_CHARS = 4_000;
const SHOWN_OUTPUT_LINES = 20;
const STOP_GRACE_MS = 3_000;
const POLL_MS = 100;
/** Marks the readiness probe, so that a mock listing the requests it could not answer can leave it out. */
export const PROBE_HEADER = 'x-contract-suite-probe';

/** A free port on 127.0.0.1 for the mock (taken and released at once; the mock binds it next). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a mock in its own process group (so that stopping it stops what it
 * started too, a JVM behind a Node wrapper say) and waits until it answers
 * HTTP on the port, at most `readyMs`. A mock that exits first is an
 * InputError (its configuration or command is wrong); one that never answers
 * is ProviderUnavailableError. Both show the mock's last output. Once
 * `interrupted` aborts it stops waiting and resolves (not yet answering).
 */
export async function startMockProcess(
  launch: MockLaunch,
  port: number,
  readyMs: number,
  interrupted?: AbortSignal,
): Promise<RunningMock> {
  const child = launch.shell
    ? spawn('sh', ['-c', launch.command], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: launch.env })
    : spawn(launch.command, launch.args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: launch.env });
  let output = '';
  const keep = () => {
    const decoder = new StringDecoder('utf8');
    return (chunk: Buffer) => {
      const text = decoder.write(chunk);
      output = (output + text).slice(-KEPT_OUTPUT_CHARS);
      if (launch.onOutput) launch.onOutput(text);
    };
  };
  child.stdout!.on('data', keep());
  child.stderr!.on('data', keep());
  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(`could not be started (${error.message})`));
    child.once('exit', (code, signal) => resolve(signal ? `was stopped (${signal})` : `exited (code ${code})`));
  });
  // The last resort: whatever ends this process (an uncaught error, a second signal) ends the mock too.
  const killOnExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);
  const lastOutput = () => lastLines(output);
  let stopping = false;
  let died: string | undefined;
  void exited.then((why) => (died = why));
  const endedEarly = () => (stopping ? undefined : died);
  const stop = async () => {
    stopping = true;
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
    // The leader exited; anything it started that ignored SIGTERM goes now.
    killGroup(child, 'SIGKILL');
  };

  const url = new URL(`http://127.0.0.1:${port}`);
  const deadline = Date.now() + readyMs;
  while (!died && Date.now() < deadline) {
    // Interrupted while the mock starts: the caller stops it and exits as the signal asks.
    if (interrupted?.aborted || (await answers(url))) return { url, lastOutput, endedEarly, stop };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const ended = died;
  await stop();
  const shown = lastOutput() || '  (it printed nothing)';
  if (ended) {
    throw new InputError(
      `The mock (${launch.label}) ${ended} before it answered on ${url.origin}. Its last output:\n${shown}`,
      'Fix what the output names (the mock file, its configuration or the command), then run again.',
    );
  }
  throw new ProviderUnavailableError(
    `The mock (${launch.label}) did not answer on ${url.origin} within ${readyMs} ms. Its last output:\n${shown}`,
  );
}

/** Any HTTP answer at all means the mock is listening (a 404 at / is an answer). */
function answers(url: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: 1_000, headers: { [PROBE_HEADER]: '1' } }, (response) => {
      response.resume();
      resolve(true);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** The end of the output, escaped: the mock's text is data, never terminal commands. */
function lastLines(output: string): string {
  if (output.trim() === '') return '';
  const lines = stripAnsi(output).trimEnd().split('\n').slice(-SHOWN_OUTPUT_LINES);
  return safeText(lines.map((line) => `  | ${line}`).join('\n'));
}
