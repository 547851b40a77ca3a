import { spawn } from 'node:child_process';
import { ExitCode } from '../errors';
import { stripAnsi, type Redactor } from '../verify/redact';

/** The native `pact` binary that @pact-foundation/pact-cli installs (broker, stub, verifier in one). */
export function pactBinary(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { standalone } = require('@pact-foundation/pact-cli/src/pact-standalone') as {
    standalone(): { pactFullPath: string };
  };
  return standalone().pactFullPath;
}

export interface PactCliRun {
  status: number;
  output: string;
}

/** Runs the pact binary; its output is redacted line by line before anyone sees it. */
export function runPactCli(
  args: string[],
  env: Record<string, string>,
  redact: Redactor,
  onLine: (line: string) => void,
): Promise<PactCliRun> {
  return new Promise((resolve) => {
    const child = spawn(pactBinary(), args, {
      env: { PATH: process.env.PATH, PACT_DO_NOT_TRACK: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let pending = '';
    const take = (chunk: Buffer) => {
      const text = redact(stripAnsi(chunk.toString('utf8')));
      output += text;
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (error) => resolve({ status: 127, output: `could not run ${pactBinary()}: ${error.message}` }));
    child.on('close', (code) => {
      if (pending) onLine(pending);
      resolve({ status: code ?? 1, output });
    });
  });
}

/** Pact's tools exit 1 for everything; their words tell an unreachable broker (3) from a refusal. */
export function brokerUnreachable(output: string): boolean {
  return /error sending request|connection refused|tcp connect error|dns error|failed to lookup address|timed out|operation timed out|no route to host/i.test(
    output,
  );
}

/** The exit code for a broker command: 0 done, 3 broker unreachable, else `refused` (what a "no" means for that command). */
export function exitCodeFor(run: PactCliRun, refused: number): number {
  if (run.status === 0) return ExitCode.Ok;
  return brokerUnreachable(run.output) ? ExitCode.ProviderUnavailable : refused;
}
