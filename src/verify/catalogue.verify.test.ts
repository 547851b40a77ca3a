/**
 * Proof that `verify` catches breakage: each deliberately broken provider
 * breaks one documented rule and must make `verify` exit 1 with the one check
 * that judges that rule failed; each harmless variation must still pass. The
 * README's catalogue score comes from here. The runs share one Pact process.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { CredentialHeader } from '../contract/credentials';
import { seededInteractionId } from '../provider/store';
import { runCli } from '../test-support/run-cli';
import type { CheckId } from './checks/registry';
import { detailLines } from './report/console';
import type { VerifyReport } from './report/files';
import {
  isApiError,
  isInteraction,
  startTamperingProvider,
  type Passing,
  type TamperingProvider,
  type Variation,
} from '../test-support/tampering-provider';

type Tamper = (p: Passing) => void;
type Answer = Parameters<typeof startTamperingProvider>[1];

interface Broken {
  name: string;
  tamper: Tamper;
  /** The one check that must fail, by its id. */
  fails: CheckId;
  /** What its failure must say (message, request, at, expected, actual), where the check alone is not specific. */
  says?: RegExp;
  answer?: Answer;
  /** Only these groups, for a case whose breakage the failing check above catches without the others. */
  checks?: string;
}

/** The name a POST asked for, if it asked for one. */
const sentName = (p: Passing): unknown =>
  p.method === 'POST' && p.requestBody.startsWith('{') ? JSON.parse(p.requestBody).name : undefined;

/** A server that mangles every name it is sent the same way. */
const mangles =
  (change: (name: string) => string): Tamper =>
  (p) => {
    const name = sentName(p);
    if (isInteraction(p) && typeof name === 'string') p.body.name = change(name);
  };

/** A server that changes an answer from its first rename on (so the interaction read before it is honest). */
function fromFirstRename(change: (p: Passing) => void, only?: 'GET' | 'POST'): Tamper {
  let renamed = false;
  return (p) => {
    if (isInteraction(p) && typeof sentName(p) === 'string') renamed = true;
    if (renamed && isInteraction(p) && (!only || p.method === only)) change(p);
  };
}

const SCHEMA_2XX: CheckId = 'schema.interaction';
const NAME_RETURNED: CheckId = 'behaviour.name-returned';
const UNKNOWN_ID: CheckId = 'errors.unknown-id';
const RENAME_CHANGES_ONLY_NAME: CheckId = 'fields.rename-changes-only-name';

