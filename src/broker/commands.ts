/**
 * The exact pact-broker command lines this suite runs. Pure functions, so a
 * test can pin every option without a broker; credentials never appear here
 * (the pact binary reads PACT_BROKER_TOKEN / _USERNAME / _PASSWORD itself).
 */

export interface PublishSettings {
  brokerUrl: string;
  pactsPath: string;
  consumerVersion: string;
  branch?: string;
  tags?: string[];
  buildUrl?: string;
}

export function publishArgs(settings: PublishSettings): string[] {
  return [
    'broker',
    'publish',
    settings.pactsPath,
    '--broker-base-url',
    settings.brokerUrl,
    '--consumer-app-version',
    settings.consumerVersion,
    ...(settings.branch ? ['--branch', settings.branch] : []),
    ...(settings.tags ?? []).flatMap((tag) => ['--tag', tag]),
    ...(settings.buildUrl ? ['--build-url', settings.buildUrl] : []),
  ];
}

export interface CanIDeploySettings {
  brokerUrl: string;
  pacticipant: string;
  version: string;
  toEnvironment: string;
  retryWhileUnknown: number;
  retryIntervalSeconds: number;
}

export function canIDeployArgs(settings: CanIDeploySettings): string[] {
  return [
    'broker',
    'can-i-deploy',
    '--pacticipant',
    settings.pacticipant,
    '--version',
    settings.version,
    '--to-environment',
    settings.toEnvironment,
    '--broker-base-url',
    settings.brokerUrl,
    ...(settings.retryWhileUnknown > 0
      ? [
          '--retry-while-unknown',
          String(settings.retryWhileUnknown),
          '--retry-interval',
          String(settings.retryIntervalSeconds),
        ]
      : []),
  ];
}

/** A command line as a person would paste it (credentials by variable name only). */
export function shown(args: string[]): string {
  return ['pact', ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(' ');
}

/** A GitHub Actions run's URL, for --build-url, when running there. */
export function githubRunUrl(env: NodeJS.ProcessEnv): string | undefined {
  return env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
    ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
    : undefined;
}
