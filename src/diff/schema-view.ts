import { resolvePointer } from '../contract/openapi';

type Json = Record<string, unknown>;

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
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  'externalDocs',
  'xml',
  'discriminator',
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
]);

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isNullSchema = (value: unknown) => isObject(value) && value.type === 'null' && Object.keys(value).length === 1;

/** Reads one schema node of a document into its canonical view. */
export function view(raw: unknown, doc: Doc, depth = 0): View {
  if (raw === true || raw === undefined || !isObject(raw)) return empty();
  if (depth > 32) return empty();
  if (typeof raw.$ref === 'string') {
    const target = resolvePointer(doc.root, raw.$ref);
    const { $ref, ...siblings } = raw;
    const meaningful = Object.keys(siblings).filter((k) => !COSMETIC.has(k));
    let result: View;
    if (doc.version === '3.0' || meaningful.length === 0) {
      // OpenAPI 3.0: "This object cannot be extended with additional properties and any properties added SHALL be
      // ignored." Read strictly, but remember a nullable that the author plainly meant.
      result = { ...view(target, doc, depth + 1) };
      if (doc.version === '3.0' && siblings.nullable === true && !result.types?.has('null'))
        result.ambiguousNull = true;
    } else {
      // 3.1 (JSON Schema 2020-12): keywords beside $ref apply too.
      result = merge(view(target, doc, depth + 1), view(siblings, doc, depth + 1));
    }
    return { ...result, ref: $ref as string };
  }

  let result = own(raw, doc);
  for (const member of Array.isArray(raw.allOf) ? raw.allOf : []) result = merge(result, view(member, doc, depth + 1));
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const members = raw[keyword];
    if (!Array.isArray(members)) continue;
    const nonNull = members.filter((m) => !isNullSchema(m));
    if (nonNull.length === members.length) result.other[keyword] = members;
    else if (nonNull.length === 1) {
      // oneOf [X, {type: null}] is X or null: the third spelling of nullable.
      const inner = view(nonNull[0], doc, depth + 1);
      result = merge(result, { ...inner, types: inner.types ? new Set([...inner.types, 'null']) : undefined });
    } else {
      result.other[keyword] = nonNull;
      if (result.types) result.types.add('null');
    }
  }
  // 3.0 nullable applies to the whole schema, including what allOf brought in.
  if (doc.version === '3.0' && raw.nullable === true && result.types) result.types.add('null');
  return result;
}

function empty(): View {
  return { lower: {}, upper: {}, properties: {}, required: new Set(), closed: false, other: {} };
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
    result.other.additionalProperties = raw.additionalProperties;
  if (raw.items !== undefined) result.items = raw.items;
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

/**
 * A schema fully read, for keywords compared whole (anyOf, not, ...): refs followed, cosmetic keys
 * dropped, so a renamed or inlined component compares equal. Cycles end in their ref's name.
 */
export function canonical(raw: unknown, doc: Doc, seen: string[] = []): unknown {
  if (Array.isArray(raw)) return raw.map((item) => canonical(item, doc, seen));
  if (!isObject(raw)) return raw;
  if (typeof raw.$ref === 'string') {
    if (seen.includes(raw.$ref) || seen.length > 16) return { $cycle: true };
    return canonical(resolvePointer(doc.root, raw.$ref), doc, [...seen, raw.$ref]);
  }
  return Object.fromEntries(
    Object.entries(raw)
      .filter(([k]) => !COSMETIC.has(k))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => [k, canonical(v, doc, seen)]),
  );
}