const broken: Broken[] = [
  {
    name: 'drops a required field (user_id)',
    tamper: (p) => isInteraction(p) && delete p.body.user_id,
    fails: SCHEMA_2XX,
    says: /\/user_id is required but missing/,
  },
  {
    name: 'sends an enum value outside the list (initial_turn "assistant")',
    tamper: (p) => isInteraction(p) && (p.body.initial_turn = 'assistant'),
    fails: SCHEMA_2XX,
    says: /initial_turn must be one of "user", "agent" \(got "assistant"\)/,
  },
  {
    name: 'sends another object type ("conversation")',
    tamper: (p) => isInteraction(p) && (p.body.object = 'conversation'),
    fails: SCHEMA_2XX,
    says: /\/object must be one of "interaction"/,
  },
  {
    name: 'retypes a field (created_at as a string)',
    tamper: (p) => isInteraction(p) && (p.body.created_at = String(p.body.created_at)),
    fails: SCHEMA_2XX,
    says: /\/created_at must be integer \(got string/,
  },
  {
    name: 'retypes a field (archived as 0/1)',
    tamper: (p) => isInteraction(p) && (p.body.archived = p.body.archived ? 1 : 0),
    fails: SCHEMA_2XX,
    says: /\/archived must be boolean/,
  },
  {
    name: 'renames a field (total_message_count to message_count)',
    tamper: (p) => {
      if (isInteraction(p)) {
        p.body.message_count = p.body.total_message_count;
        delete p.body.total_message_count;
      }
    },
    fails: SCHEMA_2XX,
    says: /total_message_count is required but missing/,
  },
  {
    name: 'sends timestamps in seconds',
    tamper: (p) => {
      if (isInteraction(p)) {
        p.body.created_at = Math.floor(p.body.created_at / 1000);
        p.body.updated_at = Math.floor(p.body.updated_at / 1000);
      }
    },
    fails: 'behaviour.timestamps',
    says: /looks like seconds, not milliseconds/,
  },
  {
    name: 'answers an unknown id with 400 instead of 404',
    tamper: (p) => p.status === 404 && (p.status = 400),
    fails: UNKNOWN_ID,
    says: /Expected HTTP 404, got 400/,
  },
  {
    name: 'answers a rename with 201 instead of 200',
    tamper: (p) => isInteraction(p) && p.method === 'POST' && (p.status = 201),
    fails: 'pact.interaction',
    says: /expected 200 but was 201/,
  },
  {
    name: 'sends an error without the ApiError shape',
    tamper: (p) => {
      if (isApiError(p)) p.body = { message: p.body.error.message };
    },
    fails: 'schema.api-error',
    says: /\/error is required but missing/,
  },
  {
    name: 'sends an error code outside the list ("not_found")',
    tamper: (p) => isApiError(p) && p.status === 404 && (p.body.error.code = 'not_found'),
    fails: UNKNOWN_ID,
    says: /\/error\/code must be one of/,
  },
  {
    name: 'does not apply the name',
    tamper: mangles(() => 'Unchanged name'),
    fails: NAME_RETURNED,
    says: /The name came back changed: first difference at code point 1 .*: U\+0063 vs U\+0055/,
  },
  {
    name: 'answers with another interaction id',
    tamper: (p) => isInteraction(p) && (p.body.id = 'int_someone_else'),
    fails: 'behaviour.id-in-path',
  },
  {
    name: 'echoes the name but does not persist it',
    tamper: (p) => isInteraction(p) && p.method === 'GET' && (p.body.name = 'Stale name'),
    fails: 'behaviour.persisted',
    says: /differs from its answer in name/,
  },
  {
    name: 'changes the name on {}',
    tamper: (p) => isInteraction(p) && p.requestBody === '{}' && (p.body.name = ''),
    fails: 'fields.empty-update-changes-nothing',
    says: /An empty update changed name \("contract-suite check .*" → ""\)/,
  },
  {
    name: 'accepts requests without credentials',
    tamper: () => undefined,
    fails: 'errors.no-credentials',
    says: /Expected HTTP 403, got 200/,
    answer: (request) =>
      request.headers[CredentialHeader.apiKey.toLowerCase()]
        ? undefined
        : { status: 200, body: { id: seededInteractionId() } },
  },
  {
    name: 'accepts a body the contract rejects ("name": 42)',
    tamper: (p) => p.status === 400 && ((p.status = 200), (p.body = { ok: true })),
    fails: 'errors.invalid-body',
    says: /Expected HTTP 400, got 200/,
  },
  {
    name: 'answers with Content-Type text/plain',
    tamper: (p) => (p.headers['content-type'] = 'text/plain'),
    fails: 'schema.json',
    says: /Content-Type: text\/plain/,
  },
  {
    name: 'answers a rename with malformed JSON',
    tamper: (p) => isInteraction(p) && p.method === 'POST' && (p.raw = '{"id": "int_1", "name": '),
    fails: SCHEMA_2XX,
    says: /the body is not JSON/,
  },
  {
    name: 'answers a rename with 500 and an ApiError',
    tamper: (p) => {
      if (isInteraction(p) && p.method === 'POST' && p.requestBody !== '{}') {
        p.status = 500;
        p.body = { error: { code: 'unknown', message: 'boom' } };
      }
    },
    fails: NAME_RETURNED,
    says: /Expected success, got .*500/,
  },
  // Only the provided properties are updated.
  {
    name: 'resets total_message_count on a rename',
    tamper: fromFirstRename((p) => (p.body.total_message_count = 0)),
    fails: RENAME_CHANGES_ONLY_NAME,
    says: /A rename changed total_message_count \(12 → 0\)/,
    checks: 'fields',
  },
  {
    name: 'flips archived on a rename',
    tamper: fromFirstRename((p) => (p.body.archived = !p.body.archived)),
    fails: RENAME_CHANGES_ONLY_NAME,
    says: /A rename changed archived \(false → true\)/,
    checks: 'fields',
  },
  {
    name: 'moves the interaction to another agent on a rename',
    tamper: fromFirstRename((p) => (p.body.agent_id = 'ag_other')),
    fails: RENAME_CHANGES_ONLY_NAME,
    says: /A rename changed agent_id \("ag_9Qm2Yt6LrVw3" → "ag_other"\)/,
    checks: 'fields',
  },
  {
    name: 'rewrites created_at on every update',
    tamper: (p) => isInteraction(p) && p.method === 'POST' && (p.body.created_at = p.body.updated_at),
    fails: 'fields.created-at-unchanged',
    says: /The rename changed created_at \(1764072000000 → \d+\)/,
    checks: 'fields',
  },
  {
    name: 'never moves updated_at',
    tamper: (p) => isInteraction(p) && (p.body.updated_at = 1764075600000),
    fails: 'fields.updated-at-moves',
    says: /expected: later than 1764075600000 \(2025-11-25T13:00:00\.000Z, read before the rename\)/,
    checks: 'fields',
  },
  {
    name: 'flips archived on {}',
    tamper: (p) => isInteraction(p) && p.requestBody === '{}' && (p.body.archived = true),
    fails: 'fields.empty-update-changes-nothing',
    says: /An empty update changed archived \(false → true\)/,
    checks: 'fields',
  },
  {
    name: 'reads back another message count than its rename answered',
    tamper: fromFirstRename((p) => (p.body.total_message_count += 1), 'GET'),
    fails: 'behaviour.persisted',
    says: /differs from its answer in total_message_count/,
    checks: 'behaviour',
  },
  // The name comes back exactly as sent.
  {
    name: 'trims names',
    tamper: mangles((name) => name.trim()),
    fails: 'names.padding',
    says: /\(trimmed: whitespace removed at the ends\): first difference at code point 1 .*: U\+0020 vs U\+0070/,
    checks: 'names',
  },
  {
    name: 'collapses inner whitespace',
    tamper: mangles((name) => name.replace(/\s+/g, ' ')),
    fails: 'names.inner-whitespace',
    says: /\(whitespace collapsed\)/,
    checks: 'names',
  },
  {
    name: 'HTML-escapes names',
    tamper: mangles((name) => name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')),
    fails: 'names.markup',
    says: /\(HTML-escaped\)/,
    checks: 'names',
  },
  {
    name: 'normalizes names to NFC',
    tamper: mangles((name) => name.normalize('NFC')),
    fails: 'names.decomposed',
    says: /\(Unicode-normalized to NFC\): .*: U\+0065 U\+0301 vs U\+00E9/,
    checks: 'names',
  },
  {
    name: 'normalizes names to NFD',
    tamper: mangles((name) => name.normalize('NFD')),
    fails: 'names.precomposed',
    says: /\(Unicode-normalized to NFD\): .*: U\+00E9 vs U\+0065 U\+0301/,
    checks: 'names',
  },
  {
    name: 'replaces characters outside the BMP with U+FFFD',
    tamper: mangles((name) => name.replace(/[\u{10000}-\u{10FFFF}]/gu, '\uFFFD')),
    fails: 'names.astral',
    says: /\(characters replaced by U\+FFFD/,
    checks: 'names',
  },
  {
    name: 'strips zero-width joiners',
    tamper: mangles((name) => name.replace(/\u200d/g, '')),
    fails: 'names.zwj',
    says: /: U\+1F469 U\+1F3FD U\+200D U\+1F680 vs U\+1F469 U\+1F3FD$/m,
    checks: 'names',
  },
  {
    name: 'lower-cases names',
    tamper: mangles((name) => name.toLowerCase()),
    fails: 'names.mixed-case',
    says: /\(case-changed: lower-cased\)/,
    checks: 'names',
  },
  {
    name: 'stores an empty name as a default name',
    tamper: mangles((name) => name || 'Untitled'),
    fails: 'names.empty',
    says: /first difference at code point 1 \(sent 0 code points, got 8\): \(nothing\) vs U\+0055/,
    checks: 'names',
  },
  {
    name: 'truncates names at 255 characters',
    tamper: mangles((name) => [...name].slice(0, 255).join('')),
    fails: 'names.long',
    says: /\(truncated at 255 characters\)/,
    checks: 'names',
  },
];

const harmless: { name: string; tamper: Tamper; variation?: Variation }[] = [
  {
    name: 'adds extra fields',
    tamper: (p) => isInteraction(p) && Object.assign(p.body, { colour: 'blue', metadata: { tags: [] } }),
  },
  {
    name: 'orders the keys differently',
    tamper: (p) => {
      if (isInteraction(p)) p.body = Object.fromEntries(Object.entries(p.body).reverse());
    },
  },
  {
    name: 'sends the other enum value (initial_turn "agent")',
    tamper: (p) => isInteraction(p) && (p.body.initial_turn = 'agent'),
  },
  { name: 'sends Content-Type without a charset', tamper: (p) => (p.headers['content-type'] = 'application/json') },
  {
    name: 'adds response headers',
    tamper: (p) => Object.assign(p.headers, { 'x-request-id': 'req_123', 'cache-control': 'no-store' }),
  },
  {
    name: 'compresses every response with gzip, even unasked',
    tamper: (p) => (p.headers['content-encoding'] = 'gzip'),
  },
  {
    name: 'adds an undocumented field that changes on every request',
    tamper: (() => {
      let served = 0;
      return (p: Passing) => isInteraction(p) && (p.body.served = { count: ++served, at: Date.now() });
    })(),
  },
  { name: "runs a clock 5 s behind the suite's", tamper: () => undefined, variation: { clockOffsetMs: -5000 } },
  { name: "runs a clock 5 s ahead of the suite's", tamper: () => undefined, variation: { clockOffsetMs: 5000 } },
  {
    name: 'stores a null name as a default name',
    tamper: () => undefined,
    variation: {
      rewriteRequest: (body) => {
        const sent = body.startsWith('{') ? JSON.parse(body) : {};
        return sent.name === null ? JSON.stringify({ ...sent, name: 'Untitled interaction' }) : body;
      },
    },
  },
];

async function verifyAgainst(tamper: Tamper, options: { answer?: Answer; variation?: Variation; checks?: string }) {
  const provider: TamperingProvider = await startTamperingProvider(tamper, options.answer, 0, options.variation);
  try {
    const checks = options.checks ? ['--checks', options.checks] : [];
    return await runCli(['verify', '--base-url', provider.url, '--samples', '1', ...checks]);
  } finally {
    await provider.close();
  }
}

/** The lines a failed check printed: its progress line and the detail under it. */
/** A failed check's lines; one that points at a root cause shown above is followed to it (its detail is there). */
function failureOf(stdout: string, check: string): string | undefined {
  const lines = stdout.split('\n');
  const at = lines.findIndex((line) => line.startsWith(`  ✗ ${check} (`));
  if (at < 0) return undefined;
  const detail = lines.slice(at + 1).findIndex((line) => !line.startsWith('      '));
  const own = lines.slice(at, detail < 0 ? undefined : at + 1 + detail).join('\n');
  const pointed = /same cause as (.+) \(shown above\)/.exec(own)?.[1];
  return pointed ? `${own}\n${failureOf(stdout, pointed)}` : own;
}

describe('verify against deliberately broken providers', () => {
  it.each(broken)('exits 1 when the provider $name: ✗ $fails', async ({ tamper, fails, says, answer, checks }) => {
    const run = await verifyAgainst(tamper, { answer, checks });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/The contract is broken/);
    const report = JSON.parse(fs.readFileSync(path.join(run.reportDir, 'verify-report.json'), 'utf8')) as VerifyReport;
    const failed = report.checks.filter((c) => c.status === 'failed');
    expect(failed.map((c) => c.id)).toContain(fails);
    const failure = failed.find((c) => c.id === fails)!;
    // The console shows the same failure under its progress line.
    expect(run.stdout).toContain(`✗ ${failure.group} › ${failure.name} (`);
    if (says) expect(detailLines(failure.detail!).join('\n')).toMatch(says);
  });
});

describe('verify against harmless variations', () => {
  it.each(harmless)('exits 0 when the provider $name', async ({ tamper, variation }) => {
    const run = await verifyAgainst(tamper, { variation });
    expect(run.stdout).toMatch(/The contract holds/);
    expect(run.code).toBe(0);
  });
});

describe('a failure says how to reproduce it', () => {
  it('prints a curl that, pasted into a shell, sends the same request and gets the same wrong answer', async () => {
    const provider = await startTamperingProvider(mangles((name) => name.trim()));
    try {
      const run = await runCli(['verify', '--base-url', provider.url, '--checks', 'names', '--samples', '0']);
      const failure = failureOf(run.stdout, 'names › leading and trailing whitespace comes back as sent')!;
      const curl = /reproduce: (.*)/.exec(failure)![1];
      expect(curl).toContain(`'${provider.url}/interactions/${seededInteractionId()}'`);
      expect(curl).toContain('"X-PROFICIENT-API-KEY: $PROFICIENT_API_KEY"');
      const report = JSON.parse(fs.readFileSync(path.join(run.reportDir, 'verify-report.json'), 'utf8'));
      const kept = (report as VerifyReport).checks.find((c) => curl === c.detail?.curl);
      expect(kept?.name).toBe('leading and trailing whitespace comes back as sent');

      const env = { PATH: process.env.PATH, PROFICIENT_API_KEY: 'pk_pasted', PROFICIENT_USER_EXTERNAL_ID: 'u_1' };
      // Not execFileSync: the provider answers from this very process.
      const { stdout: answer } = await promisify(execFile)('sh', ['-c', curl], { env, encoding: 'utf8' });
      expect(answer).toMatch(/^HTTP\/1\.1 200/);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).name).toBe('padded name');
    } finally {
      await provider.close();
    }
  });
});

