import { execFileSync } from 'node:child_process';
import { parseBaseUrl } from '../config';
import { InputError } from '../errors';

/** The Pact ecosystem's usual variables; the secrets among them are only ever read from the environment. */
export const BROKER_ENV = {
  baseUrl: 'PACT_BROKER_BASE_URL',
  token: 'PACT_BROKER_TOKEN',
  username: 'PACT_BROKER_USERNAME',
  password: 'PACT_BROKER_PASSWORD',
  consumerVersion: 'PACT_CONSUMER_VERSION',
  consumerBranch: 'PACT_CONSUMER_BRANCH',
  providerVersion: 'PACT_PROVIDER_VERSION',
  providerBranch: 'PACT_PROVIDER_BRANCH',
  environment: 'PACT_ENVIRONMENT',
  /** How often Pact's tools retry the broker (their default retries for about a minute before giving up). */
  httpRetries: 'PACT_BROKER_HTTP_RETRIES',
} as const;

export interface BrokerConnection {
  baseUrl: string;
  /** Variables to hand to Pact's tools: credentials travel in the environment, never on a command line. */
  env: Record<string, string>;
  /** Values to redact from anything printed. */
  secrets: string[];
}

/** Where the broker is and how to log in; a missing URL says which flag or variable to set. */
export function brokerConnection(flagUrl: string | undefined, env: NodeJS.ProcessEnv): BrokerConnection {
  const value = flagUrl ?? env[BROKER_ENV.baseUrl];
  if (!value) {
    throw new InputError(
      `No Pact Broker given: set ${BROKER_ENV.baseUrl} or pass --broker-url.`,
      `Log in with ${BROKER_ENV.token} (PactFlow) or ${BROKER_ENV.username}/${BROKER_ENV.password}.`,
    );
  }
  const baseUrl = parseBaseUrl(value, flagUrl ? '--broker-url' : BROKER_ENV.baseUrl)
    .toString()
    .replace(/\/$/, '');
  const passOn: Record<string, string> = { [BROKER_ENV.baseUrl]: baseUrl };
  for (const name of [BROKER_ENV.token, BROKER_ENV.username, BROKER_ENV.password, BROKER_ENV.httpRetries])
    if (env[name]) passOn[name] = env[name]!;
  return {
    baseUrl,
    env: passOn,
    secrets: [env[BROKER_ENV.token], env[BROKER_ENV.password]].filter((s): s is string => Boolean(s)),
  };
}

/** The first value given: a flag, then variables in order, then what git says (when `git` is a git command). */
function firstOf(sources: (string | undefined)[], git?: string[], cwd?: string): string | undefined {
  const given = sources.find((s) => s !== undefined && s.trim() !== '');
  if (given) return given.trim();
  if (!git) return undefined;
  try {
    return execFileSync('git', git, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The consumer version to publish under: the commit, by the ecosystem's convention. */
export function consumerVersion(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  const version = firstOf([flag, env[BROKER_ENV.consumerVersion], env.GITHUB_SHA], ['rev-parse', 'HEAD'], cwd);
  if (!version)
    throw new InputError(
      `No consumer version: pass --consumer-version or set ${BROKER_ENV.consumerVersion} ` +
        '(the git commit is used when there is one).',
    );
  return version;
}

/** The consumer branch: flag, variable, the pull request's head branch, the pushed branch, then git. */
export function consumerBranch(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  return firstOf(
    [flag, env[BROKER_ENV.consumerBranch], env.GITHUB_HEAD_REF, env.GITHUB_REF_NAME],
    ['branch', '--show-current'],
    cwd,
  );
}

/** Consumer version selectors: which pacts a provider verification fetches. */
export type ConsumerVersionSelector = Record<string, string | boolean>;

/** The selectors PactFlow recommends by default: the consumers' main branches and what is deployed or released. */
export const DEFAULT_SELECTORS: ConsumerVersionSelector[] = [{ mainBranch: true }, { deployedOrReleased: true }];

const SELECTOR_KEYS = new Set([
  'mainBranch',
  'branch',
  'matchingBranch',
  'deployedOrReleased',
  'deployed',
  'released',
  'environment',
  'tag',
  'latest',
  'consumer',
  'fallbackTag',
  'fallbackBranch',
]);

/** Parses --consumer-version-selectors (a JSON array), naming what is wrong. */
export function parseSelectors(value: string): ConsumerVersionSelector[] {
  let selectors: unknown;
  try {
    selectors = JSON.parse(value);
  } catch (error) {
    throw new InputError(
      `--consumer-version-selectors must be a JSON array (${(error as Error).message}).`,
      `For example: '${JSON.stringify(DEFAULT_SELECTORS)}'`,
    );
  }
  if (
    !Array.isArray(selectors) ||
    selectors.length === 0 ||
    !selectors.every((s) => typeof s === 'object' && s !== null && !Array.isArray(s))
  ) {
    throw new InputError(
      '--consumer-version-selectors must be a non-empty JSON array of objects.',
      `For example: '${JSON.stringify(DEFAULT_SELECTORS)}'`,
    );
  }
  for (const selector of selectors as Record<string, unknown>[]) {
    const unknown = Object.keys(selector).filter((k) => !SELECTOR_KEYS.has(k));
    if (unknown.length > 0)
      throw new InputError(
        `Unknown consumer version selector key ${unknown.map((k) => JSON.stringify(k)).join(', ')}; ` +
          `known: ${[...SELECTOR_KEYS].join(', ')}.`,
      );
  }
  return selectors as ConsumerVersionSelector[];
}

/** What `verify --pacts-from-broker` hands to Pact's Verifier. */
export interface BrokerVerification {
  brokerUrl: string;
  consumerVersionSelectors: ConsumerVersionSelector[];
  enablePending: boolean;
  includeWipPactsSince?: string;
  /** Set only when results are to be published. */
  publish?: { providerVersion: string; providerBranch?: string; buildUrl?: string };
}

/** The Verifier's broker options, exactly as Pact-JS names them. Credentials are left to the environment. */
export function verifierBrokerOptions(verification: BrokerVerification) {
  return {
    pactBrokerUrl: verification.brokerUrl,
    consumerVersionSelectors: verification.consumerVersionSelectors,
    enablePending: verification.enablePending,
    ...(verification.includeWipPactsSince ? { includeWipPactsSince: verification.includeWipPactsSince } : {}),
    // Pact-JS rejects publishVerificationResult, even false, without a providerVersion: set it only to publish.
    ...(verification.publish
      ? {
          publishVerificationResult: true,
          providerVersion: verification.publish.providerVersion,
          ...(verification.publish.providerBranch
            ? { providerVersionBranch: verification.publish.providerBranch }
            : {}),
          ...(verification.publish.buildUrl ? { buildUrl: verification.publish.buildUrl } : {}),
        }
      : {}),
  };
}
