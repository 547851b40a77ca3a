import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { CONTRACTS_DIR, PACT_FILE } from '../pacticipants';
import { runCli } from '../test-support/run-cli';

type Json = Record<string, any>;

let dir: string;
let before: string;
let after: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accepted-'));
  before = path.join(dir, 'before');
  after = path.join(dir, 'after');
  fs.cpSync(CONTRACTS_DIR, before, { recursive: true });
  fs.cpSync(CONTRACTS_DIR, after, { recursive: true });
  // A break: total_message_count may now be a fraction, in both responses that carry an Interaction.
  const file = path.join(after, 'schemas', 'Interaction.schema.json');
  const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
  schema.properties.total_message_count.type = 'number';
  fs.writeFileSync(file, JSON.stringify(schema, null, 2));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const acceptedFile = (content: Json) => {
  const file = path.join(dir, 'accepted.yaml');
  fs.writeFileSync(file, stringify(content));
  return file;
};
const entry = (operation: string, extra: Json = {}) => ({
  rule: 'response-property-type-changed',
  operation,
  pointer: '/properties/total_message_count/type',
  reason: 'clients parse numbers since v2.3',
  ...extra,
});
const diff = (...extra: string[]) => runCli(['diff', before, after, '--today', '2026-12-01', ...extra]);

describe('the accepted-changes file', () => {
  it('an accepted break prints ACCEPTED with its reason and does not fail the run', async () => {
    const file = acceptedFile({
      accepted: [entry('GET /interactions/{interaction_id}'), entry('POST /interactions/{interaction_id}')],
    });
    const run = await diff('--accepted', file);
    // One change, one line: both operations return the Interaction, and both are this consumer's.
    expect(run.stdout).toMatch(
      /^ACCEPTED {2}response-property-type-changed {2}GET \/interactions\/\{interaction_id\}, POST \/interactions\/\{interaction_id\} .*\(accepted breaking: clients parse numbers since v2\.3\)/m,
    );
    expect(run.stdout).not.toMatch(/^BREAKING/m);
    expect(run.code).toBe(0);
  });

  it('matches by operation, never by message text: the operation not listed still fails', async () => {
    const run = await diff('--accepted', acceptedFile({ accepted: [entry('GET /interactions/{interaction_id}')] }));
    expect(run.stdout).toMatch(/^BREAKING {2}response-property-type-changed {2}POST \/interactions/m);
    expect(run.stdout).toMatch(/^ACCEPTED {2}response-property-type-changed {2}GET \/interactions/m);
    expect(run.code).toBe(1);
  });

  it("an entry that matches nothing is an 'accepted-change-unmatched' warning", async () => {
    const file = acceptedFile({
      accepted: [
        entry('GET /interactions/{interaction_id}'),
        entry('POST /interactions/{interaction_id}'),
        entry('GET /agents'),
      ],
    });
    const run = await diff('--accepted', file);
    expect(run.stdout).toMatch(
      /^WARNING {3}accepted-change-unmatched {2}\S*accepted\.yaml, accepted entry 3 .*GET \/agents .*matches no finding/m,
    );
    expect(run.code).toBe(0);
  });

  it("an expired entry is an 'accepted-change-expired' warning, and the break counts again", async () => {
    const file = acceptedFile({
      accepted: [
        entry('GET /interactions/{interaction_id}', { expires: '2026-11-30' }),
        entry('POST /interactions/{interaction_id}', { expires: '2026-12-31' }),
      ],
    });
    const run = await diff('--accepted', file);
    expect(run.stdout).toMatch(
      /^WARNING {3}accepted-change-expired {2}\S*accepted\.yaml, accepted entry 1 .*expired on 2026-11-30/m,
    );
    expect(run.stdout).toMatch(/^BREAKING {2}response-property-type-changed {2}GET /m);
    expect(run.code).toBe(1);
  });

  it('per-rule level overrides, and --fail-on: a warning fails the run only when asked', async () => {
    const file = acceptedFile({ levels: { 'response-property-type-changed': 'warning' } });
    const lenient = await diff('--accepted', file);
    expect(lenient.stdout).toMatch(/^WARNING {3}response-property-type-changed/m);
    expect(lenient.code).toBe(0);
    expect((await diff('--accepted', file, '--fail-on', 'warning')).code).toBe(1);
  });

  it('is read from .contract-accepted.yaml in the working folder by default', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      fs.writeFileSync('.contract-accepted.yaml', stringify({ levels: { 'response-property-type-changed': 'info' } }));
      const run = await diff();
      expect(run.stdout).toMatch(/^INFO {6}response-property-type-changed/m);
      expect(run.code).toBe(0);
    } finally {
      process.chdir(cwd);
    }
  });

  it.each([
    [
      'an unknown rule id',
      { accepted: [{ ...entry('GET /a'), rule: 'response-property-tpye-changed' }] },
      /accepted entry 1: unknown rule id "response-property-tpye-changed"/,
    ],
    ['an unknown rule id in levels', { levels: { 'no-such-rule': 'info' } }, /levels: unknown rule id "no-such-rule"/],
    [
      'a level that is not one',
      { levels: { 'response-property-type-changed': 'fatal' } },
      /must be one of breaking, warning, info/,
    ],
    ['an entry without a reason', { accepted: [{ ...entry('GET /a'), reason: ' ' }] }, /needs a "reason"/],
    [
      'an entry without an operation',
      { accepted: [{ ...entry('GET /a'), operation: undefined }] },
      /needs "operation"/,
    ],
    ['a bad expiry', { accepted: [entry('GET /a', { expires: 'next week' })] }, /"expires" must be a date/],
    ['matching by message', { accepted: [{ ...entry('GET /a'), message: 'type changed' }] }, /unknown key "message"/],
  ])('%s is bad input (exit 2), never ignored', async (_case, content, message) => {
    const run = await diff('--accepted', acceptedFile(content));
    expect(run.stderr).toMatch(message);
    expect(run.code).toBe(2);
  });

  it('a named file that does not exist is bad input', async () => {
    const run = await diff('--accepted', path.join(dir, 'nope.yaml'));
    expect(run).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/accepted-changes file .*nope\.yaml: it does not exist/),
    });
  });

  it('applies to check-pacts too, by the comparator code, operation and place', async () => {
    const pact = JSON.parse(fs.readFileSync(PACT_FILE, 'utf8'));
    const rename = pact.interactions.find((i: Json) => i.description === 'a request to rename an interaction');
    rename.response.status = 409;
    const pactFile = path.join(dir, 'pact.json');
    fs.writeFileSync(pactFile, JSON.stringify(pact));
    const failing = await runCli(['check-pacts', '--pacts', pactFile]);
    expect(failing.code).toBe(1);
    const file = acceptedFile({
      accepted: [
        {
          rule: 'response.status.unknown',
          operation: 'POST /interactions/{interaction_id}',
          reason: 'conflict added in v3',
        },
        { rule: 'request.body.incompatible', operation: 'POST /interactions/{interaction_id}', reason: 'stale' },
      ],
    });
    const run = await runCli(['check-pacts', '--pacts', pactFile, '--accepted', file]);
    expect(run.stdout).toMatch(
      /^ACCEPTED {2}"a request to rename an interaction" .*\[response\.status\.unknown\] \(accepted: conflict added in v3\)/m,
    );
    expect(run.stdout).toMatch(
      /^warning {2}accepted-change-unmatched .*accepted entry 2: request\.body\.incompatible/m,
    );
    expect(run.code).toBe(0);
  });
});
