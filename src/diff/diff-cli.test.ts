import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONTRACTS_DIR, PROJECT_ROOT } from '../pacticipants';
import { closedPort, listen } from '../test-support/http-server';
import { runCli } from '../test-support/run-cli';

type Json = Record<string, any>;

let dir: string;
let before: string;
let after: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-cli-'));
  before = path.join(dir, 'before');
  after = path.join(dir, 'after');
  fs.cpSync(CONTRACTS_DIR, before, { recursive: true });
  fs.cpSync(CONTRACTS_DIR, after, { recursive: true });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function editSchema(root: string, name: string, edit: (schema: Json) => void): void {
  const file = path.join(root, 'schemas', `${name}.schema.json`);
  const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(schema);
  fs.writeFileSync(file, JSON.stringify(schema, null, 2));
}

describe('kept from the first differ: schema changes other tools miss, on the real contract', () => {
  it.each<[string, (root: string) => void, (root: string) => void, RegExp]>([
    [
      'an enum dropped from a response',
      () => undefined,
      (root) => editSchema(root, 'Interaction', (s) => delete s.properties.initial_turn.enum),
      /^BREAKING {2}response-property-enum-removed {2}GET .* 200 response body #\/properties\/initial_turn\/enum/m,
    ],
    [
      'a response minimum removed',
      () => undefined,
      (root) => editSchema(root, 'Interaction', (s) => delete s.properties.created_at.minimum),
      /^BREAKING {2}response-property-min-decreased {2}GET .* #\/properties\/created_at\/minimum {2}0 -> \(none\)/m,
    ],
    [
      'integer to number',
      () => undefined,
      (root) => editSchema(root, 'Interaction', (s) => (s.properties.total_message_count.type = 'number')),
      /^BREAKING {2}response-property-type-changed {2}GET .* #\/properties\/total_message_count\/type {2}integer ->/m,
    ],
    [
      'a format dropped',
      (root) => editSchema(root, 'Interaction', (s) => (s.properties.agent_id.format = 'uuid')),
      (root) => editSchema(root, 'Interaction', (s) => delete s.properties.agent_id.format),
      /^BREAKING {2}response-property-format-removed {2}GET .* #\/properties\/agent_id\/format {2}uuid -> \(none\)/m,
    ],
    [
      'a request object closed',
      (root) => editSchema(root, 'InteractionUpdateParams', (s) => delete s.additionalProperties),
      (root) => editSchema(root, 'InteractionUpdateParams', (s) => (s.additionalProperties = false)),
      /^BREAKING {2}request-property-closed {2}POST .* open -> closed: .*\[breaks this consumer\]$/m,
    ],
  ])('%s is breaking (exit 1)', async (_case, setup, change, line) => {
    setup(before);
    setup(after);
    change(after);
    const run = await runCli(['diff', before, after]);
    expect(run.stdout).toMatch(line);
    expect(run.code).toBe(1);
  });

  it('nothing changed: exit 0, and says so', async () => {
    const run = await runCli(['diff', before, after]);
    expect(run).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^No changes between .*before\/openapi\.json/),
    });
  });
});

