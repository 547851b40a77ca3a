import fs from 'node:fs';
import path from 'node:path';
import { ExitCode } from '../../errors';
import { redactorFor } from '../../shared/redact';
import { tempReportDir } from '../../test-support/run-cli';
import { decideVerdict } from '../verdict';
import type { CheckResult } from '../results';
import { writeReports, type VerifyReport } from './files';

// Characters HTML escaping changes: only a redaction made before escaping can still find this key.
const SECRET = `sk_<live>&'"${'x'.repeat(12)}`;

const checks: CheckResult[] = [
  { group: 'pact', name: 'a request to rename an interaction', status: 'passed', durationMs: 12 },
  {
    group: 'behaviour',
    name: 'the name sent is the name returned <b>bold</b>',
    status: 'failed',
    durationMs: 30,
    detail: {
      message: `The name came back changed; the server echoed ${SECRET}`,
      request: 'POST /interactions/int_1 {"name":"x"}',
      path: '/name',
      expected: '"x"',
      actual: '"<script>alert(1)</script>"',
      curl:
        "curl -sS -i -X POST 'http://127.0.0.1:1/interactions/int_1' " +
        '-H "X-PROFICIENT-API-KEY: $PROFICIENT_API_KEY"',
    },
  },
  {
    group: 'errors',
    name: 'an unknown id gives 404',
    status: 'skipped',
    durationMs: 0,
    detail: { message: 'needs a second id' },
  },
];

function writtenReport(report: Partial<VerifyReport> = {}): { page: string; files: string[] } {
  const dir = tempReportDir();
  const files = writeReports(
    {
      target: 'http://127.0.0.1:1',
      interactionId: 'int_1',
      startedAt: '2026-12-01T00:00:00.000Z',
      durationMs: 42,
      checks,
      verdict: decideVerdict(checks, ['pact', 'behaviour', 'errors']),
      restore: 'Restored the name "Trip planning".',
      coverage: {
        responses: [
          { method: 'POST', path: '/interactions/{interaction_id}', status: '200', seen: true },
          { method: 'POST', path: '/interactions/{interaction_id}', status: '404', seen: false },
        ],
        undocumented: [{ method: 'POST', status: 201 }],
        fields: [{ schema: 'Interaction', field: 'name', seen: true }],
        enums: [{ schema: 'Interaction', field: 'initial_turn', value: 'agent', seen: false }],
        promises: [{ promise: 'a change persists', topic: 'persistence', status: 'not run', why: 'not selected' }],
      },
      ...report,
    },
    { dir, redact: redactorFor([SECRET]), attachments: new Map(), env: {} },
  );
  // Whitespace between tags is the formatter's, not the page's meaning.
  const page = fs
    .readFileSync(path.join(dir, 'report.html'), 'utf8')
    .replace(/\s+/g, ' ')
    .replace(/> </g, '><')
    .replace(/ >/g, '>');
  return { page, files };
}

describe('report.html', () => {
  it('is written beside the other reports and listed with them', () => {
    const { files } = writtenReport();
    expect(files.map((f) => path.basename(f))).toEqual([
      'junit.xml',
      'verify-report.json',
      'summary.md',
      'report.html',
    ]);
  });

  it('is one self-contained page: a strict policy, no script, no link or asset outside the file', () => {
    const { page } = writtenReport();
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain(
      '<meta http-equiv="Content-Security-Policy" ' +
        'content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;;',
    );
    expect(page).not.toMatch(/<(script|img|link|iframe)\b|<[a-z]+[^>]*\s(src|href)=/i);
    expect(page).not.toMatch(/url\(/);
  });

  it('has the verdict, every check, the failure detail and curl, the coverage and the restore line', () => {
    const { page } = writtenReport();
    expect(page).toContain('The contract is broken: 1 of 3 checks failed.');
    expect(page).toContain('pact › a request to rename an interaction');
    expect(page).toContain('needs a second id');
    expect(page).toContain('<dt>at</dt><dd>/name</dd>');
    expect(page).toContain('curl -sS -i -X POST &#39;http://127.0.0.1:1/interactions/int_1&#39;');
    expect(page).toContain('<meter min="0" max="2" value="1"></meter><span>1 of 2 seen</span>');
    expect(page).toContain('<li class="unseen">✗ POST 404</li>');
    expect(page).toContain('Undocumented statuses seen: POST 201');
    expect(page).toContain('Restored the name &quot;Trip planning&quot;.');
  });

  it('escapes what the server sent and redacts a secret before escaping it', () => {
    const { page } = writtenReport();
    expect(page).toContain('&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;');
    expect(page).toContain('the name sent is the name returned &lt;b&gt;bold&lt;/b&gt;');
    expect(page).toContain('the server echoed [REDACTED]');
    expect(page).not.toContain('x'.repeat(12));
  });

  it.each([
    [ExitCode.Ok, 'good', 'holds'],
    [ExitCode.ContractBroken, 'bad', 'broken'],
    [ExitCode.ProviderUnavailable, 'unsure', 'NOT verified'],
    [ExitCode.Terminated, 'unsure', 'NOT verified'],
  ])('marks exit %s as %s: %s', (exitCode, tone, label) => {
    const verdict = { ...decideVerdict(checks, ['pact']), exitCode, sentence: 'Said.' } as VerifyReport['verdict'];
    const { page } = writtenReport({ verdict });
    expect(page).toContain(
      `<section class="verdict ${tone}" id="verdict"><p><span class="badge ${tone}">${label}</span> Said.</p>`,
    );
  });
});
