/** What the parent and the Pact worker say to each other: one request, one reply, one end marker per replay. */
import type { LogLevel } from '../../config';
import type { RequestBudget } from '../transport/budget';

export interface ReplayRequest {
  /** Numbers the replay, so its end can be marked in the output stream. */
  id: number;
  gatewayUrl: string;
  /** The run's caller token, which the gateway asks of every request. */
  callerToken: string;
  runId: string;
  /** The target answers GET (provider states are read, not set). */
  /** How the state "an interaction exists" is reached (see StateRun). */
  state: 'read' | 'set';
  pactFiles: string[];
  interactionId: string;
  budget: RequestBudget;
  logLevel: LogLevel;
  provider: string;
  /** Fetch the pacts from a broker instead (Pact-JS's own option names; credentials come from the environment). */
  broker?: Record<string, unknown>;
}

export type ReplayReply = { id: number } & (
  { ok: true; results: string } | { ok: false; results?: string; error: string }
);

/**
 * Written to stdout after each replay. Pact's native output and this line go
 * down the same pipe in order, while the reply travels on the IPC channel: the
 * parent waits for both, so a replay's output is never cut short.
 */
export const END_OF_REPLAY = (id: number) => `\u0000end-of-replay ${id}\u0000`;
