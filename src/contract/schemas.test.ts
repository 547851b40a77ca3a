import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../errors';
import { renderValidators } from './generate';
import { loadContract, loadSchemas, schemaFile, SCHEMA_NAMES } from './schemas';
import { execFileSync } from 'node:child_process';
import { PROJECT_ROOT } from '../pacticipants';

const GENERATED_TYPES_FILE = path.join(__dirname, 'types.generated.ts');

const contract = loadContract();
const valid = (contract.schemas.Interaction.examples as object[])[0];

function messages(name: Parameters<typeof contract.validate>[0], document: unknown): string[] {
  const result = contract.validate(name, document);
  return result.valid ? [] : result.violations.map((v) => v.message);
}

describe('the contract schemas', () => {
  it('accept the documented example and extra properties', () => {
    expect(messages('Interaction', valid)).toEqual([]);
    expect(messages('Interaction', { ...valid, colour: 'blue' })).toEqual([]);
    expect(messages('Interaction', { ...valid, initial_turn: 'agent' })).toEqual([]);
  });

  it('say which enum value is wrong, in one readable line', () => {
    expect(messages('Interaction', { ...valid, initial_turn: 'assistant' })).toEqual([
      '/initial_turn must be one of "user", "agent" (got "assistant")',
    ]);
  });

  it('name a missing field and a retyped field, all at once', () => {
    const { user_id: _dropped, ...withoutUser } = valid as Record<string, unknown>;
    expect(messages('Interaction', { ...withoutUser, created_at: '1764072000000' })).toEqual([
      '/user_id is required but missing',
      '/created_at must be integer (got string "1764072000000")',
    ]);
  });

  it('reject fractional timestamps and negative counts', () => {
    expect(messages('Interaction', { ...valid, created_at: 1.5, total_message_count: -1 })).toEqual([
      '/created_at must be integer (got number 1.5)',
      '/total_message_count must be >= 0 (got integer -1)',
    ]);
  });

  it('accept a string or null name in the update params, and nothing else', () => {
    expect(messages('InteractionUpdateParams', { name: 'x' })).toEqual([]);
    expect(messages('InteractionUpdateParams', { name: null })).toEqual([]);
    expect(messages('InteractionUpdateParams', {})).toEqual([]);
    expect(messages('InteractionUpdateParams', { name: 42 })).toEqual([
      '/name must be string or null (got integer 42)',
    ]);
    expect(messages('InteractionUpdateParams', { nmae: 'x' })).toEqual(['/nmae is not allowed (allowed: name)']);
  });

  it('hold an ApiError to its code list', () => {
    expect(messages('ApiError', { error: { code: 'resource_not_found', message: 'gone' } })).toEqual([]);
    expect(messages('ApiError', { error: { code: 'not_found', message: 'gone' } })).toEqual([
      '/error/code must be one of "invalid_request", "invalid_credentials", "forbidden", "resource_not_found", ' +
        '"conflict", "unavailable", "unknown" (got "not_found")',
    ]);
    expect(messages('ApiError', { message: 'gone' })).toEqual(['/error is required but missing']);
  });
});

describe('loading a broken contracts folder', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'contracts-'));
    fs.cpSync(path.join(__dirname, '../../contracts'), dir, { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names the file and the line of a JSON syntax error', () => {
    fs.writeFileSync(schemaFile('ApiError', dir), '{\n  "type": "object",\n  oops\n}');
    expect(() => loadSchemas(dir)).toThrow(InputError);
    expect(() => loadSchemas(dir)).toThrow(/ApiError\.schema\.json is not valid JSON at line 3, column 3/);
  });

  it('names the file of a schema AJV cannot compile', () => {
    fs.writeFileSync(
      schemaFile('Interaction', dir),
      JSON.stringify({ type: 'object', properties: { id: { type: 'strng' } } }),
    );
    expect(() => renderValidators(loadSchemas(dir), dir)).toThrow(
      /Interaction\.schema\.json is not a valid JSON Schema/,
    );
  });

  it('names a missing schema file', () => {
    fs.rmSync(schemaFile('InteractionUpdateParams', dir));
    expect(() => loadSchemas(dir)).toThrow(
      /Cannot read schema .*InteractionUpdateParams\.schema\.json: it does not exist/,
    );
  });
});

describe('the code generated from the schemas', () => {
  // Runs the built generator (npm test builds first): it exits 1 and says what to run when stale.
  it('is up to date with contracts/schemas: types and precompiled validators (run npm run generate if not)', () => {
    expect(() =>
      execFileSync(process.execPath, ['dist/contract/generate.js', '--check'], {
        cwd: PROJECT_ROOT,
        stdio: 'pipe',
      }),
    ).not.toThrow();
  });

  it('covers every schema', () => {
    const text = fs.readFileSync(GENERATED_TYPES_FILE, 'utf8');
    for (const name of SCHEMA_NAMES) expect(text).toContain(`export interface ${name} {`);
    expect(Object.keys(require('./validators.generated')).sort()).toEqual([...SCHEMA_NAMES].sort());
  });
});
