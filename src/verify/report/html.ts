/**
 * report.html: the run as one page a person opens from the CI artifact. The
 * verdict first, then every check (a failed one with its detail and curl),
 * the coverage as bars and chips, and the line about putting the name back.
 * Drawn from the same data as verify-report.json, already redacted.
 */
import { badge, coverageMeter, htmlPage, table, type Tone } from '../../html-report/page';
import { html, type Html } from '../../shared/html';
import { ExitCode } from '../../errors';
import type { Coverage } from '../coverage';
import type { CheckResult, CheckStatus, FailureDetail } from '../results';
import type { VerifyReport } from './files';

const STATUS_TONE: Record<CheckStatus, Tone | 'muted'> = {
  passed: 'good',
  failed: 'bad',
  skipped: 'muted',
  error: 'unsure',
};
const STATUS_WORD: Record<CheckStatus, string> = {
  passed: 'passed',
  failed: 'failed',
  skipped: 'skipped',
  error: 'not run',
};

const VERDICT_LABEL: Record<Tone, string> = { good: 'holds', bad: 'broken', unsure: 'NOT verified' };

/** The verdict's tone: only exit 0 holds, only exit 1 is broken; anything else was not judged. */
function toneOf(exitCode: number): Tone {
  if (exitCode === ExitCode.Ok) return 'good';
  return exitCode === ExitCode.ContractBroken ? 'bad' : 'unsure';
}

/** The page for one run. Text in `report` is escaped here; redact it before. */
export function verifyHtml(report: VerifyReport): string {
  const { verdict } = report;
  const tone = toneOf(verdict.exitCode);
  return htmlPage({
    title: 'Contract verification',
    verdict: { tone, label: VERDICT_LABEL[tone], sentence: verdict.sentence },
    facts: html`Target <code>${report.target}</code> · interaction <code>${report.interactionId}</code> · started
      ${report.startedAt} · ${report.durationMs} ms · exit code ${verdict.exitCode}`,
    body: html` <h2>Groups</h2>
      ${table(
        ['group', 'passed', 'failed', 'skipped', 'not run'],
        [...verdict.rows, verdict.total].map((r) => [r.group, r.passed, r.failed, r.skipped, r.notRun]),
      )}
      <h2>Checks</h2>
      ${table(
        ['status', 'check', 'ms'],
        report.checks.map((check) => [
          badge(STATUS_WORD[check.status], STATUS_TONE[check.status]),
          checkCell(check),
          check.durationMs,
        ]),
      )}
      ${report.coverage && coverageSection(report.coverage)}
      ${
        report.restore &&
        html`<h2>The interaction's name</h2>
          <p class="restore" id="restore">${report.restore}</p>`
      }`,
  });
}

function checkCell(check: CheckResult): Html {
  const name = html`<span class="check">${check.group} › ${check.name}</span>`;
  if (!check.detail) return name;
  // A skipped check says why in one line; a failed or unchecked one shows everything it knows.
  if (check.status === 'skipped' || check.status === 'passed')
    return html`${name}
      <div class="detail">${check.detail.message}</div>`;
  return html`${name}${detailList(check.detail)}`;
}

function detailList(detail: FailureDetail): Html {
  const row = (label: string, value: string | undefined, pre = false) =>
    value !== undefined &&
    html`<dt>${label}</dt>
      <dd>${pre ? html`<pre>${value}</pre>` : value}</dd>`;
  return html`<dl class="detail">
    ${[
      row('what happened', detail.message),
      row('request', detail.request),
      row('at', detail.path),
      row('expected', detail.expected, true),
      row('actual', detail.actual, true),
      row('reproduce', detail.curl, true),
    ]}
  </dl>`;
}

function coverageSection(coverage: Coverage): Html {
  const judged = coverage.promises.filter((p) => p.status === 'judged').length;
  const undocumented = coverage.undocumented.map((u) => `${u.method} ${u.status}`);
  return html`<h2>Coverage</h2>
    <p>
      ${judged} of ${coverage.promises.length} documented promises judged. Coverage is reported only: it never changes
      the exit code.
    </p>
    ${coverageMeter(
      'documented responses',
      coverage.responses.map((r) => ({ label: `${r.method} ${r.status}`, seen: r.seen })),
    )}
    ${undocumented.length > 0 && html`<p>Undocumented statuses seen: ${undocumented.join(', ')}</p>`}
    ${coverageMeter(
      'documented fields',
      coverage.fields.map((f) => ({ label: `${f.schema}.${f.field}`, seen: f.seen })),
    )}
    ${coverageMeter(
      'enum values',
      coverage.enums.map((e) => ({ label: `${e.field}: ${e.value}`, seen: e.seen })),
    )}
    <h3>Documented promises</h3>
    ${table(
      ['promise', 'status', 'why'],
      coverage.promises.map((p) => [p.promise, p.status, p.why ?? '']),
    )}`;
}
