import path from 'node:path';
import { CONTRACTS_DIR } from '../pacticipants';
import { InputError } from '../errors';
import { displayPath, readJsonFile } from './json-file';

const PROVIDER_STATES_FILE = path.join(CONTRACTS_DIR, 'provider-states.json');

interface ProviderStateDoc {
  description: string;
  params: Record<string, string>;
}

/** contracts/provider-states.json: the states the pacts use, each with its parameters. */
export function loadProviderStates(file = PROVIDER_STATES_FILE): Record<string, ProviderStateDoc> {
  const doc = readJsonFile(file, 'provider states file') as { states?: Record<string, ProviderStateDoc> };
  if (!doc || typeof doc.states !== 'object') {
    throw new InputError(`${displayPath(file)} must have a "states" object.`);
  }
  return doc.states;
}

/**
 * The state names the code uses. Each must be described, with its parameters,
 * in contracts/provider-states.json: a test holds the two together (read at
 * test time, not when this module loads, so importing it does no I/O).
 */
export const ProviderState = {
  interactionExists: 'an interaction exists',
  noSuchInteraction: 'no interaction exists with the id',
} as const;

/** Parameters of "an interaction exists" (and what its handler answers). */
export interface InteractionExistsParams {
  interactionId: string;
  name: string;
}

/** Parameters of "no interaction exists with the id". */
export interface NoSuchInteractionParams {
  interactionId: string;
}
