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
 * groups. A check whose preconditions fail is skipped with the reason. The
 * checks' ids and promises keep their literal types, so the registry can
 * name every id as a type.
 */
export function groupOfChecks<const C extends readonly Check[]>(
  group: Omit<CheckGroup, 'run' | 'checks' | 'only'> & { checks: C },
): CheckGroup & { checks: C } {
  return {
    ...group,
    only: (ids) => groupOfChecks({ ...group, checks: group.checks.filter((check) => ids.includes(check.id)) }),
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
  const before = markOf(context);
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
    { id: check.id, group, name: check.name },
    notJudgedIfNotSent(outcome, context, before),
    Date.now() - started,
  );
}

/** How far the run had got when a check started: its transport failures and exchanges so far. */
export interface RunMark {
  failures: number;
  exchanges: number;
}

export function markOf(context: CheckContext): RunMark {
  return { failures: context.transportFailures().length, exchanges: context.exchanges().length };
}

/**
 * A request the suite refused or could not send, or a transport failure,
 * during a check means the target was not judged, whatever the check
 * concluded: a reset, or the gateway's own refusal (a body over
 * --max-body-mib), is not a broken contract.
 */
export function notJudgedIfNotSent(outcome: CheckOutcome, context: CheckContext, before: RunMark): CheckOutcome {
  if (outcome.status === 'passed' || outcome.status === 'skipped') return outcome;
  // Interrupted meanwhile: the gateway refused what the check sent next, so it judged nothing.
  if (context.stopped())
    return { status: 'error', detail: { message: 'the run was interrupted before this check ended' } };
  const failures = context.transportFailures();
  // A target that already failed for good is not asked again: the check saw the gateway's refusal.
  const transport = failures[before.failures] ?? (outcome.status === 'failed' ? failures[0] : undefined);
  // An exchange the gateway answered itself: refused (outside the contract, a body too large) or not sent.
  const unsent = context
    .exchanges()
    .slice(before.exchanges)
    .find((e) => e.refused !== undefined || (e.failure && e.status === undefined));
  const cause =
    transport ?? (unsent && (unsent.failure ?? { request: `${unsent.method} ${unsent.path}`, cause: unsent.refused! }));
  if (!cause) return outcome;
  return { status: 'error', detail: { message: cause.cause, request: cause.request } };
}

/** A check's outcome as a result row. */
export function toResult(
  check: { id: string; group: string; name: string },
  outcome: CheckOutcome,
  durationMs: number,
): CheckResult {
  const { id, group, name } = check;
  if (outcome.status === 'passed') return { id, group, name, status: 'passed', durationMs };
  if (outcome.status === 'skipped')
    return { id, group, name, status: 'skipped', durationMs, detail: { message: outcome.reason } };
  return { id, group, name, status: outcome.status, durationMs, detail: outcome.detail };
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
