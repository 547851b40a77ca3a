// Timestamps are milliseconds: anything before 2001-09-09 (1e12 ms) is probably seconds.
const EARLIEST_PLAUSIBLE_MS = 1_000_000_000_000;
const DAY_MS = 86_400_000;

/** Why a created_at or updated_at value is not a plausible millisecond timestamp, or undefined when it is. */
export function timestampProblem(
  field: 'created_at' | 'updated_at',
  value: number,
  now = Date.now(),
): { message: string; path: string; expected: string; actual: string } | undefined {
  const latest = now + DAY_MS;
  if (value >= EARLIEST_PLAUSIBLE_MS && value <= latest) return undefined;
  const seconds = value < EARLIEST_PLAUSIBLE_MS && value * 1000 >= EARLIEST_PLAUSIBLE_MS;
  const secondsHint = seconds ? ' (this looks like seconds, not milliseconds)' : '';
  return {
    message: `${field} is not a plausible time in milliseconds since the Unix epoch${secondsHint}`,
    path: `/${field}`,
    expected: `an integer from ${EARLIEST_PLAUSIBLE_MS} to ${latest}`,
    actual: String(value),
  };
}
