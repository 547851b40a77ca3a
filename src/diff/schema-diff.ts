/**
 * Classifies every change between two versions of a JSON Schema as breaking
 * or compatible, by the direction the data travels:
 * - a response (provider to consumer) may not start sending what a strict
 *   consumer has never seen: widening it is breaking, narrowing compatible;
 * - a request (consumer to provider) may not stop accepting what consumers
 *   already send: narrowing it is breaking, widening compatible.
 * Cosmetic keywords (descriptions, titles, examples, key order) are ignored;
 * $refs are resolved before comparing, so reshuffling them changes nothing.
 * Keywords this differ does not analyse are reported as breaking when they
 * change: a wrong "breaking" costs a look, a wrong "compatible" costs an outage.
 */

export type Direction = 'request' | 'response';
export type Verdict = 'breaking' | 'compatible';

export interface SchemaChange {
  /** Schema name and JSON pointer into it, e.g. Interaction#/properties/initial_turn/enum. */
  pointer: string;
  verdict: Verdict;
  reason: string;
}

type Schema = Record<string, unknown>;

const COSMETIC = new Set([
  'description',
  'title',
  'examples',
  'example',
  '$comment',
  '$id',
  '$schema',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  'externalDocs',
  'xml',
]);
const ANALYSED = new Set([
  'type',
  'nullable',
  'enum',
  'const',
  'format',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minimum',
  'exclusiveMinimum',
  'maximum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'pattern',
  'multipleOf',
]);
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems'] as const;
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems'] as const;

/** Compares one schema's two versions. `name` prefixes every pointer. */
export function diffSchema(name: string, before: Schema, after: Schema, direction: Direction): SchemaChange[] {
  const changes: SchemaChange[] = [];
  compare(before, after, '', { name, direction, changes });
  return changes;
}

interface Walk {
  name: string;
  direction: Direction;
  changes: SchemaChange[];
}

/** A widening breaks responses; a narrowing breaks requests. */
function report(walk: Walk, pointer: string, kind: 'widened' | 'narrowed' | 'changed', reason: string): void {
  const breaking = kind === 'changed' || (kind === 'widened') === (walk.direction === 'response');
  walk.changes.push({
    pointer: `${walk.name}#${pointer}`,
    verdict: breaking ? 'breaking' : 'compatible',
    reason: `${walk.direction}: ${reason}`,
  });
}

function compare(before: Schema, after: Schema, at: string, walk: Walk): void {
  compareTypes(before, after, at, walk);
  compareValues(before, after, at, walk);
  compareFormat(before, after, at, walk);
  compareBounds(before, after, at, walk);
  compareObject(before, after, at, walk);
  if (isSchema(before.items) && isSchema(after.items)) compare(before.items, after.items, `${at}/items`, walk);
  else if (!same(before.items, after.items)) report(walk, `${at}/items`, 'changed', 'array items changed shape');

  for (const keyword of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (COSMETIC.has(keyword) || ANALYSED.has(keyword) || keyword.startsWith('x-')) continue;
    if (!same(before[keyword], after[keyword]))
      report(
        walk,
        `${at}/${keyword}`,
        'changed',
        `"${keyword}" changed (not analysed by this differ, so treated as breaking)`,
      );
  }
}

/** The JSON types a schema admits; undefined means any. `nullable: true` (OpenAPI 3.0) admits null. */
function typesOf(schema: Schema): Set<string> | undefined {
  if (schema.type === undefined) return undefined;
  const types = new Set(([] as string[]).concat(schema.type as string | string[]));
  if (schema.nullable === true) types.add('null');
  return types;
}

/** Whether every value `inner` admits, `outer` admits too. */
function admitsAll(outer: Set<string> | undefined, inner: Set<string> | undefined): boolean {
  if (outer === undefined) return true;
  if (inner === undefined) return false;
  return [...inner].every((t) => outer.has(t) || (t === 'integer' && outer.has('number')));
}

function compareTypes(before: Schema, after: Schema, at: string, walk: Walk): void {
  const old = typesOf(before);
  const now = typesOf(after);
  const widened = !admitsAll(old, now);
  const narrowed = !admitsAll(now, old);
  if (!widened && !narrowed) return;
  const show = (types: Set<string> | undefined) => (types ? [...types].join(' or ') : 'any type');
  const becameNullable = widened && !narrowed && now?.has('null') && !old?.has('null');
  const reason = becameNullable
    ? `became nullable (${show(old)} to ${show(now)})`
    : `type changed from ${show(old)} to ${show(now)}`;
  const pointer = `${at}/type`;
  if (widened && narrowed) report(walk, pointer, 'changed', reason);
  else report(walk, pointer, widened ? 'widened' : 'narrowed', reason);
}

