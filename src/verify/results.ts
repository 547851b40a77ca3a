import { CHECK_GROUPS, type CheckGroup } from '../config';

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
}

/** The checks' groups, plus the first contact with the target, which every run makes. */
export type ResultGroup = 'preflight' | CheckGroup;
export const RESULT_GROUPS: readonly ResultGroup[] = ['preflight', ...CHECK_GROUPS];

export interface CheckResult {
  group: ResultGroup;
  name: string;
  status: CheckStatus;
  durationMs: number;
  /** Why it failed, errored or was skipped. */
  detail?: FailureDetail;
}

export interface VerifyReport {
  target: string;
  interactionId: string;
  startedAt: string;
  durationMs: number;
  checks: CheckResult[];
  exitCode: number;
  /** A line about putting the interaction's name back (leave no trace). */
  restore?: string;
}
