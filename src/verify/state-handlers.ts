import { randomUUID } from 'node:crypto';
import type { VerifierOptions } from '@pact-foundation/pact';
import { ProviderState, type InteractionExistsParams, type NoSuchInteractionParams } from '../contract/provider-states';
import { ProficientClient } from '../client/proficient-client';
import { GATEWAY_PLACEHOLDER_CREDENTIALS } from './gateway-credentials';

type StateHandlers = NonNullable<VerifierOptions['stateHandlers']>;

/** Reads an interaction's current name: GET, or where the target has no read-back, the no-op update `{}`. */
export async function readCurrentName(client: ProficientClient, interactionId: string): Promise<{ name: string; via: 'GET' | 'POST {}' }> {
  try {
    return { name: (await client.interactions.get(interactionId)).name, via: 'GET' };
  } catch {
    return { name: (await client.interactions.update(interactionId, {})).name, via: 'POST {}' };
  }
}

/** An id no target can hold. */
export function idThatCannotExist(): string {
  return `int_contract_suite_missing_${randomUUID().replace(/-/g, '')}`;
}

/**
 * The provider-state handlers, for any target: "an interaction exists"
 * answers the target's real interaction and its current name; "no interaction
 * exists with the id" answers a fresh id. Pact substitutes these values into
 * the requests (fromProviderState), so the pacts' example ids never matter.
 */
export function stateHandlers(gatewayUrl: string, interactionId: string, timeoutMs: number): StateHandlers {
  const client = new ProficientClient({ baseUrl: gatewayUrl, timeoutMs, ...GATEWAY_PLACEHOLDER_CREDENTIALS });
  return {
    [ProviderState.interactionExists]: async (): Promise<Record<string, string>> => {
      const { name } = await readCurrentName(client, interactionId);
      return { interactionId, name } satisfies InteractionExistsParams;
    },
    [ProviderState.noSuchInteraction]: async (): Promise<Record<string, string>> =>
      ({ interactionId: idThatCannotExist() }) satisfies NoSuchInteractionParams,
  };
}
