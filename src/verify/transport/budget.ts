/**
 * How long the suite may wait for one request to the target. `--timeout-ms`
 * bounds one attempt; everything else (how many attempts, the pauses between
 * them, the longest Retry-After honoured) is decided here, once, and every
 * place that waits on a request reads its deadline from here: the gateway,
 * the typed client, raw requests, the Pact worker and the replay deadline.
 */
export interface RequestBudget {
  /** One attempt, the whole response included (--timeout-ms). */
  attemptMs: number;
  /** Attempts for a transient failure (a reset, a 502/503/504, a rate limit). */
  attempts: number;
  /** The first pause between attempts; it doubles after each. */
  backoffMs: number;
  /** The longest single Retry-After wait honoured. */
  maxRetryWaitMs: number;
}

export const DEFAULT_ATTEMPT_MS = 10_000;
export const DEFAULT_MAX_RETRY_WAIT_MS = 30_000;
const DEFAULT_ATTEMPTS = 3;
const DEFAULT_BACKOFF_MS = 250;
// The suite's own hop (client to local gateway) and the gateway's bookkeeping.
const LOCAL_MARGIN_MS = 2_000;

/** The budget for `--timeout-ms`; tests shorten the backoff. */
export function requestBudget(
  attemptMs: number,
  overrides: Partial<Omit<RequestBudget, 'attemptMs'>> = {},
): RequestBudget {
  return {
    attemptMs,
    attempts: DEFAULT_ATTEMPTS,
    backoffMs: DEFAULT_BACKOFF_MS,
    maxRetryWaitMs: DEFAULT_MAX_RETRY_WAIT_MS,
    ...overrides,
  };
}

/** The pause before attempt `attempt` (2, 3, ...) when the target said nothing about when to come back. */
export function backoffBefore(budget: RequestBudget, attempt: number): number {
  return budget.backoffMs * 2 ** (attempt - 2);
}

/**
 * The longest one request can take through the gateway: every attempt, and
 * between attempts the longer of the backoff and the longest Retry-After wait.
 * A caller that waits less gives up on a request the gateway is still rightly retrying.
 */
export function requestDeadlineMs(budget: RequestBudget): number {
  let total = budget.attempts * budget.attemptMs;
  for (let attempt = 2; attempt <= budget.attempts; attempt++) {
    total += Math.max(backoffBefore(budget, attempt), budget.maxRetryWaitMs);
  }
  return total + LOCAL_MARGIN_MS;
}
