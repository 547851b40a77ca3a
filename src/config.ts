import { InputError } from './errors';
import type { Credentials } from './client/credentials';

/** The groups of checks `verify --checks` chooses from (all by default). */
export const CHECK_GROUPS = ['pact', 'schema', 'behaviour', 'errors'] as const;
export type CheckGroup = (typeof CHECK_GROUPS)[number];

/** The environment variables DESIGN.md documents; flags win over them. */
export const ENV = {
  baseUrl: 'PROFICIENT_BASE_URL',
  interactionId: 'PROFICIENT_INTERACTION_ID',
  apiKey: 'PROFICIENT_API_KEY',
  userExternalId: 'PROFICIENT_USER_EXTERNAL_ID',
  userHmac: 'PROFICIENT_USER_HMAC',
  secretKey: 'PROFICIENT_SECRET_KEY',
} as const;

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_SAMPLES = 5;
export const DEFAULT_REPORT_DIR = 'reports';

/** Credentials from the environment: read once here, passed around in memory only. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): Credentials {
  return {
    apiKey: env[ENV.apiKey] || undefined,
    userExternalId: env[ENV.userExternalId] || undefined,
    userHmac: env[ENV.userHmac] || undefined,
    secretKey: env[ENV.secretKey] || undefined,
  };
}

/** Parses an http(s) base URL, or says which value was wrong and where it came from. */
export function parseBaseUrl(value: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(
      `${source} is not a URL: ${JSON.stringify(value)}.`,
      'Give a full URL such as https://staging.example.com or http://127.0.0.1:8080.',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(
      `${source} must be an http or https URL (got ${JSON.stringify(url.protocol)} in ${JSON.stringify(value)}).`,
    );
  }
  if (url.username || url.password) {
    throw new InputError(`${source} must not carry credentials in the URL; use ${ENV.apiKey} / ${ENV.secretKey}.`);
  }
  if (url.search || url.hash) {
    throw new InputError(`${source} must not have a query or fragment (got ${JSON.stringify(value)}).`);
  }
  return url;
}

/** Parses a whole number within bounds, naming the flag when it is not one. */
export function parseWholeNumber(value: string, flag: string, min: number, max: number): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number < min || number > max) {
    throw new InputError(`${flag} takes a whole number from ${min} to ${max} (got ${JSON.stringify(value)}).`);
  }
  return number;
}

/** Parses a --checks list such as "pact,schema". */
export function parseCheckGroups(value: string): CheckGroup[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(CHECK_GROUPS as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) {
    throw new InputError(
      `--checks takes a comma-separated list of ${CHECK_GROUPS.join(', ')} (got ${JSON.stringify(value)}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}).`,
    );
  }
  return CHECK_GROUPS.filter((g) => names.includes(g));
}
