import fs from 'node:fs';
import path from 'node:path';
import builder from 'junit-report-builder';
import type { Redactor } from '../redact';
import { RESULT_GROUPS, type VerifyReport } from '../results';
import { detailLines, tally } from './console';

export const REPORT_FILES = {
  junit: 'junit.xml',
  json: 'verify-report.json',
  markdown: 'summary.md',
  pactOutput: 'pact-output.txt',
} as const;

const VERDICT: Record<number, string> = {
  0: 'The contract holds.',
  1: 'The contract is broken.',
  3: 'The provider could not be checked.',
};

/**
 * Writes JUnit XML (for CI test panels), a JSON report (for tools) and a
 * Markdown summary (for people; appended to $GITHUB_STEP_SUMMARY when set).
 * Everything passes through the redactor first.
 */
export function writeReports(
  report: VerifyReport,
  dir: string,
  redact: Redactor,
  pactOutput: string,
  env: NodeJS.ProcessEnv,
): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, redact(text));
    written.push(file);
  };
  write(REPORT_FILES.junit, junitXml(report));
  write(REPORT_FILES.json, `${JSON.stringify(report, null, 2)}\n`);
  const markdown = markdownSummary(report);
  write(REPORT_FILES.markdown, markdown);
  if (pactOutput) write(REPORT_FILES.pactOutput, pactOutput);
  if (env.GITHUB_STEP_SUMMARY) fs.appendFileSync(env.GITHUB_STEP_SUMMARY, redact(markdown));
  return written;
}

export function junitXml(report: VerifyReport): string {
  const junit = builder.newBuilder().name(`verify ${report.target}`);
  for (const group of RESULT_GROUPS) {
    const checks = report.checks.filter((c) => c.group === group);
    if (checks.length === 0) continue;
    const suite = junit.testSuite().name(group);
    for (const check of checks) {
      const testCase = suite
        .testCase()
        .className(`proficient-contract.${group}`)
        .name(check.name)
        .time(check.durationMs / 1000);
      const text = check.detail
        ? detailLines(check.detail)
            .map((l) => l.trim())
            .join('\n')
        : undefined;
      if (check.status === 'failed') testCase.failure(check.detail?.message, 'ContractBroken').standardOutput(text);
      if (check.status === 'error') testCase.error(check.detail?.message, 'ProviderUnavailable', text);
      if (check.status === 'skipped') testCase.skipped().standardOutput(check.detail?.message);
    }
  }
  return junit.build();
}

export function markdownSummary(report: VerifyReport): string {
  const { rows, passed, failed, skipped, error } = tally(report.checks);
  const escape = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    `## Contract verification: ${VERDICT[report.exitCode] ?? `exit ${report.exitCode}`}`,
    '',
    `Target \`${report.target}\`, interaction \`${report.interactionId}\`, ${report.durationMs} ms. Exit code ${report.exitCode}.`,
    '',
    '| group | passed | failed | skipped | not run |',
    '|---|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.group} | ${r.passed} | ${r.failed} | ${r.skipped} | ${r.error} |`),
    `| **total** | ${passed} | ${failed} | ${skipped} | ${error} |`,
  ];
  const notable = report.checks.filter((c) => c.status !== 'passed');
  if (notable.length > 0) {
    lines.push('', '| check | status | what happened |', '|---|---|---|');
    for (const check of notable) {
      const what = check.detail
        ? [
            check.detail.message,
            check.detail.path && `at \`${check.detail.path}\``,
            check.detail.expected && `expected ${check.detail.expected}`,
            check.detail.actual && `actual ${check.detail.actual}`,
          ]
            .filter(Boolean)
            .join('; ')
        : '';
      lines.push(`| ${escape(`${check.group} › ${check.name}`)} | ${check.status} | ${escape(what)} |`);
    }
  }
  if (report.restore) lines.push('', report.restore);
  return `${lines.join('\n')}\n`;
}
