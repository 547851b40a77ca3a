import path from 'node:path';
import { Command, Option } from 'commander';
import { githubRunUrl } from '../broker/commands';
import { BROKER_ENV, brokerConnection, DEFAULT_SELECTORS, parseSelectors } from '../broker/settings';
import {
  DEFAULT_REPORT_DIR,
  DEFAULT_SAMPLES,
  ENV,
  LOG_LEVELS,
  parseBaseUrl,
  parseWholeNumber,
  type LogLevel,
} from '../config';
import { credentialsFromEnv } from '../contract/credentials';
import { InputError } from '../errors';
import { MOCK_PROFILES } from '../mock/spec';
import { planMock, PRODUCTION_ORIGIN, withMock, type MockFlags } from '../mock/with-mock';
import { startPactReplay, type PactReplay } from '../verify/pact/replay';
import { DEFAULT_ATTEMPT_MS, DEFAULT_MAX_RETRY_WAIT_MS, requestBudget } from '../verify/transport/budget';
import { DEFAULT_MAX_BODY_BYTES } from '../verify/transport/bounded-body';
import type { CliIo } from './io';
import { pactsOption, writableFolder, writableStateDir } from './options';
import { stateDirFrom } from '../verify/staging/journal';

const MIB = 1024 * 1024;
// A body of this endpoint is a few hundred bytes; a run holds about four bodies' worth at once at most.
const MAX_BODY_MIB = 64;
// Ctrl-C, a CI runner's stop, a closed terminal or ssh session.
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const STATE_DIR_DEFAULT = '$XDG_STATE_HOME/proficient-contract, else ~/.local/state/proficient-contract';

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
      "--publish-verification-results needs the provider's version: " +
        `pass --provider-version or set ${BROKER_ENV.providerVersion}.`,
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

interface VerifyFlags extends MockFlags {
  pactsFromBroker?: boolean;
  brokerUrl?: string;
  consumerVersionSelectors?: string;
  enablePending?: boolean;
  includeWipPactsSince?: string;
  publishVerificationResults?: boolean;
  providerVersion?: string;
  providerBranch?: string;
  interactionId?: string;
  pacts: string;
  checks?: string;
  reportDir: string;
  timeoutMs: string;
  maxRetryWaitMs: string;
  maxBodyMib: string;
  samples: string;
  logLevel: LogLevel;
  stateDir?: string;
  currentName?: string;
}

// The registry loads every check (and the libraries they use): only when a run or --help needs it.
const registry = () => require('../verify/checks/registry') as typeof import('../verify/checks/registry');

