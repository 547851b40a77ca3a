import { resolvePointer } from '../contract/openapi';

/** How deep one schema is compared. Beyond it, the differ says so with a finding that fails the run. */
export const MAX_SCHEMA_DEPTH = 500;

type Json = Record<string, unknown>;

const resolved = new WeakMap<object, Map<string, unknown>>();

/** What a "#/..." ref names in a document: looked up once per document and ref (documents do not change once read). */
export function resolveRef(root: Json, ref: string): unknown {
  let memo = resolved.get(root);
  if (!memo) resolved.set(root, (memo = new Map()));
  if (memo.has(ref)) return memo.get(ref);
  const value = resolvePointer(root, ref);
  memo.set(ref, value);
  return value;
}

/** A bundled document and the OpenAPI version that decides how its schemas read. */
export interface Doc {
  root: Json;
  version: '3.0' | '3.1';
}

/**
 * One schema in canonical form, one level deep: what the wire admits, whatever the spelling.
 * Nullable in any of its three spellings becomes "null" in `types`; `const` a one-value enum;
 * `allOf` is merged; $refs are followed. Children stay raw, read when the walk reaches them,
 * so recursive schemas cost nothing until compared.
 */
export interface View {
  /** The component the schema was reached through, e.g. "#/components/schemas/Interaction". */
  ref?: string;
  /** The JSON types it admits; undefined admits any. */
  types?: Set<string>;
  /** OpenAPI 3.0 ignored a `nullable: true` written beside a $ref here: strictly not nullable. */
  ambiguousNull?: boolean;
  values?: unknown[];
  extensible?: unknown[];
  format?: string;
  pattern?: string;
  lower: Record<string, number>;
  upper: Record<string, number>;
  properties: Record<string, unknown>;
  required: Set<string>;
  closed: boolean;
  items?: unknown;
  /** An additionalProperties schema (not true or false). */
  additional?: unknown;
  /** anyOf / oneOf alternatives, null alternatives taken out (they are read as nullable). */
  anyOf?: unknown[];
  oneOf?: unknown[];
  discriminator?: string;
  readOnly: boolean;
  writeOnly: boolean;
  /** Whether a default is written, and its value. */
  hasDefault: boolean;
  default?: unknown;
  /** The schema nests deeper than MAX_SCHEMA_DEPTH through allOf or $refs: not read below. */
  tooDeep?: boolean;
  /** Keywords this differ does not analyse, compared whole. */
  other: Json;
}

const COSMETIC = new Set([
  'description',
  'title',
  'summary',
  'example',
  'examples',
  '$comment',
  '$id',
  '$schema',
  'deprecated',
  'externalDocs',
  'xml',
]);
const LOWER = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
const UPPER = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];
const HANDLED = new Set([
  ...LOWER,
  ...UPPER,
  '$ref',
  'type',
  'nullable',
  'enum',
  'const',
  'x-extensible-enum',
  'format',
  'pattern',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'allOf',
  'oneOf',
  'anyOf',
  'default',
  'readOnly',
  'writeOnly',
  'discriminator',
]);

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isNullSchema = (value: unknown) => isObject(value) && value.type === 'null' && Object.keys(value).length === 1;