describe('output', () => {
  beforeEach(() => editSchema(after, 'InteractionUpdateParams', (s) => (s.properties.name.type = 'string')));

  it('--format json lists each finding with its rule, level, location and consumer verdict', async () => {
    const run = await runCli(['diff', before, after, '--format', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ scope: 'all', breaking: 1 });
    expect(report.findings).toEqual([
      {
        rule: 'request-property-became-not-nullable',
        level: 'breaking',
        method: 'POST',
        path: '/interactions/{interaction_id}',
        where: 'request body',
        documentPointer: '/paths/~1interactions~1{interaction_id}/post',
        pointer: '/properties/name/type',
        old: 'string | null',
        new: 'string',
        message: 'no longer admits null',
        touchesPacts: true,
        blocking: true,
      },
    ]);
  });

  it('writes the Markdown table to --markdown and to $GITHUB_STEP_SUMMARY', async () => {
    const markdown = path.join(dir, 'diff.md');
    const summary = path.join(dir, 'summary.md');
    const run = await runCli(['diff', before, after, '--markdown', markdown], { GITHUB_STEP_SUMMARY: summary });
    expect(run.code).toBe(1);
    const table = fs.readFileSync(markdown, 'utf8');
    expect(table).toContain('## OpenAPI diff: 1 breaking change');
    expect(table).toContain(
      '| **breaking** | `request-property-became-not-nullable` | POST /interactions/{interaction\\_id} request body ' +
        '\\#/properties/name/type | string \\| null -&gt; string | no longer admits null | breaks this consumer |',
    );
    expect(fs.readFileSync(summary, 'utf8')).toBe(table);
  });

  it('escapes control characters that a document carries into names', async () => {
    editSchema(after, 'Interaction', (s) => (s.properties['evil\u001b[31m\r'] = { type: 'string' }));
    const run = await runCli(['diff', before, after]);
    expect(run.stdout).toContain('optional property "evil\\u001b[31m\\r" added');
    expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });
});

