import { Command } from 'commander';
import { ENV, parseBaseUrl, parseWholeNumber } from '../config';
import { credentialsFromEnv } from '../contract/credentials';
import { InputError } from '../errors';
import { DEFAULT_ATTEMPT_MS, requestBudget } from '../verify/transport/budget';
import { DEFAULT_MAX_BODY_BYTES } from '../verify/transport/bounded-body';
import type { CliIo } from './io';
import { writableStateDir } from './options';

interface RestoreFlags {
  baseUrl?: string;
  interactionId?: string;
  name?: string;
  stateDir?: string;
  timeoutMs: string;
}

/** `restore`: puts back what an interrupted or killed verify left changed on the target, and nothing else. */
export function restoreCommand(io: CliIo, done: (code: number) => void): Command {
  return new Command('restore')
    .description("Put back the name an interrupted or killed verify left changed, from the run's journal (or --name).")
    .option('--base-url <url>', `the target, as verify was given it (env ${ENV.baseUrl})`)
    .option('--interaction-id <id>', `the interaction verify changed (env ${ENV.interactionId})`)
    .option('--name <name>', "the real name to put back, where there is no journal (another machine's run)")
    .option('--state-dir <dir>', `where verify keeps its journals (env ${ENV.stateDir})`)
    .option('--timeout-ms <n>', 'how long one attempt of one request may take', String(DEFAULT_ATTEMPT_MS))
    .action(async (flags: RestoreFlags) => {
      const baseUrl = flags.baseUrl ?? io.env[ENV.baseUrl];
      const interactionId = flags.interactionId ?? (io.env[ENV.interactionId] || undefined);
      if (!baseUrl || !interactionId) {
        const missing = [!baseUrl && '--base-url', !interactionId && '--interaction-id'].filter(Boolean);
        throw new InputError(
          `restore needs the target and the interaction (missing: ${missing.join(', ')}).`,
          `Pass the same --base-url and --interaction-id (or ${ENV.baseUrl}, ${ENV.interactionId}) as verify had.`,
        );
      }
      const { runRestore } = await import('../verify/run-restore');
      const code = await runRestore(
        {
          baseUrl: parseBaseUrl(baseUrl, flags.baseUrl ? '--base-url' : ENV.baseUrl),
          interactionId,
          name: flags.name,
          stateDir: writableStateDir(flags.stateDir, io.env),
          credentials: credentialsFromEnv(io.env),
          budget: requestBudget(parseWholeNumber(flags.timeoutMs, '--timeout-ms', 1, 300_000)),
          maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
        },
        io.out,
      );
      done(code);
    });
}