describe('every failed check says how to reproduce it', () => {
  it('the pact and schema groups too: each failure carries the request it judged, as a curl', async () => {
    const run = await verifyAgainst((p) => isInteraction(p) && (p.body.initial_turn = 'assistant'), {
      checks: 'pact,schema',
    });
    expect(run.code).toBe(1);
    const failures = run.stdout.split('\n').filter((line) => line.startsWith('  ✗ '));
    expect(failures.map((line) => line.replace(/ \(\d+ ms\)$/, ''))).toEqual(
      expect.arrayContaining([
        '  ✗ pact › a request to rename an interaction',
        '  ✗ schema › every 2xx response is an Interaction',
      ]),
    );
    for (const line of failures) {
      const failure = failureOf(run.stdout, line.slice(4).replace(/ \(\d+ ms\)$/, ''))!;
      expect({
        line,
        curl: /reproduce: (printf '.*' \| )?curl .*'http:\/\/127\.0\.0\.1:\d+\/interactions\//.test(failure),
      }).toEqual({
        line,
        curl: true,
      });
    }
  });
});

describe('coverage: what the run exercised', () => {
  it('against an honest provider, judges every documented promise and says which responses it never saw', async () => {
    const run = await verifyAgainst(() => undefined, {});
    expect(run.code).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(run.reportDir, 'verify-report.json'), 'utf8')) as VerifyReport;
    expect(report.coverage!.promises.filter((p) => p.status !== 'judged')).toEqual([]);
    const seen = report.coverage!.responses.filter((r) => r.seen).map((r) => `${r.method} ${r.status}`);
    // The pacts read an unknown id with GET too (the consumer's read-back), so GET 404 is seen.
    expect(seen).toEqual(['GET 200', 'GET 404', 'POST 200', 'POST 400', 'POST 403', 'POST 404']);
    expect(run.stdout).toMatch(/^Coverage: 12 of 12 documented promises judged · 6 of 9 documented responses seen/m);
    expect(run.stdout).toContain('  responses never seen: GET 403, GET 500, POST 500');
    expect(run.stdout).toMatch(/enum values never seen on this target: .*initial_turn: agent/);
    expect(fs.readFileSync(path.join(run.reportDir, 'summary.md'), 'utf8')).toContain('### Coverage');
  });

  it('with --checks names alone, says in plain words which promises it did not judge', async () => {
    const run = await verifyAgainst(() => undefined, { checks: 'names' });
    expect(run.stdout).toMatch(/^Coverage: 1 of 12 documented promises judged/m);
    expect(run.stdout).toContain('  persistence not judged (not run): its checks (behaviour) did not run in this run');
  });
});
