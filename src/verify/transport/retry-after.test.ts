import { requestBudget } from './budget';
import { retryAfterMs, statusVerdict } from './retry-after';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const budget = requestBudget(1000, { attempts: 3, backoffMs: 100, maxRetryWaitMs: 30_000 });

describe('retryAfterMs', () => {
  it('reads delay-seconds', () => {
    expect(retryAfterMs('1', NOW)).toBe(1000);
    expect(retryAfterMs(' 120 ', NOW)).toBe(120_000);
    expect(retryAfterMs('0', NOW)).toBe(0);
  });

  it('reads an HTTP date, and a date already past as no wait', () => {
    expect(retryAfterMs('Sun, 01 Jun 2025 12:00:05 GMT', NOW)).toBe(5000);
    expect(retryAfterMs('Sun, 01 Jun 2025 11:59:00 GMT', NOW)).toBe(0);
    expect(retryAfterMs(['Sun, 01 Jun 2025 12:00:02 GMT'], NOW)).toBe(2000);
  });

  it('ignores what is absent or unreadable', () => {
    expect(retryAfterMs(undefined, NOW)).toBeUndefined();
    expect(retryAfterMs('', NOW)).toBeUndefined();
    expect(retryAfterMs('-1', NOW)).toBeUndefined();
    expect(retryAfterMs('1.5', NOW)).toBeUndefined();
    expect(retryAfterMs('soon', NOW)).toBeUndefined();
  });
});

describe('statusVerdict', () => {
  it('passes on every answer that is not a rate limit or a gateway error', () => {
    for (const status of [200, 301, 400, 404, 500])
      expect(statusVerdict(status, '5', budget, 1, NOW).kind).toBe('answer');
  });

  it('waits out a 429 as long as Retry-After asks', () => {
    expect(statusVerdict(429, '2', budget, 1, NOW)).toEqual({
      kind: 'retry',
      waitMs: 2000,
      cause: 'rate-limited by the target: HTTP 429, Retry-After 2 s',
    });
    expect(statusVerdict(429, 'Sun, 01 Jun 2025 12:00:03 GMT', budget, 1, NOW)).toMatchObject({ waitMs: 3000 });
  });

  it('backs off on a 429 without Retry-After', () => {
    expect(statusVerdict(429, undefined, budget, 2, NOW)).toEqual({
      kind: 'retry',
      waitMs: 200,
      cause: 'rate-limited by the target: HTTP 429',
    });
  });

  it('treats a 503 with Retry-After as a rate limit, and one without as an outage', () => {
    expect(statusVerdict(503, '1', budget, 1, NOW)).toMatchObject({
      kind: 'retry',
      waitMs: 1000,
      cause: 'rate-limited by the target: HTTP 503, Retry-After 1 s',
    });
    expect(statusVerdict(503, undefined, budget, 1, NOW)).toMatchObject({
      kind: 'retry',
      waitMs: 100,
      cause: 'HTTP 503 from the target (a gateway or availability error)',
    });
  });

  it('gives up when the attempts are spent', () => {
    expect(statusVerdict(429, '1', budget, 3, NOW)).toEqual({
      kind: 'give-up',
      cause: 'rate-limited by the target: HTTP 429, Retry-After 1 s',
    });
  });

  it('does not start a wait longer than the cap on one wait', () => {
    expect(statusVerdict(429, '60', budget, 1, NOW)).toEqual({
      kind: 'give-up',
      cause:
        'rate-limited by the target: HTTP 429, Retry-After 60 s, ' +
        'longer than the 30 s one wait may last (--max-retry-wait-ms)',
    });
  });
});
