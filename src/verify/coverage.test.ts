import { loadContract } from '../contract/schemas';
import { CHECK_GROUPS } from './checks/registry';
import { coverageLines, coverageMarkdown, coverageOf, measureCoverage, PROMISES } from './coverage';
import type { CheckResult } from './results';

const openapi = {
  paths: {
    '/interactions/{interaction_id}': {
      parameters: [],
      get: { responses: { '200': {}, '404': {} } },
      post: { responses: { '200': {}, '403': {} } },
    },
  },
};
const schemas = {
  Interaction: { properties: { name: {}, initial_turn: { enum: ['user', 'agent'] } } },
  ApiError: { properties: { error: { properties: { code: { enum: ['forbidden', 'unknown'] }, message: {} } } } },
};
const schemaFor = (status: number) => (status === 200 ? 'Interaction' : status >= 400 ? 'ApiError' : undefined);
const exchange = (method: string, status: number, body: unknown, path = '/interactions/int_1') => ({
  method,
  path,
  status,
  documented: body,
});
const result = (group: string, name: string, status: CheckResult['status'], message?: string): CheckResult => ({
  group,
  name,
  status,
  durationMs: 1,
  detail: message ? { message } : undefined,
});

describe('coverageOf', () => {
  const coverage = coverageOf({
    results: [
      result('behaviour', 'the name sent is the name returned', 'failed', 'changed'),
      result('behaviour', 'the change persisted: a read-back equals the answer', 'skipped', 'read-back unavailable'),
      result('errors', 'an unknown id gives 404 and an ApiError', 'error', 'connection reset'),
    ],
    exchanges: [
      exchange('POST', 200, { name: 'x', initial_turn: 'user' }),
      exchange('POST', 403, { error: { code: 'forbidden', message: 'no' } }),
      exchange('POST', 201, { name: 'y' }),
      { method: 'GET', path: '/interactions/int_1' }, // no answer: not seen
      exchange('GET', 404, { error: { code: 'unknown' } }, '/elsewhere/int_1'), // not a documented path
    ],
    openapi,
    schemas,
    schemaFor,
  });

  it('lists every documented operation × status, derived from the document, and whether it was seen', () => {
    expect(coverage.responses.map((r) => `${r.method} ${r.status} ${r.seen}`)).toEqual([
      'GET 200 false',
      'GET 404 false',
      'POST 200 true',
      'POST 403 true',
    ]);
    expect(coverage.undocumented).toEqual([
      { method: 'POST', status: 201 },
      { method: 'GET', status: 404 },
    ]);
  });

  it('lists every documented field, nested ones too, and every enum value, and whether a response carried it', () => {
    expect(coverage.fields.map((f) => `${f.schema}.${f.field} ${f.seen}`)).toEqual([
      'Interaction.name true',
      'Interaction.initial_turn true',
      'ApiError.error true',
      'ApiError.error.code true',
      'ApiError.error.message true',
    ]);
    expect(coverage.enums.filter((e) => !e.seen).map((e) => `${e.field}: ${e.value}`)).toEqual([
      'initial_turn: agent',
      'error.code: unknown',
    ]);
  });

  it('says of each promise whether it was judged (a failure counts), skipped and why, or not run and why', () => {
    const byTopic = Object.fromEntries(coverage.promises.map((p) => [p.topic, p]));
    expect(byTopic.names.status).toBe('judged');
    expect(byTopic.persistence).toMatchObject({ status: 'skipped', why: 'read-back unavailable' });
    expect(byTopic['unknown ids']).toMatchObject({
      status: 'not run',
      why: 'the target could not be checked: connection reset',
    });
    expect(byTopic['the pacts']).toMatchObject({ status: 'not run', why: 'its checks (pact) did not run in this run' });
  });

  it('prints counts and, in plain words, what was not judged or never seen', () => {
    const lines = coverageLines(coverage);
    expect(lines[0]).toBe(
      'Coverage: 1 of 12 documented promises judged · 2 of 4 documented responses seen · 5 of 5 fields · ' +
        '2 of 4 enum values',
    );
    expect(lines).toContain('  persistence not judged (skipped): read-back unavailable');
    expect(lines).toContain('  responses never seen: GET 200, GET 404');
    expect(lines).toContain('  undocumented statuses seen: POST 201, GET 404');
    expect(lines).toContain('  enum values never seen on this target: initial_turn: agent, error.code: unknown');
  });

  it('writes a Markdown section with a table each, a pipe in a reason kept inside its cell', () => {
    const markdown = coverageMarkdown({
      ...coverage,
      promises: [{ promise: 'p', topic: 't', status: 'skipped', why: 'a | b' }],
    }).join('\n');
    expect(markdown).toContain('| p | skipped | a \\| b |');
    expect(markdown).toContain('| GET /interactions/{interaction_id} | 200 | **never seen** |');
    expect(markdown).toContain('| `initial_turn: agent` | **never seen** |');
  });
});

describe('measureCoverage', () => {
  it("reads this repository's contract: POST 200/400/403/404/500, GET 200/403/404/500, every Interaction field", () => {
    const coverage = measureCoverage([], []);
    expect(coverage.responses.map((r) => `${r.method} ${r.status}`).sort()).toEqual(
      ['GET 200', 'GET 403', 'GET 404', 'GET 500', 'POST 200', 'POST 400', 'POST 403', 'POST 404', 'POST 500'].sort(),
    );
    const interactionFields = Object.keys((loadContract().schemas.Interaction as { properties: object }).properties);
    expect(coverage.fields.filter((f) => f.schema === 'Interaction').map((f) => f.field)).toEqual(interactionFields);
    expect(coverage.enums.map((e) => e.value)).toContain('agent');
    expect(coverage.promises.every((p) => p.status === 'not run')).toBe(true);
  });
});

describe('the documented promises', () => {
  // A promise names its checks by group and by how their names start: a renamed check must not
  // leave a promise silently "not run".
  it.each(PROMISES.flatMap((p) => p.judgedBy.map((by) => ({ promise: p.promise, ...by }))))(
    '"$promise" is judged by a check that exists ($group › $check)',
    ({ group, check }) => {
      const registered = CHECK_GROUPS.find((g) => g.name === group);
      expect(registered).toBeDefined();
      if (check)
        expect(registered!.checks?.map((c) => c.name).filter((name) => name.startsWith(check))).not.toEqual([]);
    },
  );
});
