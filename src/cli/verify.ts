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
import { requestBudget } from '../verify/transport/budget';
import type { PactLogLevel } from '../verify/run-verify';
import { InputError } from '../errors';
import { BROKER_ENV, brokerConnection, DEFAULT_SELECTORS, parseSelectors } from '../broker/settings';
import { githubRunUrl } from '../broker/commands';
import type { CliIo } from './io';

/** The broker half of verify's flags: all or nothing, and every mistake named before anything starts. */
function brokerSettings(flags: VerifyFlags, env: NodeJS.ProcessEnv) {
  const brokerOnly = (
    ['brokerUrl', 'enablePending', 'includeWipPactsSince', 'publishVerificationResults'] as const
  ).filter((f) => flags[f] !== undefined);
  if (!flags.pactsFromBroker) {
    if (brokerOnly.length > 0) {
      const named = brokerOnly.map((f) => `--${f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ');
      throw new InputError(`${named}: used only with --pacts-from-broker.`);
    }
    return undefined;
  }
  const connection = brokerConnection(flags.brokerUrl, env);
  if (flags.includeWipPactsSince && !/^\d{4}-\d{2}-\d{2}$/.test(flags.includeWipPactsSince)) {
    throw new InputError(
      `--include-wip-pacts-since takes a date as YYYY-MM-DD (got ${JSON.stringify(flags.includeWipPactsSince)}).`,
    );
  }
  const providerVersion = flags.providerVersion ?? env[BROKER_ENV.providerVersion];
  if (flags.publishVerificationResults && !providerVersion) {
    throw new InputError(
      `--publish-verification-results needs the provider's version: pass --provider-version or set ${BROKER_ENV.providerVersion}.`,
      "Use the version of the deployment being verified (for staging, its commit or release), not this repository's.",
    );
  }
  return {
    connection,
    verification: {
      brokerUrl: connection.baseUrl,
      consumerVersionSelectors: parseSelectors(flags.consumerVersionSelectors!),
      enablePending: Boolean(flags.enablePending),
      includeWipPactsSince: flags.includeWipPactsSince,
      publish: flags.publishVerificationResults
        ? {
            providerVersion: providerVersion!,
            providerBranch: flags.providerBranch ?? env[BROKER_ENV.providerBranch],
            buildUrl: githubRunUrl(env),
          }
        : undefined,
    },
  };
}

const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'trace'] as const;

interface VerifyFlags {
  pactsFromBroker?: boolean;
  brokerUrl?: string;
  consumerVersionSelectors?: string;
  enablePending?: boolean;
  includeWipPactsSince?: string;
  publishVerificationResults?: boolean;
  providerVersion?: string;
  providerBranch?: string;
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
    .description(
      'Verify the pacts and the schema checks against a provider. Without --base-url, the embedded reference provider.',
    )
    .option('--base-url <url>', `the provider to verify (env ${ENV.baseUrl})`)
    .option('--interaction-id <id>', `an interaction that exists on the target (env ${ENV.interactionId})`)
    .option('--pacts <path>', 'a pact file, or a folder of them', path.relative(process.cwd(), PACTS_DIR) || PACTS_DIR)
    .option('--checks <list>', `groups of checks to run: ${CHECK_GROUPS.join(',')}`, CHECK_GROUPS.join(','))
    .option('--report-dir <dir>', 'where to write junit.xml, verify-report.json, summary.md', DEFAULT_REPORT_DIR)
    .option('--timeout-ms <n>', 'how long one request may take', String(DEFAULT_TIMEOUT_MS))
    .option(
      '--samples <n>',
      'random names for the round-trip check (after the fixed edge cases)',
      String(DEFAULT_SAMPLES),
    )
    .option(
      '--pacts-from-broker',
      `fetch the pacts from a Pact Broker (env ${BROKER_ENV.baseUrl}, ${BROKER_ENV.token}) instead of --pacts`,
    )
    .option('--broker-url <url>', `the broker (env ${BROKER_ENV.baseUrl})`)
    .option('--consumer-version-selectors <json>', 'which pacts to fetch', JSON.stringify(DEFAULT_SELECTORS))
    .option('--enable-pending', 'pending pacts (not yet verified once) report failures without failing the build')
    .option(
      '--include-wip-pacts-since <date>',
      'also verify work-in-progress pacts published since this date (YYYY-MM-DD)',
    )
    .option('--publish-verification-results', 'send the results to the broker (needs --provider-version)')
    .option(
      '--provider-version <version>',
      `the version of the provider being verified (env ${BROKER_ENV.providerVersion})`,
    )
    .option('--provider-branch <branch>', `its branch (env ${BROKER_ENV.providerBranch})`)
    .addOption(
      new Option('--log-level <level>', "Pact's log level; debug and trace also print Pact's output")
        .choices(LOG_LEVELS)
        .env('PACT_LOG_LEVEL')
        .default('warn'),
    )
    .action(async (flags: VerifyFlags) => {
      const baseUrlValue = flags.baseUrl ?? io.env[ENV.baseUrl];
      const options = {
        baseUrl: baseUrlValue ? parseBaseUrl(baseUrlValue, flags.baseUrl ? '--base-url' : ENV.baseUrl) : undefined,
        interactionId: flags.interactionId ?? (io.env[ENV.interactionId] || undefined),
        pacts: path.resolve(flags.pacts!),
        checks: parseCheckGroups(flags.checks!),
        reportDir: path.resolve(flags.reportDir!),
        budget: requestBudget(parseWholeNumber(flags.timeoutMs!, '--timeout-ms', 1, 300_000)),
        samples: parseWholeNumber(flags.samples!, '--samples', 0, 1_000),
        credentials: credentialsFromEnv(io.env),
        logLevel: flags.logLevel as PactLogLevel,
        broker: brokerSettings(flags, io.env),
      };
      // Loading Pact is most of a run's time: start its process first, then load the rest alongside it.
      const pactReplay = options.checks.includes('pact') ? startPactReplay(options.broker?.connection.env) : undefined;
      try {
        const { runVerify } = await import('../verify/run-verify');
        done(await runVerify(options, io, io.env, pactReplay));
      } finally {
        pactReplay?.cancel();
      }
    });
}