/** enum and const: the allowed values. */
function compareValues(before: Schema, after: Schema, at: string, walk: Walk): void {
  const valuesOf = (schema: Schema) =>
    Array.isArray(schema.enum) ? schema.enum : 'const' in schema ? [schema.const] : undefined;
  const old = valuesOf(before);
  const now = valuesOf(after);
  const pointer = `${at}/${'enum' in after || 'enum' in before ? 'enum' : 'const'}`;
  if (old && now) {
    for (const value of now.filter((v) => !old.some((o) => same(o, v))))
      report(walk, pointer, 'widened', `value ${JSON.stringify(value)} added`);
    for (const value of old.filter((v) => !now.some((n) => same(n, v))))
      report(walk, pointer, 'narrowed', `value ${JSON.stringify(value)} removed`);
  } else if (old && !now) {
    report(
      walk,
      pointer,
      'widened',
      `the list of allowed values (${old.map((v) => JSON.stringify(v)).join(', ')}) was dropped`,
    );
  } else if (!old && now) {
    report(walk, pointer, 'narrowed', `now limited to ${now.map((v) => JSON.stringify(v)).join(', ')}`);
  }
}

function compareFormat(before: Schema, after: Schema, at: string, walk: Walk): void {
  if (before.format === after.format) return;
  const pointer = `${at}/format`;
  if (before.format === undefined) report(walk, pointer, 'narrowed', `format "${after.format}" added`);
  else if (after.format === undefined) report(walk, pointer, 'widened', `format "${before.format}" dropped`);
  else report(walk, pointer, 'changed', `format changed from "${before.format}" to "${after.format}"`);
}

function compareBounds(before: Schema, after: Schema, at: string, walk: Walk): void {
  const bound = (keyword: string, looser: (old: number, now: number) => boolean) => {
    const old = before[keyword] as number | undefined;
    const now = after[keyword] as number | undefined;
    if (old === now) return;
    const pointer = `${at}/${keyword}`;
    if (now === undefined) report(walk, pointer, 'widened', `${keyword} ${old} dropped`);
    else if (old === undefined) report(walk, pointer, 'narrowed', `${keyword} ${now} added`);
    else report(walk, pointer, looser(old, now) ? 'widened' : 'narrowed', `${keyword} changed from ${old} to ${now}`);
  };
  for (const keyword of LOWER_BOUNDS) bound(keyword, (old, now) => now < old);
  for (const keyword of UPPER_BOUNDS) bound(keyword, (old, now) => now > old);
  for (const keyword of ['pattern', 'multipleOf']) {
    if (same(before[keyword], after[keyword])) continue;
    const pointer = `${at}/${keyword}`;
    if (after[keyword] === undefined)
      report(walk, pointer, 'widened', `${keyword} ${JSON.stringify(before[keyword])} dropped`);
    else if (before[keyword] === undefined)
      report(walk, pointer, 'narrowed', `${keyword} ${JSON.stringify(after[keyword])} added`);
    else
      report(
        walk,
        pointer,
        'changed',
        `${keyword} changed from ${JSON.stringify(before[keyword])} to ${JSON.stringify(after[keyword])}`,
      );
  }
}

function compareObject(before: Schema, after: Schema, at: string, walk: Walk): void {
  const oldProps = (before.properties ?? {}) as Record<string, Schema>;
  const newProps = (after.properties ?? {}) as Record<string, Schema>;
  const oldRequired = new Set((before.required ?? []) as string[]);
  const newRequired = new Set((after.required ?? []) as string[]);
  const closedAfter = after.additionalProperties === false;
  const added = Object.keys(newProps).filter((k) => !(k in oldProps));

  for (const field of Object.keys(oldProps)) {
    const pointer = `${at}/properties/${field}`;
    if (!(field in newProps)) {
      const renamedTo = added.find((k) => same(strip(newProps[k]), strip(oldProps[field])));
      const hint = renamedTo ? ` (renamed to "${renamedTo}"?)` : '';
      if (walk.direction === 'response') report(walk, pointer, 'changed', `field "${field}" removed${hint}`);
      else
        report(
          walk,
          pointer,
          closedAfter ? 'narrowed' : 'widened',
          `field "${field}" removed${hint}${closedAfter ? '; sending it is now rejected' : '; it is now ignored'}`,
        );
      continue;
    }
    compare(oldProps[field], newProps[field], pointer, walk);
    if (oldRequired.has(field) && !newRequired.has(field))
      report(walk, `${at}/required`, 'widened', `field "${field}" is no longer required (it may be missing)`);
    if (!oldRequired.has(field) && newRequired.has(field))
      report(walk, `${at}/required`, 'narrowed', `field "${field}" is now required`);
  }
  for (const field of added) {
    const required = newRequired.has(field);
    // A new response field only gives consumers more; a new required request field demands something old clients never send.
    const breaking = walk.direction === 'request' && required;
    walk.changes.push({
      pointer: `${walk.name}#${at}/properties/${field}`,
      verdict: breaking ? 'breaking' : 'compatible',
      reason: `${walk.direction}: ${required ? 'required' : 'optional'} field "${field}" added`,
    });
  }
  const closedBefore = before.additionalProperties === false;
  if (closedBefore !== closedAfter) {
    report(
      walk,
      `${at}/additionalProperties`,
      closedAfter ? 'narrowed' : 'widened',
      closedAfter ? 'properties not listed are now rejected' : 'properties not listed are now allowed',
    );
  }
}

function strip(schema: Schema): Schema {
  return Object.fromEntries(Object.entries(schema).filter(([k]) => !COSMETIC.has(k)));
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality that ignores key order. */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((v, i) => same(v, (b as unknown[])[i]));
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((k) => same((a as Schema)[k], (b as Schema)[k]));
}
