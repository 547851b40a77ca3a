/**
 * passed: the target kept this part of the contract.
 * failed: it broke it (exit 1).
 * skipped: the check could not apply to this target; never counted as passed.
 * error: the target could not be checked (unreachable, timed out, reset; exit 3).
 */
export type CheckStatus = 'passed' | 'failed' | 'skipped' | 'error';

/** One request as the suite sent it to the target, enough to send it again. */
export interface SentRequest {
  method: string;
  /** The path under the target's base URL, e.g. /interactions/int_1. */
  path: string;
  body?: string;
  /** Whether it carried credentials (the run's own, as configured): never which values. */
  credentials: boolean;
}

/** What went wrong, laid out so one screen shows request, place, expected and actual. */
export interface FailureDetail {
  message: string;
  /** The request judged, as sent: the reports show it as one line and as a `curl` (report/present.ts). */
  sent?: SentRequest;
  /** The request in one line: rendered from `sent` at report time, or said in words where nothing was sent. */
  request?: string;
  path?: string;
  expected?: string;
  actual?: string;
  /** The failing request as a `curl` command to paste, rendered at report time from `sent`. */
  curl?: string;
}

/** The group of the first contact with the target, which every run makes before its checks. */
export const PREFLIGHT = 'preflight';

/**
 * The group of the run's own clean-up (the name put back): reported in
 * every report, judged apart from the contract.
 */
export const CLEANUP = 'cleanup';

export interface CheckResult {
  /** The check's stable id, e.g. `behaviour.name-returned` (a group's name for a row about the whole group). */
  id: string;
  /** A check group's name, or `preflight`. */
  group: string;
  name: string;
  status: CheckStatus;
  durationMs: number;
  /** Why it failed, errored or was skipped. */
  detail?: FailureDetail;
}
