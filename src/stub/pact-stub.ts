import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { closeServer, listenOn } from '../shared/listen';
import { guardedPact } from '../shared/pact-binary';
import { InputError, ProviderUnavailableError } from '../errors';
import { stripAnsi } from '../shared/redact';

export interface PactStub {
  url: string;
  port: number;
  process: ChildProcess;
  close(): Promise<void>;
}

/**
 * Starts Pact's stub server (from @pact-foundation/pact-cli) on pact files:
 * a static mock that answers each pact request with its example response,
 * reached on `host` and `port` (127.0.0.1 and a free port by default).
 * Resolves once it answers there.
 */
export async function startPactStub(pactFiles: string[], port = 0, host = '127.0.0.1'): Promise<PactStub> {
  const inner = await startStubProcess(pactFiles);
  // Pact's stub server has no bind option (it listens on every interface): the address people use is
  // a relay on the host asked for; the stub's own port is an ephemeral one.
  const relay = http.createServer((request, response) => {
    const upstream = http.request(
      { host: '127.0.0.1', port: inner.port, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', (error) => {
      if (!response.headersSent) response.writeHead(502, { 'Content-Type': 'text/plain' });
      response.end(`Pact's stub server gave no answer: ${error.message}`);
    });
    request.pipe(upstream);
  });
  let taken: number;
  try {
    taken = await listenOn(relay, port, host);
  } catch (error) {
    await inner.close();
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputError(`stub cannot listen on ${host}:${port} (${code}).`, 'Pass another --port or --host.');
  }
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${taken}`,
    port: taken,
    process: inner.process,
    close: async () => {
      await closeServer(relay);
      await inner.close();
    },
  };
}

function startStubProcess(pactFiles: string[]): Promise<PactStub> {
  const args = ['stub', ...pactFiles.flatMap((file) => ['--file', file]), '--port', '0'];
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
