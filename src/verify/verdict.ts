import { ExitCode, exitCodeForSignal } from '../errors';
import { CLEANUP, PREFLIGHT, type CheckResult, type CheckStatus } from './results';

/** One row of the summary table: a group's counts by status. */
export interface SummaryRow {
  group: string;
  passed: number;
  failed: number;
  skipped: number;
  /** Checks that could not judge the target (status `error`): "not run" in the table. */
  notRun: number;
}

/** What a run concluded: the exit code, one sentence, and the table the console and every report share. */
export interface Verdict {
  exitCode: ExitCode;
  sentence: string;
  rows: SummaryRow[];
  total: SummaryRow;
}

/**
 * Decides the run from its results. A failed check breaks the contract (1);
 * otherwise a check that could not judge the target makes the run "not
 * verified" (3); and a run in which no check passed judged nothing, so it is
 * not a pass either (3).
 * @param groupOrder the groups in run order, so the table follows the run
 * @param circumstances the first transport failure (the clearest cause of a 3), and the signal
 *   that interrupted the run, if one did (then the run is not verified, exit 130 or 143)
 */
export function decideVerdict(
  all: CheckResult[],
  groupOrder: readonly string[],
  circumstances: {
    transportCause?: string;
    interruptedBy?: NodeJS.Signals;
    /** Someone else renamed the interaction during the run: nothing after that was judged. */
    otherWriter?: string;
    /** The name could not be put back: the verdict stands, but the run is never green. */
    leftChanged?: string;
  } = {},
): Verdict {
  const verdict = contractVerdict(all, groupOrder, circumstances);
  const { leftChanged } = circumstances;
  if (!leftChanged) return verdict;
  return {
    ...verdict,
    // Exit 0 would make a job green while staging is left changed; 1 and 3 already are not.
    exitCode: verdict.exitCode === ExitCode.Ok ? ExitCode.ProviderUnavailable : verdict.exitCode,
    sentence: `${verdict.sentence} But staging is left changed: ${leftChanged} Run restore with the same settings.`,
  };
}

function contractVerdict(
  all: CheckResult[],
  groupOrder: readonly string[],
  circumstances: { transportCause?: string; interruptedBy?: NodeJS.Signals; otherWriter?: string },
): Verdict {
  const { transportCause, interruptedBy, otherWriter } = circumstances;
  // The suite's own clean-up is reported beside the contract, never counted in its verdict.
  const results = all.filter((r) => r.group !== CLEANUP);
  const count = (of: CheckResult[], status: CheckStatus) => of.filter((r) => r.status === status).length;
  const rowOf = (group: string, of: CheckResult[]): SummaryRow => ({
    group,
    passed: count(of, 'passed'),
    failed: count(of, 'failed'),
    skipped: count(of, 'skipped'),
    notRun: count(of, 'error'),
  });
  const rows = [PREFLIGHT, ...groupOrder, CLEANUP]
    .map((group) =>
      rowOf(
        group,
        all.filter((r) => r.group === group),
      ),
    )
    .filter((row) => row.passed + row.failed + row.skipped + row.notRun > 0);
  const total = rowOf('total', results);

  // An interrupted run proves nothing either way; the shell's convention gives its exit code.
  if (interruptedBy) {
    const found = total.failed > 0 ? `; ${total.failed} failed before it stopped` : '';
    return {
      exitCode: exitCodeForSignal(interruptedBy),
      sentence: `Interrupted by ${interruptedBy} after ${results.length} checks${found}: the contract is not verified.`,
      rows,
      total,
    };
  }
  // What was judged after another writer stepped in compared the target with someone else's edits.
  if (otherWriter) {
    return {
      exitCode: ExitCode.ProviderUnavailable,
      sentence: `Not verified: ${otherWriter}. The run stopped changing the interaction.`,
      rows,
      total,
    };
  }
  if (total.failed > 0) {
    return {
      exitCode: ExitCode.ContractBroken,
      sentence: `The contract is broken: ${total.failed} of ${results.length} checks failed.`,
      rows,
      total,
    };
  }
  if (total.notRun > 0) {
    const first = results.find((r) => r.status === 'error');
    // A first contact that stopped without any transport failure stopped by the suite's own choice
    // (another run's lock or probe name): the provider is not the one that could not be checked.
    const refused = !transportCause && first?.group === PREFLIGHT;
    return {
      exitCode: ExitCode.ProviderUnavailable,
      sentence: refused
        ? `Not verified: ${first.detail?.message}`
        : `The provider could not be checked: ${transportCause ?? first?.detail?.message}`,
      rows,
      total,
    };
  }
  if (total.passed === 0) {
    const why = results.find((r) => r.status === 'skipped')?.detail?.message ?? 'no check ran';
    return {
      exitCode: ExitCode.ProviderUnavailable,
      sentence:
        `Nothing was judged: no check passed or failed (${total.skipped} skipped; first: ${why}). ` +
        'The contract is not verified.',
      rows,
      total,
    };
  }
  const skipped = total.skipped > 0 ? ` (${total.skipped} skipped: see above)` : '';
  return { exitCode: ExitCode.Ok, sentence: `The contract holds.${skipped}`, rows, total };
}
