import path from 'node:path';
import { Command } from 'commander';
import { parseWholeNumber } from '../config';
import { ExitCode, InputError } from '../errors';
import { CONSUMER_NAME, PROJECT_ROOT } from '../pacticipants';
import { BROKER_ENV, brokerConnection, consumerBranch, consumerVersion } from '../broker/settings';
import { canIDeployArgs, githubRunUrl, publishArgs, shown } from '../broker/commands';
import type { CliIo } from './io';
import { pactsOption } from './options';

/** Runs a pact-broker command line, or with --dry-run only prints it. */
async function runBroker(
  io: CliIo,
  args: string[],
  connection: ReturnType<typeof brokerConnection>,
  dryRun: boolean,
  refused: number,
): Promise<number> {
  io.out(`$ ${shown(args)}`);
  if (dryRun) {
    const credentials = [BROKER_ENV.token, BROKER_ENV.username, BROKER_ENV.password].filter(
      (name) => name in connection.env,
    );
    const credentialNote = credentials.length ? `; credentials from ${credentials.join(', ')}` : '; no credentials set';
    io.out(`  (dry run: not sent${credentialNote})`);
    return ExitCode.Ok;
  }
  const { runPactCli, exitCodeFor, brokerUnreachable } = await import('../broker/pact-cli');
  const { redactorFor } = await import('../shared/redact');
  const run = await runPactCli(args, connection.env, redactorFor(connection.secrets), (line) => io.out(`  ${line}`));
  const code = exitCodeFor(run, refused);
  if (code === ExitCode.ProviderUnavailable && brokerUnreachable(run.output))
    io.err(`error: the Pact Broker at ${connection.baseUrl} could not be reached (exit 3).`);
  return code;
}

/** `publish`: publishes the pacts with the consumer version and branch. */
export function publishCommand(io: CliIo, done: (code: number) => void): Command {
  return new Command('publish')
    .description(`Publish the pacts to a Pact Broker or PactFlow (${BROKER_ENV.baseUrl}, ${BROKER_ENV.token}).`)
    .addOption(pactsOption())
    .option('--broker-url <url>', `the broker (env ${BROKER_ENV.baseUrl})`)
    .option(
      '--consumer-version <version>',
      `the consumer version (env ${BROKER_ENV.consumerVersion}, then GITHUB_SHA, then the git commit)`,
    )
    .option(
      '--branch <branch>',
      `the consumer branch (env ${BROKER_ENV.consumerBranch}, then GitHub's branch, then git's)`,
    )
    .option('--tag <tag...>', 'tags, for brokers that still use them')
    .option('--dry-run', 'print the command line, send nothing')
    .action(
      async (flags: {
        pacts: string;
        brokerUrl?: string;
        consumerVersion?: string;
        branch?: string;
        tag?: string[];
        dryRun?: boolean;
      }) => {
        const connection = brokerConnection(flags.brokerUrl, io.env);
        const { pactFilesAt, readPactFile } = await import('../contract/pact-file');
        const pactsPath = path.resolve(flags.pacts);
        pactFilesAt(pactsPath).forEach(readPactFile); // never publish a malformed pact
        const args = publishArgs({
          brokerUrl: connection.baseUrl,
          pactsPath,
          consumerVersion: consumerVersion(flags.consumerVersion, io.env, PROJECT_ROOT),
          branch: consumerBranch(flags.branch, io.env, PROJECT_ROOT),
          tags: flags.tag,
          buildUrl: githubRunUrl(io.env),
        });
        // A broker that refuses the pacts (bad credentials, a conflicting version) is a setting to fix: exit 2.
        done(await runBroker(io, args, connection, Boolean(flags.dryRun), ExitCode.BadInput));
      },
    );
}

/** `can-i-deploy`: asks the broker whether a version is verified against what runs in an environment. */
export function canIDeployCommand(io: CliIo, done: (code: number) => void): Command {
  return new Command('can-i-deploy')
    .description(
      'Ask the Pact Broker whether this version may be deployed to an environment. ' +
        'Exit 0 yes, 1 no, 3 broker unreachable.',
    )
    .option('--broker-url <url>', `the broker (env ${BROKER_ENV.baseUrl})`)
    .option('--pacticipant <name>', 'the application to deploy', CONSUMER_NAME)
    .option(
      '--version <version>',
      `its version (env ${BROKER_ENV.consumerVersion}, then GITHUB_SHA, then the git commit)`,
    )
    .option('--to-environment <name>', `where it would go (env ${BROKER_ENV.environment})`)
    .option('--retry-while-unknown <n>', 'poll this many times while results are missing', '0')
    .option('--retry-interval <seconds>', 'seconds between polls', '10')
    .option('--dry-run', 'print the command line, send nothing')
    .action(
      async (flags: {
        brokerUrl?: string;
        pacticipant: string;
        version?: string;
        toEnvironment?: string;
        retryWhileUnknown: string;
        retryInterval: string;
        dryRun?: boolean;
      }) => {
        const connection = brokerConnection(flags.brokerUrl, io.env);
        const toEnvironment = flags.toEnvironment ?? io.env[BROKER_ENV.environment];
        if (!toEnvironment)
          throw new InputError(
            `can-i-deploy needs an environment: pass --to-environment or set ${BROKER_ENV.environment} ` +
              '(for example production).',
          );
        const args = canIDeployArgs({
          brokerUrl: connection.baseUrl,
          pacticipant: flags.pacticipant,
          version: consumerVersion(flags.version, io.env, PROJECT_ROOT),
          toEnvironment,
          retryWhileUnknown: parseWholeNumber(flags.retryWhileUnknown, '--retry-while-unknown', 0, 1000),
          retryIntervalSeconds: parseWholeNumber(flags.retryInterval, '--retry-interval', 1, 3600),
        });
        done(await runBroker(io, args, connection, Boolean(flags.dryRun), ExitCode.ContractBroken));
      },
    );
}