/** Reads one schema node of a document into its canonical view. */
export function view(raw: unknown, doc: Doc, depth = 0, seen: string[] = []): View {
  if (raw === true || raw === undefined || !isObject(raw)) return empty();
  if (depth > MAX_SCHEMA_DEPTH) return { ...empty(), tooDeep: true };
  if (typeof raw.$ref === 'string') {
    // A $ref that leads back to itself through allOf or $refs alone admits nothing more: stop there.
    if (seen.includes(raw.$ref)) return { ...empty(), ref: raw.$ref };
    seen = [...seen, raw.$ref];
    const target = resolveRef(doc.root, raw.$ref);
    const { $ref, ...siblings } = raw;
    const meaningful = Object.keys(siblings).filter((k) => !COSMETIC.has(k));
    let result: View;
    if (doc.version === '3.0' || meaningful.length === 0) {
      // OpenAPI 3.0: "This object cannot be extended with additional properties and any properties added SHALL be
      // ignored." Read strictly, but remember a nullable that the author plainly meant.
      result = { ...view(target, doc, depth + 1, seen) };
      if (doc.version === '3.0' && siblings.nullable === true && !result.types?.has('null'))
        result.ambiguousNull = true;
    } else {
      // 3.1 (JSON Schema 2020-12): keywords beside $ref apply too.
      result = merge(view(target, doc, depth + 1, seen), view(siblings, doc, depth + 1, seen));
    }
    return { ...result, ref: $ref as string };
  }

  let result = own(raw, doc);
  for (const member of Array.isArray(raw.allOf) ? raw.allOf : [])
    result = merge(result, view(member, doc, depth + 1, seen));
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const members = raw[keyword];
    if (!Array.isArray(members)) continue;
    const nonNull = members.filter((m) => !isNullSchema(m));
    if (nonNull.length === 1 && nonNull.length < members.length) {
      // oneOf [X, {type: null}] is X or null: the third spelling of nullable.
      const inner = view(nonNull[0], doc, depth + 1, seen);
      result = merge(result, { ...inner, types: inner.types ? new Set([...inner.types, 'null']) : undefined });
    } else {
      result[keyword] = nonNull;
      if (nonNull.length < members.length && result.types) result.types.add('null');
    }
  }
  // 3.0 nullable applies to the whole schema, including what allOf brought in.
  if (doc.version === '3.0' && raw.nullable === true && result.types) result.types.add('null');
  return result;
}

function empty(): View {
  return {
    lower: {},
    upper: {},
    properties: {},
    required: new Set(),
    closed: false,
    readOnly: false,
    writeOnly: false,
    hasDefault: false,
    other: {},
  };
}

/** The keywords written on this node itself. */
function own(raw: Json, doc: Doc): View {
  const result = empty();
  if (raw.type !== undefined) result.types = new Set(([] as string[]).concat(raw.type as string | string[]));
  if (Array.isArray(raw.enum)) result.values = raw.enum.filter((v) => v !== null || raw.nullable !== true);
  if ('const' in raw) result.values = [raw.const];
  if (result.values && result.types?.has('null')) result.values = result.values.filter((v) => v !== null);
  if (Array.isArray(raw['x-extensible-enum'])) result.extensible = raw['x-extensible-enum'];
  if (typeof raw.format === 'string') result.format = raw.format;
  if (typeof raw.pattern === 'string') result.pattern = raw.pattern;
  for (const keyword of [...LOWER, ...UPPER]) {
    const value = raw[keyword];
    if (typeof value !== 'number') continue;
    (LOWER.includes(keyword) ? result.lower : result.upper)[keyword] = value;
  }
  if (doc.version === '3.0') {
    // 3.0 spells exclusive bounds as a boolean beside minimum/maximum; read them the 3.1 way.
    for (const [flag, bound, side] of [
      ['exclusiveMinimum', 'minimum', result.lower],
      ['exclusiveMaximum', 'maximum', result.upper],
    ] as const) {
      if (raw[flag] === true && typeof raw[bound] === 'number') {
        side[flag] = raw[bound] as number;
        delete side[bound];
      }
    }
  }
  if (isObject(raw.properties)) result.properties = { ...raw.properties };
  if (Array.isArray(raw.required)) result.required = new Set(raw.required as string[]);
  if (raw.additionalProperties === false) result.closed = true;
  else if (isObject(raw.additionalProperties) && Object.keys(raw.additionalProperties).length > 0)
    result.additional = raw.additionalProperties;
  if (raw.items !== undefined) result.items = raw.items;
  if (isObject(raw.discriminator) && typeof raw.discriminator.propertyName === 'string')
    result.discriminator = raw.discriminator.propertyName;
  result.readOnly = raw.readOnly === true;
  result.writeOnly = raw.writeOnly === true;
  if ('default' in raw) {
    result.hasDefault = true;
    result.default = raw.default;
  }
  for (const [keyword, value] of Object.entries(raw))
    if (!HANDLED.has(keyword) && !COSMETIC.has(keyword) && !keyword.startsWith('x-')) result.other[keyword] = value;
  return result;
}

