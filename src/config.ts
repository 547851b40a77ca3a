import { InputError } from './errors';
import { CREDENTIALS } from './contract/credentials';

/** The environment variables DESIGN.md documents; flags win over them. */
export const ENV = {
  baseUrl: 'PROFICIENT_BASE_URL',
  interactionId: 'PROFICIENT_INTERACTION_ID',
  apiKey: CREDENTIALS.apiKey.env,
  userExternalId: CREDENTIALS.userExternalId.env,
  userHmac: CREDENTIALS.userHmac.env,
  secretKey: CREDENTIALS.secretKey.env,
  stateDir: 'PROFICIENT_STATE_DIR',
} as const;

export const DEFAULT_SAMPLES = 5;
export const DEFAULT_REPORT_DIR = 'reports';

/** Pact's log levels, quietest first (`--log-level`, `PACT_LOG_LEVEL`). */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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
