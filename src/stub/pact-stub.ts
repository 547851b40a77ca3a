import { spawn, type ChildProcess } from 'node:child_process';
import { guardedPact } from '../shared/pact-binary';
import { ProviderUnavailableError } from '../errors';
import { stripAnsi } from '../shared/redact';

export interface PactStub {
  url: string;
  port: number;
  process: ChildProcess;
  close(): Promise<void>;
}

/**
 * Starts Pact's stub server (from @pact-foundation/pact-cli) on pact files:
 * a static mock that answers each pact request with its example response.
 * Resolves once the server says which port it took.
 */
export function startPactStub(pactFiles: string[], port = 0): Promise<PactStub> {
  const args = ['stub', ...pactFiles.flatMap((file) => ['--file', file]), '--port', String(port)];
  // Under a guardian: the stub server ends with this process, also when this one is killed outright.
  const [command, guardedArgs] = guardedPact(args);
  const child = spawn(command, guardedArgs, {
    env: { PATH: process.env.PATH, PACT_DO_NOT_TRACK: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new ProviderUnavailableError(`Pact's stub server did not start within 15 s:\n${output}`));
    }, 15_000);
    const take = (chunk: Buffer) => {
      const text = stripAnsi(chunk.toString('utf8'));
      output += text;
      const started = /Server started on port (\d+)/.exec(output);
      if (started) {
        clearTimeout(timer);
        const taken = Number(started[1]);
        resolve({
          url: `http://127.0.0.1:${taken}`,
          port: taken,
          process: child,
          close: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new ProviderUnavailableError(`Pact's stub server exited (code ${code}) before it started:\n${output.trim()}`),
      );
    });
  });
}
