import { RESULT_GROUPS, type CheckResult, type CheckStatus, type FailureDetail } from '../results';

const MARK: Record<CheckStatus, string> = { passed: '✓', failed: '✗', skipped: '-', error: '!' };

/** The progress line printed as each check finishes. */
export function progressLine(result: CheckResult): string {
  const suffix =
    result.status === 'skipped'
      ? ` (skipped: ${result.detail?.message})`
      : result.status === 'error'
        ? ' (not checked)'
        : '';
  return `  ${MARK[result.status]} ${result.group} › ${result.name} (${result.durationMs} ms)${suffix}`;
}

/** What went wrong, under the progress line: request, JSON path, expected vs actual. */
export function detailLines(detail: FailureDetail): string[] {
  const lines = [`      ${detail.message}`];
  if (detail.request) lines.push(`      request:  ${detail.request}`);
  if (detail.path) lines.push(`      at:       ${detail.path}`);
  if (detail.expected !== undefined) lines.push(`      expected: ${detail.expected}`);
  if (detail.actual !== undefined) lines.push(`      actual:   ${detail.actual}`);
  return lines;
}

/** Counts by group and status. */
export function tally(results: CheckResult[]) {
  const rows = RESULT_GROUPS.map((group) => {
    const mine = results.filter((r) => r.group === group);
    const count = (status: CheckStatus) => mine.filter((r) => r.status === status).length;
    return {
      group,
      total: mine.length,
      passed: count('passed'),
      failed: count('failed'),
      skipped: count('skipped'),
      error: count('error'),
    };
  }).filter((row) => row.total > 0);
  const sum = (key: 'passed' | 'failed' | 'skipped' | 'error') => rows.reduce((n, row) => n + row[key], 0);
  return { rows, passed: sum('passed'), failed: sum('failed'), skipped: sum('skipped'), error: sum('error') };
}

/** The summary table printed at the end. */
export function summaryTable(results: CheckResult[]): string[] {
  const { rows, passed, failed, skipped, error } = tally(results);
  const line = (cells: (string | number)[]) =>
    `  ${String(cells[0]).padEnd(10)}${cells
      .slice(1)
      .map((c) => String(c).padStart(8))
      .join('')}`;
  return [
    line(['group', 'passed', 'failed', 'skipped', 'not run']),
    ...rows.map((r) => line([r.group, r.passed, r.failed, r.skipped, r.error])),
    line(['total', passed, failed, skipped, error]),
  ];
}
