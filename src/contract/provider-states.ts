import path from 'node:path';
import { CONTRACTS_DIR } from '../pacticipants';
import { InputError } from '../errors';
import { displayPath, readJsonFile } from './json-file';

export const PROVIDER_STATES_FILE = path.join(CONTRACTS_DIR, 'provider-states.json');

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

const states = loadProviderStates();

function stateNamed(name: string): string {
  if (!(name in states)) {
    throw new InputError(
      `Provider state "${name}" is used by the code but not described in ${displayPath(PROVIDER_STATES_FILE)}.`,
    );
  }
  return name;
}

/** The state names, checked against contracts/provider-states.json when this module loads. */
export const ProviderState = {
  interactionExists: stateNamed('an interaction exists'),
  noSuchInteraction: stateNamed('no interaction exists with the id'),
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
