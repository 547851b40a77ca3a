import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONTRACTS_DIR } from '../pacticipants';
import { runCli } from '../test-support/run-cli';
import { diffContracts } from './contract-diff';
import { loadContractAtGitRef, loadContractVersion } from './contract-version';

let dir: string;
let before: string;
let after: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'contract-diff-'));
  before = path.join(dir, 'before');
  after = path.join(dir, 'after');
  fs.cpSync(CONTRACTS_DIR, before, { recursive: true });
  fs.cpSync(CONTRACTS_DIR, after, { recursive: true });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function editSchema(root: string, name: string, edit: (schema: any) => void): void {
  // eslint-disable-line @typescript-eslint/no-explicit-any
  const file = path.join(root, 'schemas', `${name}.schema.json`);
  const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(schema);
  fs.writeFileSync(file, JSON.stringify(schema, null, 2));
}

describe('diff on the real contract', () => {
  it('reports nothing when nothing changed (exit 0)', async () => {
    const run = await runCli(['diff', before, after]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/No changes to the contract's shape/);
  });

  it('reports an added enum value in Interaction as breaking, with pointer and reason (exit 1)', async () => {
    editSchema(after, 'Interaction', (s) => s.properties.initial_turn.enum.push('system'));
    const run = await runCli(['diff', before, after]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^BREAKING\s+Interaction#\/properties\/initial_turn\/enum\s+response: value "system" added$/m,
    );
    expect(run.stdout).toMatch(/1 change: 1 breaking, 0 compatible\./);
  });

  it('reports a nullable name and an added ApiError code as breaking, an optional field as compatible', async () => {
    editSchema(after, 'Interaction', (s) => {
      s.properties.name.type = ['string', 'null'];
      s.properties.colour = { type: 'string' };
    });
    editSchema(after, 'ApiError', (s) => s.properties.error.properties.code.enum.push('rate_limited'));
    const changes = diffContracts(loadContractVersion(before), loadContractVersion(after));
    expect(changes.map((c) => `${c.verdict} ${c.pointer}`)).toEqual([
      'breaking Interaction#/properties/name/type',
      'compatible Interaction#/properties/colour',
      'breaking ApiError#/properties/error/properties/code/enum',
    ]);
  });

  it('treats $ref reshuffling, descriptions and key order as no change', async () => {
    // The new version: one OpenAPI document, Interaction behind two hops of $ref, texts rewritten, keys reversed.
    const openapi = JSON.parse(fs.readFileSync(path.join(after, 'openapi.json'), 'utf8'));
    const interaction = JSON.parse(fs.readFileSync(path.join(after, 'schemas', 'Interaction.schema.json'), 'utf8'));
    interaction.description = 'Reworded';
    interaction.properties = Object.fromEntries(Object.entries(interaction.properties).reverse());
    openapi.components.schemas.InteractionBody = interaction;
    openapi.components.schemas.InteractionAlias = { $ref: '#/components/schemas/InteractionBody' };
    openapi.components.schemas.Interaction = { $ref: '#/components/schemas/InteractionAlias' };
    fs.writeFileSync(path.join(after, 'openapi.json'), JSON.stringify(openapi));
    const run = await runCli(['diff', before, path.join(after, 'openapi.json')]);
    expect(run.stdout).toMatch(/No changes/);
    expect(run.code).toBe(0);
  });

  it('writes the Markdown table to --markdown and to $GITHUB_STEP_SUMMARY', async () => {
    editSchema(after, 'InteractionUpdateParams', (s) => (s.properties.name.type = 'string'));
    const markdown = path.join(dir, 'diff.md');
    const summary = path.join(dir, 'summary.md');
    const run = await runCli(['diff', before, after, '--markdown', markdown], { GITHUB_STEP_SUMMARY: summary });
    expect(run.code).toBe(1);
    const table = fs.readFileSync(markdown, 'utf8');
    expect(table).toContain('## Contract diff: 1 breaking change');
    expect(table).toContain(
      '| **breaking** | `InteractionUpdateParams#/properties/name/type` | request: type changed from string or null to string |',
    );
    expect(fs.readFileSync(summary, 'utf8')).toBe(table);
  });

  it.each([
    ['a path that does not exist', (): string[] => ['diff', before, path.join(dir, 'nope')], /does not exist/],
    [
      'a malformed schema',
      (): string[] => (
        fs.writeFileSync(path.join(after, 'schemas', 'ApiError.schema.json'), '{ "type": '),
        ['diff', before, after]
      ),
      /ApiError\.schema\.json is not valid JSON/,
    ],
    [
      'a file that is no contract',
      (): string[] => (
        fs.writeFileSync(path.join(dir, 'x.json'), '{"a": 1}'),
        ['diff', before, path.join(dir, 'x.json')]
      ),
      /neither a contracts folder nor an OpenAPI document/,
    ],
    ['one path only', (): string[] => ['diff', before], /needs two versions/],
    ['an unknown git ref', (): string[] => ['diff', '--base', 'no-such-ref-anywhere'], /is not a commit/],
  ])('exits 2 on %s', async (_case, args, message) => {
    const run = await runCli(args());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe('diff against a git ref', () => {
  it('reads contracts/ as it was at the ref', () => {
    const repo = path.join(dir, 'repo');
    fs.mkdirSync(repo);
    fs.cpSync(before, path.join(repo, 'contracts'), { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {
        cwd: repo,
        stdio: 'pipe',
      });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'base');
    editSchema(
      path.join(repo, 'contracts'),
      'Interaction',
      (s) => (s.required = s.required.filter((f: string) => f !== 'user_id')),
    );
    const changes = diffContracts(
      loadContractAtGitRef('HEAD', repo),
      loadContractVersion(path.join(repo, 'contracts')),
    );
    expect(changes).toEqual([
      {
        pointer: 'Interaction#/required',
        verdict: 'breaking',
        reason: 'response: field "user_id" is no longer required (it may be missing)',
      },
    ]);
  });
});
