import type { CheckResult, CheckStatus, FailureDetail } from '../results';
import type { SummaryRow, Verdict } from '../verdict';

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
  if (detail.curl) lines.push(`      reproduce: ${detail.curl}`);
  return lines;
}

/** The summary table printed at the end: the verdict's rows, as text. */
export function summaryTable(verdict: Verdict): string[] {
  const line = (cells: (string | number)[]) =>
    `  ${String(cells[0]).padEnd(10)}${cells
      .slice(1)
      .map((c) => String(c).padStart(8))
      .join('')}`;
  const cells = (row: SummaryRow) => [row.group, row.passed, row.failed, row.skipped, row.notRun];
  return [
    line(['group', 'passed', 'failed', 'skipped', 'not run']),
    ...verdict.rows.map((r) => line(cells(r))),
    line(cells(verdict.total)),
  ];
}
