import { backoffBefore, type RequestBudget } from './budget';

/**
 * How long a `Retry-After` value asks to wait, in ms: delay-seconds ("120") or
 * an HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT"; a date past is 0). Undefined
 * when absent or unreadable.
 */
export function retryAfterMs(value: string | string[] | undefined, now: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Date.parse reads bare numbers and other odd strings as dates: an HTTP date names its month.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** What to do with a status the target answered: pass it on, wait and try again, or give up. */
export type StatusVerdict =
  { kind: 'answer' } | { kind: 'retry'; waitMs: number; cause: string } | { kind: 'give-up'; cause: string };

const GATEWAY_STATUS = new Set([502, 503, 504]);

/**
 * The verdict on a status after attempt `attempt`: a 429, or a 503 with
 * Retry-After, is a rate limit, waited out as asked (or with the backoff when
 * it says nothing); a 502/503/504 is retried with the backoff. A wait longer
 * than `budget.maxRetryWaitMs` is not started: the target asked for more time
 * than the run may give, and asking sooner would only be refused again. The
 * last attempt's cause is what the caller reports when attempts run out.
 */
export function statusVerdict(
  status: number,
  retryAfter: string | string[] | undefined,
  budget: RequestBudget,
  attempt: number,
  now: number,
): StatusVerdict {
  const askedMs = retryAfterMs(retryAfter, now);
  const rateLimited = status === 429 || (status === 503 && askedMs !== undefined);
  if (!rateLimited && !GATEWAY_STATUS.has(status)) return { kind: 'answer' };
  const asked = askedMs === undefined ? '' : `, Retry-After ${seconds(askedMs)}`;
  const cause = rateLimited
    ? `rate-limited by the target: HTTP ${status}${asked}`
    : `HTTP ${status} from the target (a gateway or availability error)`;
  if (askedMs !== undefined && askedMs > budget.maxRetryWaitMs) {
    return {
      kind: 'give-up',
      cause: `${cause}, longer than the ${seconds(budget.maxRetryWaitMs)} one wait may last (--max-retry-wait-ms)`,
    };
  }
  if (attempt >= budget.attempts) return { kind: 'give-up', cause };
  return { kind: 'retry', waitMs: askedMs ?? backoffBefore(budget, attempt + 1), cause };
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
