/**
 * passed: the target kept this part of the contract.
 * failed: it broke it (exit 1).
 * skipped: the check could not apply to this target; never counted as passed.
 * error: the target could not be checked (unreachable, timed out, reset; exit 3).
 */
export type CheckStatus = 'passed' | 'failed' | 'skipped' | 'error';

/** What went wrong, laid out so one screen shows request, place, expected and actual. */
export interface FailureDetail {
  message: string;
  request?: string;
  path?: string;
  expected?: string;
  actual?: string;
  /** The failing request as a `curl` command to paste (credentials as environment-variable references). */
  curl?: string;
}

/** The group of the first contact with the target, which every run makes before its checks. */
export const PREFLIGHT = 'preflight';

/** The group of the run's own clean-up (the name put back): reported in every report, judged apart from the contract. */
export const CLEANUP = 'cleanup';

export interface CheckResult {
  /** A check group's name, or `preflight`. */
  group: string;
  name: string;
  status: CheckStatus;
  durationMs: number;
  /** Why it failed, errored or was skipped. */
  detail?: FailureDetail;
}