describe('inputs', () => {
  it('reads the new version from a URL (a YAML document on a local server)', async () => {
    const yaml = fs.readFileSync(path.join(__dirname, 'fixtures', 'provider-client-api.yaml'));
    const server = await listen((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/yaml' });
      response.end(yaml);
    });
    try {
      const run = await runCli(['diff', CONTRACTS_DIR, `${server.url}/openapi.yml`, '--scope', 'pacts']);
      expect(run.stdout).toMatch(
        /^WARNING {3}ref-sibling-nullable-ambiguous {2}POST \/interactions\/\{interaction_id\} request body/m,
      );
      expect(run.stdout).toMatch(/^INFO {6}endpoint-added {2}GET \/agents .*\[affects other clients\]$/m);
      expect(run.code).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('--base HEAD reads contracts/ from git: the same as the working tree', async () => {
    const run = await runCli(['diff', '--base', 'HEAD']);
    expect(run.stdout).toMatch(/^No changes between contracts\/openapi\.json at HEAD and /);
    expect(run.code).toBe(0);
  });

  it.each([
    ['a path that does not exist', () => ['diff', before, path.join(dir, 'nope')], /nope: it does not exist/, 2],
    [
      'a malformed schema file',
      () => (
        fs.writeFileSync(path.join(after, 'schemas', 'ApiError.schema.json'), '{ "type": '),
        ['diff', before, after]
      ),
      /ApiError\.schema\.json is not valid YAML or JSON at line 1/,
      2,
    ],
    [
      'a file that is not OpenAPI',
      () => (fs.writeFileSync(path.join(dir, 'x.json'), '{"a": 1}'), ['diff', before, path.join(dir, 'x.json')]),
      /x\.json, line 1, at \/openapi: there is no "openapi" version field/,
      2,
    ],
    ['a folder without a document', () => ['diff', before, dir], /is a folder without openapi\.json/, 2],
    ['one location only', () => ['diff', before], /needs two versions/, 2],
    ['--base and two locations', () => ['diff', '--base', 'HEAD', before, after], /give at most one location/, 2],
    ['an unknown git ref', () => ['diff', '--base', 'no-such-ref-anywhere'], /is not a commit/, 2],
    ['an unknown scope', () => ['diff', before, after, '--scope', 'mine'], /argument 'mine' is invalid/, 2],
    [
      'a bad timeout',
      () => ['diff', before, after, '--timeout-ms', 'soon'],
      /--timeout-ms takes a whole number from 1 to 300000 \(got "soon"\)/,
      2,
    ],
    ['a malformed URL', () => ['diff', before, 'http://'], /"http:\/\/" is not a valid URL/, 2],
  ])('exits %#: %s', async (_case, args, message, code) => {
    const run = await runCli(args());
    expect(run.stderr).toMatch(message);
    expect(run.code).toBe(code);
  });

  it('exits 3 when a URL cannot be fetched: refused, an error status, or no answer in time', async () => {
    const refused = await runCli(['diff', before, `http://127.0.0.1:${await closedPort()}/openapi.yml`]);
    expect(refused).toMatchObject({ code: 3, stderr: expect.stringMatching(/Cannot fetch .*: ECONNREFUSED/) });
    const failing = await listen((_request, response) => response.writeHead(503).end());
    const silent = await listen(() => undefined);
    // Headers, then a body that stalls; and a body that never ends.
    const stalling = await listen((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/yaml' });
      response.write('openapi: 3.0.1\n');
    });
    const endless = await listen((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/yaml' });
      const more = () => response.write(`# ${'x'.repeat(64 * 1024)}\n`, () => setImmediate(more));
      more();
    });
    try {
      const status = await runCli(['diff', before, `${failing.url}/openapi.yml`]);
      expect(status).toMatchObject({ code: 3, stderr: expect.stringMatching(/Cannot fetch .*: HTTP 503/) });
      const slow = await runCli(['diff', before, `${silent.url}/openapi.yml`, '--timeout-ms', '200']);
      expect(slow).toMatchObject({ code: 3, stderr: expect.stringMatching(/no answer within 200 ms/) });
      const stalled = await runCli(['diff', before, `${stalling.url}/openapi.yml`, '--timeout-ms', '300']);
      expect(stalled).toMatchObject({
        code: 3,
        stderr: expect.stringMatching(/the body was still incomplete after 300 ms \(15 bytes so far\)/),
      });
      const huge = await runCli(['diff', before, `${endless.url}/openapi.yml`]);
      expect(huge).toMatchObject({ code: 2, stderr: expect.stringMatching(/is larger than \d+ MiB: not an OpenAPI/) });
    } finally {
      await Promise.all([failing.close(), silent.close(), stalling.close(), endless.close()]);
    }
  });
});

describe('gates, explanations and pull requests', () => {
  beforeEach(() => editSchema(after, 'InteractionUpdateParams', (s) => (s.properties.name.type = 'string')));

  it('--explain RULE_ID prints what the rule means, its level and an example; an unknown id is exit 2', async () => {
    const run = await runCli(['diff', '--explain', 'request-parameter-default-value-changed']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^request-parameter-default-value-changed \(breaking\)$/m);
    expect(run.stdout).toMatch(/a client that omits it gets different behaviour/);
    expect(run.stdout).toMatch(/schema\/default/);
    const unknown = await runCli(['diff', '--explain', 'pattern-changed']);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringMatching(/"pattern-changed" is not a rule id/) });
    expect(unknown.stderr).toMatch(/Did you mean: .*request-property-pattern-changed/);
  });

  it('--format github prints one annotation per change, on the file and line of the new document', async () => {
    const run = await runCli(['diff', before, after, '--format', 'github']);
    expect(run.code).toBe(1);
    const file = path.relative(process.cwd(), path.join(after, 'openapi.json'));
    const line =
      fs
        .readFileSync(path.join(after, 'openapi.json'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('"post"')) + 1;
    expect(run.stdout.split('\n')[0]).toBe(
      `::error file=${file},line=${line},title=BREAKING request-property-became-not-nullable::` +
        'POST /interactions/{interaction_id} request body #/properties/name/type: string | null -> string: ' +
        'no longer admits null [breaks this consumer]',
    );
  });

  it('--fail-on info fails on an info finding; the default does not', async () => {
    fs.rmSync(after, { recursive: true });
    fs.cpSync(before, after, { recursive: true });
    editSchema(after, 'Interaction', (s) => (s.properties.colour = { type: 'string' }));
    expect((await runCli(['diff', before, after])).code).toBe(0);
    expect((await runCli(['diff', before, after, '--fail-on', 'info'])).code).toBe(1);
  });

  it('--base with no ref outside a pull request asks for one; an unfetched base is named with the fetch', async () => {
    const outside = await runCli(['diff', '--base']);
    expect(outside).toMatchObject({ code: 2, stderr: expect.stringMatching(/--base needs a git ref here/) });
    const unfetched = await runCli(['diff', '--base'], { GITHUB_BASE_REF: 'no-such-base-branch' });
    expect(unfetched.code).toBe(2);
    expect(unfetched.stderr).toMatch(/origin\/no-such-base-branch .* was not fetched/);
    expect(unfetched.stderr).toMatch(/git fetch --no-tags origin no-such-base-branch/);
  });

  it('--base with no ref in a pull request: the merge base of origin/$GITHUB_BASE_REF and HEAD', async () => {
    const ref = `refs/remotes/origin/diff-test-base-${process.pid}`;
    execFileSync('git', ['update-ref', ref, 'HEAD'], { cwd: PROJECT_ROOT });
    try {
      const run = await runCli(['diff', '--base'], { GITHUB_BASE_REF: `diff-test-base-${process.pid}` });
      expect(run.stdout).toMatch(/^No changes between contracts\/openapi\.json at [0-9a-f]{40} and /);
      expect(run.code).toBe(0);
    } finally {
      execFileSync('git', ['update-ref', '-d', ref], { cwd: PROJECT_ROOT });
    }
  });
});

describe('documents stay inside themselves (diff)', () => {
  it('a URL document that $refs a local file: exit 2 naming the $ref and the flag; not read', async () => {
    const secret = path.join(dir, 'secret.yaml');
    fs.writeFileSync(secret, 'type: string\ndescription: PROFICIENT_SECRET_KEY=sk_live_do_not_print\n');
    const document = JSON.parse(fs.readFileSync(path.join(CONTRACTS_DIR, 'openapi.json'), 'utf8'));
    document.components.schemas = { Interaction: { $ref: `file://${secret}` } };
    const server = await listen((_request, response) => response.end(JSON.stringify(document)));
    const spy = jest.spyOn(fs, 'readFileSync');
    try {
      const run = await runCli(['diff', CONTRACTS_DIR, `${server.url}/openapi.json`]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`$ref "file://${secret}" leads outside the document`);
      expect(run.stderr).toMatch(/--allow-ref/);
      expect(`${run.stdout}${run.stderr}`).not.toContain('sk_live');
      expect(spy.mock.calls.map(([file]) => String(file))).not.toContain(secret);
    } finally {
      spy.mockRestore();
      await server.close();
    }
  });

  it('--strict refuses what is otherwise a warning; a path with # in it is read as the file it names', async () => {
    const folder = path.join(dir, 'a#b');
    fs.mkdirSync(folder);
    const file = path.join(folder, 'x.yaml');
    fs.writeFileSync(file, 'openapi: 3.0.3\npaths: {}\n');
    const lenient = await runCli(['diff', file, file]);
    expect(lenient.stdout).toMatch(
      /^WARNING {3}document-invalid .*a#b\/x\.yaml, line 1 .*the required "info" is missing/m,
    );
    expect(lenient.code).toBe(0);
    const strict = await runCli(['diff', file, file, '--strict']);
    expect(strict).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/a#b\/x\.yaml, line 1, at \/: the required "info" is missing/),
    });
  });

  it('--time-limit-ms bounds the whole run (exit 2, naming the limit)', async () => {
    // 20,000 schemas take far longer than 1 ms to bundle: the clock is looked at while bundling.
    const document = JSON.parse(fs.readFileSync(path.join(after, 'openapi.json'), 'utf8'));
    for (let i = 0; i < 20_000; i++)
      document.components.schemas[`S${i}`] = { type: 'object', properties: { a: { type: 'string' } } };
    fs.writeFileSync(path.join(after, 'openapi.json'), JSON.stringify(document));
    const run = await runCli(['diff', before, after, '--time-limit-ms', '1']);
    expect(run).toMatchObject({ code: 2, stderr: expect.stringMatching(/took longer than the time limit of 1 ms/) });
  });
});
