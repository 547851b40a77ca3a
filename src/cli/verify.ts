import path from 'node:path';
import { Command, Option } from 'commander';
import {
  CHECK_GROUPS,
  credentialsFromEnv,
  DEFAULT_REPORT_DIR,
  DEFAULT_SAMPLES,
  DEFAULT_TIMEOUT_MS,
  ENV,
  parseBaseUrl,
  parseCheckGroups,
  parseWholeNumber,
} from '../config';
import { PACTS_DIR } from '../pacticipants';
import { startPactReplay } from '../verify/pact-replay';
import type { PactLogLevel } from '../verify/run-verify';
import type { CliIo } from './io';

const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'trace'] as const;

interface VerifyFlags {
  baseUrl?: string;
  interactionId?: string;
  pacts?: string;
  checks?: string;
  reportDir?: string;
  timeoutMs?: string;
  samples?: string;
  logLevel?: string;
}

/** `verify`: the pacts and the live checks against a provider (the embedded reference provider by default). */
export function verifyCommand(io: CliIo, done: (code: number) => void): Command {
  return new Command('verify')
    .description('Verify the pacts and the schema checks against a provider. Without --base-url, the embedded reference provider.')
    .option('--base-url <url>', `the provider to verify (env ${ENV.baseUrl})`)
    .option('--interaction-id <id>', `an interaction that exists on the target (env ${ENV.interactionId})`)
    .option('--pacts <path>', 'a pact file, or a folder of them', path.relative(process.cwd(), PACTS_DIR) || PACTS_DIR)
    .option('--checks <list>', `groups of checks to run: ${CHECK_GROUPS.join(',')}`, CHECK_GROUPS.join(','))
    .option('--report-dir <dir>', 'where to write junit.xml, verify-report.json, summary.md', DEFAULT_REPORT_DIR)
    .option('--timeout-ms <n>', 'how long one request may take', String(DEFAULT_TIMEOUT_MS))
    .option('--samples <n>', 'random names for the round-trip check (after the fixed edge cases)', String(DEFAULT_SAMPLES))
    .addOption(new Option('--log-level <level>', "Pact's log level; debug and trace also print Pact's output").choices(LOG_LEVELS).env('PACT_LOG_LEVEL').default('warn'))
    .action(async (flags: VerifyFlags) => {
      const baseUrlValue = flags.baseUrl ?? io.env[ENV.baseUrl];
      const options = {
        baseUrl: baseUrlValue ? parseBaseUrl(baseUrlValue, flags.baseUrl ? '--base-url' : ENV.baseUrl) : undefined,
        interactionId: flags.interactionId ?? (io.env[ENV.interactionId] || undefined),
        pacts: path.resolve(flags.pacts!),
        checks: parseCheckGroups(flags.checks!),
        reportDir: path.resolve(flags.reportDir!),
        timeoutMs: parseWholeNumber(flags.timeoutMs!, '--timeout-ms', 1, 300_000),
        samples: parseWholeNumber(flags.samples!, '--samples', 0, 1_000),
        credentials: credentialsFromEnv(io.env),
        logLevel: flags.logLevel as PactLogLevel,
      };
      // Loading Pact is most of a run's time: start its process first, then load the rest alongside it.
      const pactReplay = options.checks.includes('pact') ? startPactReplay() : undefined;
      try {
        const { runVerify } = await import('../verify/run-verify');
        done(await runVerify(options, io, io.env, pactReplay));
      } finally {
        pactReplay?.cancel();
      }
    });
}
