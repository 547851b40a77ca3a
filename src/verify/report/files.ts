import fs from 'node:fs';
import path from 'node:path';
import { displayPath } from '../../contract/json-file';
import { safeText } from '../../shared/safe-text';
import type { Redactor } from '../../shared/redact';
import { coverageMarkdown, type Coverage } from '../coverage';
import type { CheckResult } from '../results';
import type { Verdict } from '../verdict';
import { detailLines } from './console';
import { verifyHtml } from './html';
import { junitXml, type JunitRun } from './junit';
import { markdownCell, markdownCode } from '../../shared/markdown';

/** What a run concluded, as the reports keep it. */
export interface VerifyReport {
  target: string;
  interactionId: string;
  startedAt: string;
  durationMs: number;
  checks: CheckResult[];
  verdict: Verdict;
  /** A line about putting the interaction's name back (leave no trace). */
  restore?: string;
  /** What the run exercised of the documented contract. */
  coverage?: Coverage;
}

interface ReportSettings {
  dir: string;
  redact: Redactor;
  /** Texts a check group kept (e.g. Pact's own output), each written as a file of its own. */
  attachments: ReadonlyMap<string, string>;
  env: NodeJS.ProcessEnv;
}

/**
 * Writes JUnit XML (for CI test panels), a JSON report (for tools), a
 * Markdown summary (for people; appended to $GITHUB_STEP_SUMMARY when set),
 * an HTML page (for people, from the artifact) and the attachments. Everything
 * passes through the redactor first; the HTML page is drawn from a redacted
 * copy, so no secret is escaped into a spelling the redactor does not know.
 * Returns the files written, as the output names them.
 */
export function writeReports(report: VerifyReport, settings: ReportSettings): string[] {
  fs.mkdirSync(settings.dir, { recursive: true });
  const written: string[] = [];
  // Redacted, then made safe: these files are read in terminals and CI logs too.
  const write = (name: string, text: string) => {
    const file = path.join(settings.dir, name);
    fs.writeFileSync(file, safeText(settings.redact(text)));
    written.push(displayPath(file));
  };
  const markdown = markdownSummary(report);
  write('junit.xml', junitXml(junitRun(report)));
  write('verify-report.json', `${JSON.stringify({ ...report, exitCode: report.verdict.exitCode }, null, 2)}\n`);
  write('summary.md', markdown);
  write('report.html', verifyHtml(redactedCopy(report, settings.redact)));
  for (const [name, text] of settings.attachments) if (text) write(name, text);
  if (settings.env.GITHUB_STEP_SUMMARY)
    fs.appendFileSync(settings.env.GITHUB_STEP_SUMMARY, safeText(settings.redact(markdown)));
  return written;
}

/** The report with every string in it redacted: HTML escaping comes after redaction, never before. */
function redactedCopy<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactedCopy(item, redact)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactedCopy(v, redact)])) as T;
  return value;
}

/** The run as JUnit suites: one per group that ran, one case per check. */
function junitRun(report: VerifyReport): JunitRun {
  return {
    name: `verify ${report.target}`,
    suites: report.verdict.rows.map(({ group }) => ({
      name: group,
      cases: report.checks
        .filter((check) => check.group === group)
        .map((check) => ({
          className: `proficient-contract.${group}`,
          name: check.name,
          seconds: check.durationMs / 1000,
          status: check.status,
          message: check.detail?.message,
          text:
            check.detail &&
            detailLines(check.detail)
              .map((line) => line.trim())
              .join('\n'),
        })),
    })),
  };
}

function markdownSummary(report: VerifyReport): string {
  const { rows, total, sentence } = report.verdict;
  const row = (r: typeof total, label = r.group) =>
    `| ${label} | ${r.passed} | ${r.failed} | ${r.skipped} | ${r.notRun} |`;
  const lines = [
    `## Contract verification: ${sentence}`,
    '',
    `Target \`${report.target}\`, interaction \`${report.interactionId}\`, ${report.durationMs} ms. ` +
      `Exit code ${report.verdict.exitCode}.`,
    '',
    '| group | passed | failed | skipped | not run |',
    '|---|---:|---:|---:|---:|',
    ...rows.map((r) => row(r)),
    row(total, '**total**'),
  ];
  const notable = report.checks.filter((c) => c.status !== 'passed');
  if (notable.length > 0) {
    lines.push('', '| check | status | what happened |', '|---|---|---|');
    for (const check of notable) {
      const d = check.detail;
      const what = d
        ? [
            markdownCell(d.message),
            d.path && `at ${markdownCode(d.path)}`,
            d.expected && `expected ${markdownCell(d.expected)}`,
            d.actual && `actual ${markdownCell(d.actual)}`,
            d.curl && `reproduce: ${markdownCode(d.curl)}`,
          ]
            .filter(Boolean)
            .join('; ')
        : '';
      lines.push(`| ${markdownCell(`${check.group} › ${check.name}`)} | ${check.status} | ${what} |`);
    }
  }
  if (report.coverage) lines.push('', ...coverageMarkdown(report.coverage));
  if (report.restore) lines.push('', report.restore);
  return `${lines.join('\n')}\n`;
}
