/** The credential headers of API.md, named once. */
export const CredentialHeader = {
  apiKey: 'X-PROFICIENT-API-KEY',
  userExternalId: 'X-PROFICIENT-USER-EXTERNAL-ID',
  userHmac: 'X-PROFICIENT-USER-HMAC',
  authorization: 'Authorization',
} as const;

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

/** The headers that carry these credentials; absent ones are left out, never sent empty. */
export function credentialHeaders(credentials: Credentials): Record<string, string> {
  const headers: Record<string, string> = {};
  if (credentials.apiKey) headers[CredentialHeader.apiKey] = credentials.apiKey;
  if (credentials.userExternalId) headers[CredentialHeader.userExternalId] = credentials.userExternalId;
  if (credentials.userHmac) headers[CredentialHeader.userHmac] = credentials.userHmac;
  if (credentials.secretKey) headers[CredentialHeader.authorization] = `Bearer ${credentials.secretKey}`;
  return headers;
}

/** The secret values among these credentials, for redaction. The user id is not a secret. */
export function secretValues(credentials: Credentials): string[] {
  return [credentials.apiKey, credentials.userHmac, credentials.secretKey].filter((v): v is string => Boolean(v));
}