/** `verify`: the pacts and the live checks against a provider (the embedded reference provider by default). */
export function verifyCommand(io: CliIo, done: (code: number) => void): Command {
  return new Command('verify')
    .description(
      'Verify the pacts and the schema checks against a provider. Without --base-url, the embedded reference provider.',
    )
    .option('--base-url <url>', `the provider to verify (env ${ENV.baseUrl})`)
    .option('--interaction-id <id>', `an interaction that exists on the target (env ${ENV.interactionId})`)
    .addOption(pactsOption())
    .option('--checks <list>', 'groups (listed below) or check ids to run, comma-separated (default: all)')
    .option('--report-dir <dir>', 'where to write junit.xml, verify-report.json, summary.md', DEFAULT_REPORT_DIR)
    .option('--timeout-ms <n>', 'how long one attempt of one request may take', String(DEFAULT_ATTEMPT_MS))
    .option(
      '--state-dir <dir>',
      `where the run's journal and lock live (env ${ENV.stateDir}; default ${STATE_DIR_DEFAULT})`,
    )
    .option(
      '--current-name <name>',
      "the interaction's real name, for a target without GET: recorded before any change, put back at the end",
    )
    .option(
      '--max-retry-wait-ms <n>',
      'the longest wait the target may ask for (429 or 503 with Retry-After) before a retry',
      String(DEFAULT_MAX_RETRY_WAIT_MS),
    )
    .option(
      '--max-body-mib <n>',
      'the largest response body read from the target, in MiB; past it the attempt is abandoned',
      String(DEFAULT_MAX_BODY_BYTES / MIB),
    )
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
    .option(
      '--mock <kind:target>',
      'start this mock, verify it, stop it: ' +
        "msw:FILE, prism:DOCUMENT, wiremock:DIR, mockoon:ENV.json, cmd:'COMMAND {port}'",
    )
    .addOption(
      new Option(
        '--mock-profile <profile>',
        'what the mock promises: static (shape only) or stateful (everything); default per kind',
      ).choices(MOCK_PROFILES),
    )
    .option('--mock-origin <url>', `msw: the origin the handlers are written for (default ${PRODUCTION_ORIGIN})`)
    .addOption(
      new Option('--log-level <level>', "Pact's log level; debug and trace also print Pact's output")
        .choices(LOG_LEVELS)
        .env('PACT_LOG_LEVEL')
        .default('warn'),
    )
    .addHelpText('after', () => `\nCheck groups (--checks), in run order:\n${registry().describeCheckGroups()}`)
    .action(async (flags: VerifyFlags) => {
      const mock = planMock(flags);
      const baseUrl = mock ? undefined : (flags.baseUrl ?? io.env[ENV.baseUrl]);
      const timeoutMs = parseWholeNumber(flags.timeoutMs, '--timeout-ms', 1, 300_000);
      const settings = {
        baseUrl: baseUrl ? parseBaseUrl(baseUrl, flags.baseUrl ? '--base-url' : ENV.baseUrl) : undefined,
        interactionId: flags.interactionId ?? (io.env[ENV.interactionId] || undefined),
        pacts: path.resolve(flags.pacts),
        reportDir: writableFolder(flags.reportDir, '--report-dir', 'reports'),
        budget: requestBudget(timeoutMs, {
          maxRetryWaitMs: parseWholeNumber(flags.maxRetryWaitMs, '--max-retry-wait-ms', 0, 600_000),
        }),
        maxBodyBytes: parseWholeNumber(flags.maxBodyMib, '--max-body-mib', 1, MAX_BODY_MIB) * MIB,
        samples: parseWholeNumber(flags.samples, '--samples', 0, 1_000),
        credentials: credentialsFromEnv(io.env),
        logLevel: flags.logLevel,
        broker: brokerSettings(flags, io.env),
        // Only a target the run did not start has anything to journal: no folder is made for the others.
        stateDir: baseUrl ? writableStateDir(flags.stateDir, io.env) : stateDirFrom(flags.stateDir, io.env),
        currentName: flags.currentName,
        profile: mock?.profile ?? flags.mockProfile,
        ownsMock: mock !== undefined,
      };
      // Loading Pact is most of a run's time: start its process first, then load the checks alongside it.
      // The one place a group is known by name: the registry (which loads every check) is not loaded yet.
      const named = (flags.checks ?? 'pact').split(',').map((name) => name.trim());
      const replay: PactReplay | undefined = named.some((name) => name === 'pact' || name.startsWith('pact.'))
        ? (io.pactWorker ?? startPactReplay(settings.broker?.connection.env))
        : undefined;
      const interruption = new AbortController();
      // Every signal starts the same orderly stop; the ones after it are acknowledged and otherwise
      // ignored, so a second Ctrl-C (or a runner's repeated SIGTERM) cannot cut the restore short.
      const onSignal = (signal: NodeJS.Signals) => {
        if (interruption.signal.aborted) {
          io.err(`${signal} again: still putting the interaction's name back; it exits when that is done.`);
          return;
        }
        io.err(`\nInterrupted by ${signal}: putting the interaction's name back before exiting.`);
        interruption.abort(signal);
      };
      for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
      try {
        const { CHECK_GROUPS, parseCheckGroups } = registry();
        const groups = flags.checks === undefined ? [...CHECK_GROUPS] : parseCheckGroups(flags.checks);
        const { runVerify } = await import('../verify/run-verify');
        const verify = (baseUrl = settings.baseUrl) =>
          runVerify({ ...settings, baseUrl, groups }, io, {
            replay,
            ownsReplay: !io.pactWorker,
            interrupted: interruption.signal,
          });
        done(mock ? await withMock(mock, io, verify, interruption.signal) : await verify());
      } finally {
        for (const signal of STOP_SIGNALS) process.removeListener(signal, onSignal);
        if (!io.pactWorker) replay?.close();
      }
    });
}
