import path from 'node:path';

/** The consumer and provider names that every pact and verification uses. */
export const CONSUMER_NAME = 'ProficientInteractionClient';
export const PROVIDER_NAME = 'ProficientInteractionsAPI';

/** The repository root: src/ and dist/ sit at the same depth, so this holds for both. */
export const PROJECT_ROOT = path.resolve(__dirname, '..');
export const CONTRACTS_DIR = path.join(PROJECT_ROOT, 'contracts');
/** The contract's own OpenAPI document (built on the schemas beside it). */
export const OPENAPI_FILE = path.join(CONTRACTS_DIR, 'openapi.json');
export const PACTS_DIR = path.join(PROJECT_ROOT, 'pacts');
export const PACT_FILE = path.join(PACTS_DIR, `${CONSUMER_NAME}-${PROVIDER_NAME}.json`);

/** Pact's native core reports usage statistics unless told not to; this suite never lets it. */
export function disablePactTelemetry(): void {
  process.env.PACT_DO_NOT_TRACK = 'true';
}
