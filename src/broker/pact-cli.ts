import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { ExitCode } from '../errors';
import { safeLine } from '../shared/safe-text';
import { guardedPact, pactBinary } from '../shared/pact-binary';
import { stripAnsi, type Redactor } from '../shared/redact';

export interface PactCliRun {
  status: number;
  output: string;
}

/**
 * Runs the pact binary. Its output is cut into whole lines, and each is then
 * redacted and escaped (it quotes the broker and the server) before anyone sees it.
 */
export function runPactCli(
  args: string[],
  env: Record<string, string>,
  redact: Redactor,
  onLine: (line: string) => void,
): Promise<PactCliRun> {
  return new Promise((resolve) => {
    const [command, guardedArgs] = guardedPact(args);
    const child = spawn(command, guardedArgs, {
      env: { PATH: process.env.PATH, PACT_DO_NOT_TRACK: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // A stop signal is passed on to the child (it holds the broker token and may be mid-request), and
    // this process waits for it to end instead of ending first and leaving it talking to the broker.
    const passOn = (signal: NodeJS.Signals) => child.kill(signal);
    for (const signal of STOP_SIGNALS) process.on(signal, passOn);
    let output = '';
    const take = (line: string) => {
      output += `${line}\n`;
      onLine(line);
    };
    // One per stream: a line of stdout and a line of stderr never run into each other.
    const streams = [new RedactingLines(redact, take), new RedactingLines(redact, take)];
    child.stdout.on('data', (chunk: Buffer) => streams[0].push(chunk));
    child.stderr.on('data', (chunk: Buffer) => streams[1].push(chunk));
    child.on('error', (error) => resolve({ status: 127, output: `could not run ${pactBinary()}: ${error.message}` }));
    child.on('close', (code) => {
      for (const signal of STOP_SIGNALS) process.removeListener(signal, passOn);
      for (const stream of streams) stream.end();
      resolve({ status: code ?? 1, output });
    });
  });
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

// A line longer than this without an end is passed on in pieces (memory stays bounded)...
const MAX_PENDING = 64 * 1024;
// ...holding back a tail longer than any secret, so one split at a piece's end is still caught whole.
const SECRET_TAIL = 4 * 1024;

/**
 * One output stream, cut into whole lines before they are cleaned: a chunk
 * may end in the middle of a secret (or of a UTF-8 character, or a colour
 * code), so redacting chunk by chunk would let a split secret through.
 */
export class RedactingLines {
  private pending = '';
  private readonly decoder = new StringDecoder('utf8');

  constructor(
    private readonly redact: Redactor,
    private readonly onLine: (line: string) => void,
  ) {}

  push(chunk: Buffer): void {
    const lines = (this.pending + this.decoder.write(chunk)).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.emit(line);
    if (this.pending.length > MAX_PENDING) {
      // Every secret complete in what is held is redacted now; one cut off at the end lies in the tail.
      const held = this.redact(stripAnsi(this.pending));
      this.onLine(safeLine(held.slice(0, -SECRET_TAIL)));
      this.pending = held.slice(-SECRET_TAIL);
    }
  }

  /** The stream ended: the last line, even without a line break. */
  end(): void {
    const last = this.pending + this.decoder.end();
    this.pending = '';
    if (last) this.emit(last);
  }

  private emit(line: string): void {
    this.onLine(safeLine(this.redact(stripAnsi(line.replace(/\r$/, '')))));
  }
}

/** Pact's tools exit 1 for everything; their words tell an unreachable broker (3) from a refusal. */
export function brokerUnreachable(output: string): boolean {
  const unreachable = [
    'error sending request',
    'connection refused',
    'tcp connect error',
    'dns error',
    'failed to lookup address',
    'timed out',
    'no route to host',
  ];
  const lower = output.toLowerCase();
  return unreachable.some((words) => lower.includes(words));
}

/** The exit code for a broker command: 0 done, 3 broker unreachable, else `refused` (what "no" means there). */
export function exitCodeFor(run: PactCliRun, refused: number): number {
  if (run.status === 0) return ExitCode.Ok;
  return brokerUnreachable(run.output) ? ExitCode.ProviderUnavailable : refused;
}
