import type { Credentials } from '../contract/credentials';

/**
 * Recognisable fake secrets for tests that prove nothing leaks: tests pass
 * them as if they were real keys and search every output and file for them.
 * They deliberately do not look like live keys (pk_live_/pk_test_).
 */
export const CANARY_CREDENTIALS = {
  apiKey: 'pk_CANARY_publishable_7f3a9c',
  userExternalId: 'user-canary-42',
  userHmac: 'hmac_CANARY_signature_5d1e',
  secretKey: 'sk_CANARY_secret_b8e2f0',
} as const satisfies Required<Credentials>;