/** allOf: a value must satisfy both, so types and values intersect, bounds tighten, properties unite. */
function merge(a: View, b: View): View {
  const result: View = {
    ...a,
    ref: a.ref ?? b.ref,
    ambiguousNull: a.ambiguousNull || b.ambiguousNull,
    types: intersectTypes(a.types, b.types),
    values: a.values && b.values ? a.values.filter((v) => b.values!.includes(v)) : (a.values ?? b.values),
    extensible: a.extensible ?? b.extensible,
    format: a.format ?? b.format,
    pattern: a.pattern ?? b.pattern,
    lower: { ...a.lower },
    upper: { ...a.upper },
    properties: { ...a.properties },
    required: new Set([...a.required, ...b.required]),
    closed: a.closed || b.closed,
    items: a.items && b.items ? { allOf: [a.items, b.items] } : (a.items ?? b.items),
    additional: a.additional && b.additional ? { allOf: [a.additional, b.additional] } : (a.additional ?? b.additional),
    anyOf: a.anyOf ?? b.anyOf,
    oneOf: a.oneOf ?? b.oneOf,
    discriminator: a.discriminator ?? b.discriminator,
    readOnly: a.readOnly || b.readOnly,
    writeOnly: a.writeOnly || b.writeOnly,
    hasDefault: a.hasDefault || b.hasDefault,
    default: a.hasDefault ? a.default : b.default,
    tooDeep: a.tooDeep || b.tooDeep,
    other: { ...a.other, ...b.other },
  };
  for (const [k, v] of Object.entries(b.lower)) result.lower[k] = Math.max(v, result.lower[k] ?? -Infinity);
  for (const [k, v] of Object.entries(b.upper)) result.upper[k] = Math.min(v, result.upper[k] ?? Infinity);
  for (const [name, schema] of Object.entries(b.properties))
    result.properties[name] = name in result.properties ? { allOf: [result.properties[name], schema] } : schema;
  return result;
}

function intersectTypes(a: Set<string> | undefined, b: Set<string> | undefined): Set<string> | undefined {
  if (!a) return b && new Set(b);
  if (!b) return new Set(a);
  return new Set([...[...a].filter((t) => admits(b, t)), ...[...b].filter((t) => admits(a, t))]);
}

/** Whether a set of JSON types admits values of type t (every integer is a number). */
export function admits(types: Set<string> | undefined, t: string): boolean {
  return !types || types.has(t) || (t === 'integer' && types.has('number'));
}

const fingerprints = new WeakMap<object, Map<string, string>>();

/**
 * A schema fully read, as one string, for keywords compared whole (not, ...) and for telling equal
 * alternatives apart: refs followed, cosmetic keys dropped, keys sorted, so a renamed or inlined
 * component reads the same. Each component is read once per document (remembered by its ref), so
 * a schema shared by a thousand paths costs one reading. A cycle ends in its ref's name.
 */
export function fingerprint(raw: unknown, doc: Doc, seen: string[] = []): string {
  if (Array.isArray(raw)) return `[${raw.map((item) => fingerprint(item, doc, seen)).join(',')}]`;
  if (!isObject(raw)) return JSON.stringify(raw) ?? 'undefined';
  if (typeof raw.$ref === 'string') {
    const ref = raw.$ref;
    if (seen.includes(ref)) return `{"$cycle":${JSON.stringify(ref)}}`;
    let memo = fingerprints.get(doc.root);
    if (!memo) fingerprints.set(doc.root, (memo = new Map()));
    const known = memo.get(ref);
    if (known !== undefined) return known;
    const text = fingerprint(resolveRef(doc.root, ref), doc, [...seen, ref]);
    // Only a reading that met no cycle is the same wherever it starts.
    if (!text.includes('"$cycle"')) memo.set(ref, text);
    return text;
  }
  const keys = Object.keys(raw)
    .filter((k) => !COSMETIC.has(k) && k !== 'default')
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${fingerprint(raw[k], doc, seen)}`).join(',')}}`;
}
