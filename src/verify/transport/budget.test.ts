import { backoffBefore, requestBudget, requestDeadlineMs } from './budget';

describe('the request budget', () => {
  it('doubles the backoff from the first pause', () => {
    const budget = requestBudget(1_000, { backoffMs: 100 });
    expect([2, 3, 4].map((attempt) => backoffBefore(budget, attempt))).toEqual([100, 200, 400]);
  });

  it('gives one request room for every attempt and the longest wait between them', () => {
    // 3 attempts of 1 s, two pauses of at most 5 s (Retry-After cap), and the local margin.
    const budget = requestBudget(1_000, { backoffMs: 100, maxRetryWaitMs: 5_000 });
    expect(requestDeadlineMs(budget)).toBe(3 * 1_000 + 2 * 5_000 + 2_000);
  });

  it('is more than one attempt, so a caller outlasts a retried reset', () => {
    const budget = requestBudget(1_000, { maxRetryWaitMs: 0 });
    expect(requestDeadlineMs(budget)).toBeGreaterThan(2 * 1_000 + backoffBefore(budget, 2));
  });
});
