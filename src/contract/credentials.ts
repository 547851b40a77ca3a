import { InputError } from '../errors';

/** What a caller may hold; any of it may be absent (the server then refuses). */
export interface Credentials {
  /** The publishable key (pk_...), sent as X-PROFICIENT-API-KEY. */
  apiKey?: string;
  /** The caller's user id in the integrating system. */
  userExternalId?: string;
  /** An HMAC of the user id, where the project enforces it. */
  userHmac?: string;
  /** A secret key (sk_...) for server-side calls, sent as Authorization: Bearer. */
  secretKey?: string;
}

/** One credential of API.md: where the suite reads it, how it travels, whether it must stay hidden. */
export interface CredentialDescriptor {
  field: keyof Credentials;
  /** The environment variable the suite reads it from (never a flag: a command line is visible to others). */
  env: string;
  header: string;
  /** A secret is redacted from every output; the user id is not a secret. */
  secret: boolean;
  /** How a real value starts (the reference provider accepts nothing else). */
  prefix?: string;
  /** An auth scheme written before the value in the header. */
  scheme?: 'Bearer';
}

/**
 * The credentials, described once. The client, the gateway, the reference
 * provider, `serve` and the configuration all read these; a test holds the
 * header names to contracts/openapi.json's security schemes.
 */
export const CREDENTIALS = {
  apiKey: { field: 'apiKey', env: 'PROFICIENT_API_KEY', header: 'X-PROFICIENT-API-KEY', secret: true, prefix: 'pk_' },
  userExternalId: {
    field: 'userExternalId',
    env: 'PROFICIENT_USER_EXTERNAL_ID',
    header: 'X-PROFICIENT-USER-EXTERNAL-ID',
    secret: false,
  },
  userHmac: { field: 'userHmac', env: 'PROFICIENT_USER_HMAC', header: 'X-PROFICIENT-USER-HMAC', secret: true },
  secretKey: {
    field: 'secretKey',
    env: 'PROFICIENT_SECRET_KEY',
    header: 'Authorization',
    secret: true,
    prefix: 'sk_',
    scheme: 'Bearer',
  },
} as const satisfies { [K in keyof Credentials]-?: CredentialDescriptor & { field: K } };

const ALL: readonly CredentialDescriptor[] = Object.values(CREDENTIALS);

/** The header that carries each credential. */
export const CredentialHeader = {
  apiKey: CREDENTIALS.apiKey.header,
  userExternalId: CREDENTIALS.userExternalId.header,
  userHmac: CREDENTIALS.userHmac.header,
  authorization: CREDENTIALS.secretKey.header,
} as const;

/** Every credential header name, lower-cased as Node presents incoming headers. */
export const CREDENTIAL_HEADER_NAMES = ALL.map((c) => c.header.toLowerCase());

/** The headers that carry these credentials; absent ones are left out, never sent empty. */
export function credentialHeaders(credentials: Credentials): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const c of ALL) {
    const value = credentials[c.field];
    if (value) headers[c.header] = c.scheme ? `${c.scheme} ${value}` : value;
  }
  return headers;
}

/** The secret values among these credentials, for redaction. */
export function secretValues(credentials: Credentials): string[] {
  return ALL.filter((c) => c.secret)
    .map((c) => credentials[c.field])
    .filter((v): v is string => Boolean(v));
}

/** The credentials that are set, described (never their values): what a `curl` line refers to. */
export function configuredCredentials(credentials: Credentials): CredentialDescriptor[] {
  return ALL.filter((c) => Boolean(credentials[c.field]));
}

/** Credentials from the environment: read once, checked, passed around in memory only. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): Credentials {
  return checkedCredentials(Object.fromEntries(ALL.map((c) => [c.field, env[c.env] || undefined])));
}

/**
 * Refuses (exit 2, before anything is sent) a credential that an HTTP header
 * cannot carry as it is, such as a line break pasted into a CI secret:
 * otherwise every authenticated request fails in the gateway and the target
 * is blamed. A credential is printable ASCII (RFC 9110 allows more in a
 * header, but no key holds it), with no space at either end (servers strip
 * it). The error names the variable and the position, never the value.
 */
function checkedCredentials(credentials: Credentials): Credentials {
  for (const c of ALL) {
    const chars = [...(credentials[c.field] ?? '')];
    const at = chars.findIndex(
      (char, i) => !/^[\x21-\x7e]$/.test(char) && (char !== ' ' || i === 0 || i === chars.length - 1),
    );
    if (at < 0) continue;
    const code = `U+${chars[at].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    throw new InputError(
      `${c.env} holds a character an HTTP header cannot carry as a credential (${code} at character ` +
        `${at + 1} of ${chars.length}); nothing was sent.`,
      `Set ${c.env} to the value alone: no line break, no space at either end (check how the CI secret was pasted).`,
    );
  }
  return credentials;
}

/**
 * Whether a request's headers carry credentials of the right form: a
 * publishable key (with its prefix) and a user id, or a secret key.
 */
export function carriesValidCredentials(headers: Record<string, string | string[] | undefined>): boolean {
  const value = (c: CredentialDescriptor) => {
    const raw = headers[c.header.toLowerCase()];
    return typeof raw === 'string' ? raw.trim() : '';
  };
  const { apiKey, userExternalId, secretKey } = CREDENTIALS;
  const bearer = value(secretKey).match(/^Bearer (\S+)$/)?.[1] ?? '';
  return (
    bearer.startsWith(secretKey.prefix) || (value(apiKey).startsWith(apiKey.prefix) && value(userExternalId) !== '')
  );
}
