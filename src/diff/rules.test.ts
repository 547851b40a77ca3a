import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { loadOpenApi } from '../contract/openapi';
import { judge } from './consumer';
import { RULES } from './findings';
import { diffOperations } from './operation-diff';

type Json = Record<string, any>;
interface Edits {
  set?: Record<string, unknown>;
  remove?: string[];
}
interface Case extends Edits {
  level: string;
  /** A rule that needs more than an edit: the test file that drives it, or why it has no pair. */
  elsewhere?: string;
  before?: Edits;
  versions?: string[];
}

const FIXTURES = path.join(__dirname, 'fixtures', 'rules');
const base = parse(fs.readFileSync(path.join(FIXTURES, 'base.yaml'), 'utf8')) as Json;
const cases = parse(fs.readFileSync(path.join(FIXTURES, 'cases.yaml'), 'utf8')) as Record<string, Case>;

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rule-cases-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function apply(document: Json, edits: Edits = {}): Json {
  const copy = structuredClone(document);
  const walk = (pointer: string) => {
    const keys = pointer
      .split('/')
      .slice(1)
      .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop()!;
    const parent = keys.reduce((at, key) => (at[key] ??= {}), copy);
    return { parent, last };
  };
  for (const [pointer, value] of Object.entries(edits.set ?? {})) {
    const { parent, last } = walk(pointer);
    parent[last] = structuredClone(value);
  }
  for (const pointer of edits.remove ?? []) {
    const { parent, last } = walk(pointer);
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  }
  return copy;
}

/** The same document in OpenAPI 3.0: `nullable: true` for a type with "null", enum for const. */
function to30(document: Json): Json {
  const convert = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(convert);
    if (typeof node !== 'object' || node === null) return node;
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'type' && Array.isArray(value) && value.includes('null')) {
        out.type = value.find((t) => t !== 'null');
        out.nullable = true;
      } else if (key === 'const') out.enum = [value];
      else out[key] = convert(value);
    }
    return out;
  };
  return { ...(convert(document) as Json), openapi: '3.0.3' };
}

let files = 0;
// Many cases share a side (the base document, or the same edit): each distinct document is written and read once.
const loaded = new Map<string, ReturnType<typeof loadOpenApi>>();
async function diff(before: Json, after: Json, version: string, format: string) {
  const read = (document: Json) => {
    const shaped = version === '3.0' ? to30(document) : document;
    const text = format === 'json' ? JSON.stringify(shaped, null, 2) : stringify(shaped);
    const key = `${format}\u0000${text}`;
    if (!loaded.has(key)) {
      const file = path.join(dir, `${files++}.${format}`);
      fs.writeFileSync(file, text);
      loaded.set(key, loadOpenApi(file));
    }
    return loaded.get(key)!;
  };
  const [old, now] = await Promise.all([read(before), read(after)]);
  expect([old.version, now.version]).toEqual([version, version]);
  return judge(
    diffOperations(
      { root: old.document, version: old.version },
      { root: now.document, version: now.version },
      { today: '2026-12-01' },
    ),
    [],
  );
}

describe('every rule has a before/after pair', () => {
  it('in cases.yaml, and every case names a rule that exists, at the level the catalogue gives it', () => {
    expect(Object.keys(RULES).filter((rule) => !(rule in cases))).toEqual([]);
    expect(Object.keys(cases).filter((rule) => !(rule in RULES))).toEqual([]);
    for (const [rule, c] of Object.entries(cases))
      expect([rule, RULES[rule as keyof typeof RULES].level]).toEqual([rule, c.level]);
  });

  it.each(Object.entries(cases).filter(([, c]) => c.elsewhere?.endsWith('.ts')))(
    '%s is driven by the test it names',
    (rule, c) => {
      expect(fs.readFileSync(path.join(__dirname, c.elsewhere!), 'utf8')).toContain(`'${rule}'`);
    },
  );

  const variants = Object.entries(cases)
    .filter(([, c]) => !c.elsewhere)
    .flatMap(([rule, c]) =>
      ['3.0', '3.1']
        .filter((version) => !c.versions || c.versions.includes(version))
        .flatMap((version) => ['yaml', 'json'].map((format) => [rule, version, format, c] as const)),
    );
  it.each(variants)('%s (OpenAPI %s, %s)', async (rule, version, format, c) => {
    const before = apply(base, c.before);
    const after = apply(base, c);
    const findings = await diff(before, after, version, format);
    expect(findings).toContainEqual(expect.objectContaining({ rule, level: c.level }));
    // The unchanged document has nothing to say.
    expect(await diff(after, after, version, format)).toEqual([]);
  });
});
