import {
  ProficientApiError,
  ProficientConnectionError,
  ProficientError,
  ProficientResponseError,
} from '../../client/errors';
import type { CheckResult } from '../results';
import { failed, unmet, type Check, type CheckContext, type CheckGroup, type CheckOutcome } from './check';

/**
 * A group whose checks each run on their own, in the order listed: most
 * groups. A check whose preconditions fail is skipped with the reason.
 */
export function groupOfChecks(group: Omit<CheckGroup, 'run'> & { checks: Check[] }): CheckGroup {
  return {
    ...group,
    async run(context, report) {
      for (const check of group.checks) {
        if (context.stopped()) return;
        report(await runCheck(group.name, check, context));
      }
    },
  };
}

async function runCheck(group: string, check: Check, context: CheckContext): Promise<CheckResult> {
  const started = Date.now();
  const failuresBefore = context.transportFailures().length;
  const reason = unmet(check.needs, context);
  let outcome: CheckOutcome;
  if (reason) {
    outcome = { status: 'skipped', reason };
  } else {
    try {
      outcome = await check.run(context);
    } catch (error) {
      outcome = outcomeOfError(error);
    }
  }
  return toResult(
    group,
    check.name,
    notJudgedIfTransportFailed(outcome, context, failuresBefore),
    Date.now() - started,
  );
}

/**
 * A transport failure during a check means the target was not judged,
 * whatever the check concluded: a reset is not a broken contract.
 */
export function notJudgedIfTransportFailed(
  outcome: CheckOutcome,
  context: CheckContext,
  failuresBefore: number,
): CheckOutcome {
  if (outcome.status === 'passed' || outcome.status === 'skipped') return outcome;
  // Interrupted meanwhile: the gateway refused what the check sent next, so it judged nothing.
  if (context.stopped())
    return { status: 'error', detail: { message: 'the run was interrupted before this check ended' } };
  const failures = context.transportFailures();
  // A target that already failed for good is not asked again: the check saw the gateway's refusal.
  const transport = failures[failuresBefore] ?? (outcome.status === 'failed' ? failures[0] : undefined);
  return transport ? { status: 'error', detail: { message: transport.cause, request: transport.request } } : outcome;
}

/** A check's outcome as a result row. */
export function toResult(group: string, name: string, outcome: CheckOutcome, durationMs: number): CheckResult {
  if (outcome.status === 'passed') return { group, name, status: 'passed', durationMs };
  if (outcome.status === 'skipped')
    return { group, name, status: 'skipped', durationMs, detail: { message: outcome.reason } };
  return { group, name, status: outcome.status, durationMs, detail: outcome.detail };
}

/** What a check that threw means: the client's error says whether the contract broke or the target could not answer. */
function outcomeOfError(error: unknown): CheckOutcome {
  if (error instanceof ProficientConnectionError) return { status: 'error', detail: { message: error.message } };
  if (error instanceof ProficientResponseError)
    return failed({ message: error.message, path: error.violations[0]?.path });
  if (error instanceof ProficientApiError) {
    return failed({
      message: `Expected success, got ${error.message}`,
      path: 'status',
      expected: '2xx',
      actual: String(error.status),
    });
  }
  if (error instanceof ProficientError) return failed({ message: error.message });
  return {
    status: 'error',
    detail: { message: `the check itself failed: ${(error as Error).message ?? String(error)}` },
  };
}
