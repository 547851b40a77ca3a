import path from 'node:path';
import { Command } from 'commander';
import { parseWholeNumber } from '../config';
import { ExitCode } from '../errors';
import type { CliIo } from './io';
import { pactsOption } from './options';

/** `stub`: a static mock server made from the pacts, by Pact's own stub server. */
export function stubCommand(io: CliIo, done: (code: number) => void): Command {
  return new Command('stub')
    .description(
      "Serve the pacts as a static mock server (Pact's stub server). " +
        "Hold it to the contract with: verify --mock 'cmd:npm run --silent stub -- --port {port}' --checks pact,schema",
    )
    .addOption(pactsOption())
    .option('--port <n>', 'port to listen on (0 picks a free one)', '8081')
    .option('--host <host>', 'address to listen on (0.0.0.0 for every interface)', '127.0.0.1')
    .action(async (flags: { pacts: string; port: string; host: string }) => {
      const port = parseWholeNumber(flags.port, '--port', 0, 65_535);
      const { pactFilesAt, readPactFile } = await import('../contract/pact-file');
      const { startPactStub } = await import('../stub/pact-stub');
      const files = pactFilesAt(path.resolve(flags.pacts));
      files.forEach(readPactFile); // a malformed pact is a usage error (exit 2), said before the server starts
      const stub = await startPactStub(files, port, flags.host);
      io.out(
        `Pact stub server on ${stub.url}, serving ${files.map((f) => path.relative(process.cwd(), f)).join(', ')}`,
      );
      io.out(
        '  prove it honest in one command: npm run --silent verify -- ' +
          "--mock 'cmd:npm run --silent stub -- --port {port}' --checks pact,schema",
      );
      io.out('  Ctrl-C to stop');
      let stopping = false;
      const stop = () => {
        stopping = true;
        void stub.close().then(() => done(ExitCode.Ok));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      // Ending by itself is a failure; ending because it was stopped (its guardian says 143) is not.
      stub.process.once('exit', (code) => {
        if (!stopping) done(code === 0 || code === null ? ExitCode.Ok : ExitCode.ProviderUnavailable);
      });
    });
}
