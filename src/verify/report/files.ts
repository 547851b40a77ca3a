import fs from 'node:fs';
import path from 'node:path';
import { displayPath } from '../../contract/json-file';
import { safeText } from '../../shared/safe-text';
import { redactedDeep, type Redactor } from '../../shared/redact';
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
  /** Every attachment name a group of the suite may write, whether it ran or not: a previous run's are removed. */
  attachmentNames: readonly string[];
  env: NodeJS.ProcessEnv;
}

/** What writing the reports came to: the files written, and what could not be written (a warning each). */
interface WrittenReports {
  files: string[];
  warnings: string[];
}

/** The report files this suite writes itself, whatever ran. */
const REPORT_FILES = ['junit.xml', 'verify-report.json', 'summary.md', 'report.html'];

/**
 * Writes JUnit XML (for CI test panels), a JSON report (for tools), a
 * Markdown summary (for people; appended to $GITHUB_STEP_SUMMARY when set),
 * an HTML page (for people, from the artifact) and the attachments. The
 * results arrive redacted (report/present.ts); every text passes through the
 * redactor again as a safety net, and the HTML page is drawn from a redacted
 * copy, so no secret is escaped into a spelling the redactor does not know. A
 * file that cannot be written (a full disk, a folder in its place) is a
 * warning, never the run's verdict: the caller prints it and the exit code
 * stands. First, the suite's own file names left by a previous run are
 * removed (and nothing else), so the folder holds exactly the files returned.
 */
export function writeReports(report: VerifyReport, settings: ReportSettings): WrittenReports {
  const result: WrittenReports = { files: [], warnings: [] };
  const trying = (what: string, action: () => void): boolean => {
    try {
      action();
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      result.warnings.push(`${what} (${code ?? (error as Error).message})`);
      return false;
    }
  };
  if (
    !trying(`the report folder ${displayPath(settings.dir)} could not be created`, () =>
      fs.mkdirSync(settings.dir, { recursive: true }),
    )
  )
    return result;
  for (const name of [...REPORT_FILES, ...settings.attachmentNames]) {
    const file = path.join(settings.dir, name);
    // A folder of that name is the user's, not an earlier report: left alone (writing there then warns).
    trying(`${displayPath(file)} from an earlier run could not be removed`, () => {
      const found = fs.lstatSync(file, { throwIfNoEntry: false });
      if (found && !found.isDirectory()) fs.rmSync(file);
    });
  }
  // Redacted, then made safe: these files are read in terminals and CI logs too.
  const write = (name: string, text: string) => {
    const file = path.join(settings.dir, name);
    if (trying(`${displayPath(file)} was not written`, () => fs.writeFileSync(file, safeText(settings.redact(text)))))
      result.files.push(displayPath(file));
  };
  const markdown = markdownSummary(report);
  write('junit.xml', junitXml(junitRun(report)));
  write('verify-report.json', `${JSON.stringify({ ...report, exitCode: report.verdict.exitCode }, null, 2)}\n`);
  write('summary.md', markdown);
  write('report.html', verifyHtml(redactedDeep(report, settings.redact)));
  for (const [name, text] of settings.attachments) if (text) write(name, text);
  const stepSummary = settings.env.GITHUB_STEP_SUMMARY;
  if (stepSummary)
    trying(`the step summary ${stepSummary} was not written`, () =>
      fs.appendFileSync(stepSummary, safeText(settings.redact(markdown))),
    );
  return result;
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
          id: check.id,
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
    // The sentence can quote the target (a name another writer set, a transport cause): Markdown-escaped.
    `## Contract verification: ${markdownCell(sentence)}`,
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
  // It quotes the target's name: text for Markdown, never markup.
  if (report.restore) lines.push('', markdownCell(report.restore));
  return `${lines.join('\n')}\n`;
}
