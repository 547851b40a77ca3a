import { Command } from 'commander';
import { parseWholeNumber } from '../config';
import { ExitCode, InputError } from '../errors';
import type { CliIo } from './io';
import { CREDENTIALS } from '../contract/credentials';

const { apiKey, userExternalId, secretKey } = CREDENTIALS;

/** `serve`: runs the reference provider until SIGINT or SIGTERM. */
export function serveCommand(io: CliIo, done: (code: number) => void): Command {
  return new Command('serve')
    .description('Run the reference provider: a mock server that honours the contract.')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (flags: { port: string; host: string }) => {
      const port = parseWholeNumber(flags.port, '--port', 0, 65_535);
      const { startReferenceProvider } = await import('../provider/server');
      const { seededInteractionId } = await import('../provider/store');
      const provider = await startReferenceProvider({
        port,
        host: flags.host,
        onContractViolation: (what) =>
          io.err(`reference provider: a response broke its own contract, sent 500 instead: ${what}`),
      }).catch((error: NodeJS.ErrnoException) => {
        const reason =
          error.code === 'EADDRINUSE'
            ? 'is already in use'
            : error.code === 'EACCES'
              ? 'needs privileges this user lacks'
              : error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND'
                ? 'is not an address of this machine'
                : `cannot be used (${error.code ?? error.message})`;
        throw new InputError(
          `port ${port} on ${flags.host} ${reason}.`,
          'Pick another with --port (0 takes a free one) or --host.',
        );
      });
      io.out(`Reference provider listening on ${provider.url}`);
      io.out(`  seeded interaction: ${seededInteractionId()}`);
      io.out(
        `  credentials: any ${apiKey.header} starting ${apiKey.prefix} with an ${userExternalId.header}, ` +
          `or ${secretKey.header}: ${secretKey.scheme} ${secretKey.prefix}...`,
      );
      io.out('  Ctrl-C to stop');
      const stop = () => void provider.close().then(() => done(ExitCode.Ok));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
