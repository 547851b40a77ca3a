import type { VerifierOptions } from '@pact-foundation/pact';
import {
  ProviderState,
  type InteractionExistsParams,
  type NoSuchInteractionParams,
} from '../../contract/provider-states';
import { probeName } from '../staging/marker';
import { readCurrentName } from '../staging/read-name';
import { requestDeadlineMs, type RequestBudget } from '../transport/budget';
import { GatewayConnection } from '../transport/gateway-connection';
import { idThatCannotExist } from '../transport/scope';

type StateHandlers = NonNullable<VerifierOptions['stateHandlers']>;

/** What the state handlers need to know of the run: where its gateway is, and whose interaction. */
export interface StateRun {
  gatewayUrl: string;
  callerToken: string;
  interactionId: string;
  runId: string;
  budget: RequestBudget;
  /**
   * How the state "an interaction exists" is reached: `read` its name with GET (a target the run
   * owns, or one that keeps nothing), or `set` a probe name of this run (a shared target, where a
   * pact's own example names must not stand between its interactions; or one without GET).
   */
  state: 'read' | 'set';
}

/**
 * The provider-state handlers, for any target: "an interaction exists"
 * answers the target's real interaction and its current name (read, or
 * where the target has no GET, set to a probe name of this run); "no
 * interaction exists with the id" answers an id of this run's that no target
 * holds. Pact substitutes these values into the requests (fromProviderState),
 * so the pacts' example ids never matter, and never choose where a request goes.
 */
export function stateHandlers(run: StateRun): StateHandlers {
  const target = new GatewayConnection(
    run.gatewayUrl,
    run.interactionId,
    requestDeadlineMs(run.budget),
    run.callerToken,
  );
  return {
    [ProviderState.interactionExists]: async (): Promise<Record<string, string>> => {
      const name =
        run.state === 'read' ? await readName(target) : await setName(target, probeName(run.runId, 'pact state'));
      return { interactionId: run.interactionId, name } satisfies InteractionExistsParams;
    },
    [ProviderState.noSuchInteraction]: async (): Promise<Record<string, string>> =>
      ({ interactionId: idThatCannotExist(run.runId) }) satisfies NoSuchInteractionParams,
  };
}

async function readName(target: GatewayConnection): Promise<string> {
  const reading = await readCurrentName(target);
  if (reading.via === undefined) {
    throw new Error(
      `cannot read the name of interaction ${target.interactionId}: ` +
        `HTTP ${reading.status} ${reading.text.slice(0, 200)}`,
    );
  }
  return reading.name;
}

async function setName(target: GatewayConnection, name: string): Promise<string> {
  const answer = await target.raw('POST', target.pathOf(), { body: JSON.stringify({ name }), credentials: true });
  const answered = answer.status === 200 ? (JSON.parse(answer.text) as { name?: unknown }).name : undefined;
  if (typeof answered !== 'string') {
    throw new Error(`cannot set the name of interaction ${target.interactionId}: HTTP ${answer.status}`);
  }
  return answered;
}
