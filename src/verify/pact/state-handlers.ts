import { randomUUID } from 'node:crypto';
import type { VerifierOptions } from '@pact-foundation/pact';
import {
  ProviderState,
  type InteractionExistsParams,
  type NoSuchInteractionParams,
} from '../../contract/provider-states';
import { requestDeadlineMs, type RequestBudget } from '../transport/budget';
import { GatewayConnection } from '../transport/gateway-connection';

type StateHandlers = NonNullable<VerifierOptions['stateHandlers']>;

export type NameReading =
  | {
      name: string;
      via: 'GET' | 'POST {}';
      /** The whole body as read, before anything changed it (it may break the contract elsewhere). */
      interaction: Record<string, unknown>;
      /** When the answer arrived (performance.now()), so a later change can wait a few milliseconds past it. */
      readAt: number;
    }
  | {
      name?: undefined;
      via?: undefined;
      status: number;
      text: string;
      location?: string;
      headers?: Record<string, string | string[] | undefined>;
      /** Set when the target gave no answer at all (the gateway's cause): then nothing else is tried. */
      gatewayFailure?: string;
    };

/**
 * Reads an interaction's current name: GET, or where the target has no
 * read-back, the no-op update `{}`. Deliberately lenient: a response that
 * breaks the contract elsewhere still tells the name, so it can be put back.
 */
export async function readCurrentName(target: GatewayConnection, cleanUp = false): Promise<NameReading> {
  let last: Omit<Extract<NameReading, { via?: undefined }>, 'name' | 'via'> = { status: 0, text: '' };
  for (const [method, body, via] of [
    ['GET', undefined, 'GET'],
    ['POST', '{}', 'POST {}'],
  ] as const) {
    const response = await target.raw(method, target.pathOf(), { body, credentials: true, cleanUp });
    const interaction = response.status === 200 ? withName(response.text) : undefined;
    if (interaction) return { name: interaction.name, via, interaction, readAt: performance.now() };
    last = response;
    // No answer at all: the other way of reading would meet the same outage, and wait for it again.
    if (response.gatewayFailure) break;
  }
  const { status, text, location, headers, gatewayFailure } = last;
  return { status, text, location, headers, gatewayFailure };
}

/** The body, if it is a JSON object with a string name. */
function withName(text: string): (Record<string, unknown> & { name: string }) | undefined {
  try {
    const body = JSON.parse(text) as unknown;
    const ok = typeof body === 'object' && body !== null && typeof (body as { name?: unknown }).name === 'string';
    return ok ? (body as Record<string, unknown> & { name: string }) : undefined;
  } catch {
    return undefined;
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
export function stateHandlers(gatewayUrl: string, interactionId: string, budget: RequestBudget): StateHandlers {
  const target = new GatewayConnection(gatewayUrl, interactionId, requestDeadlineMs(budget));
  return {
    [ProviderState.interactionExists]: async (): Promise<Record<string, string>> => {
      const reading = await readCurrentName(target);
      if (reading.via === undefined) {
        throw new Error(
          `cannot read the name of interaction ${interactionId}: HTTP ${reading.status} ${reading.text.slice(0, 200)}`,
        );
      }
      return { interactionId, name: reading.name } satisfies InteractionExistsParams;
    },
    [ProviderState.noSuchInteraction]: async (): Promise<Record<string, string>> =>
      ({ interactionId: idThatCannotExist() }) satisfies NoSuchInteractionParams,
  };
}
