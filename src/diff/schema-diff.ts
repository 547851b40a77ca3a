/**
 * Compares two versions of a schema where it is used: in a request (consumer to provider) or a
 * response (provider to consumer). A response may not start sending what a strict client never
 * saw, so widening it breaks; a request may not stop accepting what clients already send, so
 * narrowing it breaks. Both versions are read through views (schema-view.ts): a renamed component,
 * an inlined $ref, a merged allOf or another spelling of nullable compares equal.
 *
 * A pair of components is compared once per run and side, whatever the number of operations that
 * use it: the findings are remembered with pointers relative to the component, each use adds its
 * own prefix, and the report folds them into one finding that lists the operations.
 */
import type { Deadline } from '../contract/openapi';
import { finding, type Finding, type Level, type RuleId, type SchemaSuffix } from './findings';
import { comparePatterns } from './patterns';
import { admits, fingerprint, MAX_SCHEMA_DEPTH, type Doc, type View, view } from './schema-view';

export type Side = 'request' | 'response';

/** What one run of the differ shares: both documents, the clock, and the comparisons already made. */
export interface DiffContext {
  old: Doc;
  new: Doc;
  deadline: Deadline;
  cache: Map<string, Partial[]>;
}

export function diffContext(old: Doc, now: Doc, deadline: Deadline): DiffContext {
  return { old, new: now, deadline, cache: new Map() };
}

/** Where the schema is used, and where findings go. */
export interface SchemaWalk {
  side: Side;
  context: DiffContext;
  /** method, path, status and where: copied into every finding. */
  at: Pick<Finding, 'method' | 'path' | 'status' | 'where' | 'documentPointer'>;
  findings: Finding[];
  /**
   * A query, path, header or cookie parameter: its value travels as text, so a string admits
   * every integer, number or boolean that was sent before. Its default is judged as a parameter's.
   */
  parameter?: boolean;
}

/** A finding before it is placed: its pointer relative to where the comparison started. */
interface Partial {
  rule: RuleId;
  level?: Level;
  pointer: string;
  old?: string;
  new?: string;
  message: string;
  component?: string;
  componentPointer?: string;
}

interface Mode {
  side: Side;
  context: DiffContext;
  parameter: boolean;
}

/** Every finding between two versions of one schema. */
export function diffSchema(oldRaw: unknown, newRaw: unknown, walk: SchemaWalk): void {
  const mode: Mode = { side: walk.side, context: walk.context, parameter: walk.parameter === true };
  for (const p of compare(oldRaw, newRaw, mode, new Set(), 0, true)) {
    const { level, ...rest } = p;
    const made = finding(p.rule, { ...walk.at, ...rest });
    walk.findings.push(level ? { ...made, level } : made);
  }
}

function compare(
  oldRaw: unknown,
  newRaw: unknown,
  mode: Mode,
  stack: Set<string>,
  depth: number,
  root = false,
): Partial[] {
  const { context, side } = mode;
  context.deadline.tick('comparing schemas');
  const oldRef = refOf(oldRaw);
  const newRef = refOf(newRaw);
  // A recursive schema meets the same pair of refs again: that pair is being compared already.
  const key = oldRef && newRef ? `${side}\u0000${mode.parameter}\u0000${oldRef}\u0000${newRef}` : undefined;
  // The root of a parameter's schema is judged a little differently (its default is the parameter's).
  const cacheKey = key && `${key}\u0000${root}`;
  if (key && cacheKey) {
    const known = context.cache.get(cacheKey);
    if (known) return known;
    if (stack.has(key)) return [];
    stack.add(key);
  }
  const out: Partial[] = [];
  const report = (
    suffix: SchemaSuffix,
    pointer: string,
    message: string,
    values: { old?: string; new?: string } = {},
  ) => out.push({ rule: `${side}-property-${suffix}` as RuleId, pointer, message, ...values });
  const child = (oldChild: unknown, newChild: unknown, pointer: string) => {
    const ref = refOf(newChild) || refOf(oldChild);
    for (const p of compare(oldChild, newChild, mode, stack, depth + 1))
      out.push({
        ...p,
        pointer: `${pointer}${p.pointer}`,
        component: p.component ?? (ref || undefined),
        componentPointer: p.component ? p.componentPointer : ref ? p.pointer : undefined,
      });
  };

  const a = view(oldRaw, context.old);
  const b = view(newRaw, context.new);
  if (depth >= MAX_SCHEMA_DEPTH || a.tooDeep || b.tooDeep) {
    out.push({
      rule: 'schema-depth-not-compared',
      pointer: '',
      message: `not compared below depth ${MAX_SCHEMA_DEPTH}: a change there would go unseen, so this fails the run`,
    });
  } else {
    compareTypes(a, b, mode, report, out);
    compareValues(a, b, report);
    compareExtensible(a, b, report);
    compareText('format', a.format, b.format, report);
    comparePattern(a.pattern, b.pattern, report);
    compareBounds(a, b, report);
    if (!(root && mode.parameter)) compareDefault(a, b, report);
    compareProperties(a, b, mode, report, out, child);
    if (a.closed !== b.closed)
      report(b.closed ? 'closed' : 'opened', '/additionalProperties', closedMessage(side, b.closed), {
        old: a.closed ? 'closed' : 'open',
        new: b.closed ? 'closed' : 'open',
      });
    if (a.additional !== undefined && b.additional !== undefined)
      child(a.additional, b.additional, '/additionalProperties');
    else if ((a.additional === undefined) !== (b.additional === undefined) && !a.closed && !b.closed)
      report(
        'keyword-changed',
        '/additionalProperties',
        `an additionalProperties schema was ${a.additional ? 'removed' : 'added'}`,
      );
    if (a.items !== undefined || b.items !== undefined) {
      if (a.items !== undefined && b.items !== undefined) child(a.items, b.items, '/items');
      else report('keyword-changed', '/items', `array items ${a.items === undefined ? 'added' : 'removed'}`);
    }
    compareAlternatives('anyOf', a.anyOf, b.anyOf, mode, report, child);
    compareAlternatives('oneOf', a.oneOf, b.oneOf, mode, report, child);
    if (a.discriminator !== b.discriminator) {
      const values = { old: a.discriminator, new: b.discriminator };
      if (a.discriminator === undefined)
        report('discriminator-added', '/discriminator', 'a discriminator was added', values);
      else if (b.discriminator === undefined)
        report('discriminator-removed', '/discriminator', 'the discriminator was removed', values);
      else
        report(
          'discriminator-property-name-changed',
          '/discriminator/propertyName',
          'the discriminator now reads another property: the alternative is chosen differently',
          values,
        );
    }
    for (const keyword of new Set([...Object.keys(a.other), ...Object.keys(b.other)])) {
      if (fingerprint(a.other[keyword], context.old) !== fingerprint(b.other[keyword], context.new))
        report(
          'keyword-changed',
          `/${keyword}`,
          `"${keyword}" changed (this differ does not analyse it, so it counts as breaking)`,
        );
    }
  }
  if (key && cacheKey) {
    stack.delete(key);
    context.cache.set(cacheKey, out);
  }
  return out;
}

type Report = (suffix: SchemaSuffix, pointer: string, message: string, values?: { old?: string; new?: string }) => void;

const EXAMPLES: Record<string, string> = {
  string: '"abc"',
  integer: '1',
  number: '1.5',
  boolean: 'true',
  object: '{}',
  array: '[]',
  null: 'null',
};

function compareTypes(a: View, b: View, mode: Mode, report: Report, out: Partial[]): void {
  // On the wire a parameter is text: a string admits every value of another simple type.
  const admitsHere = (types: Set<string> | undefined, t: string) =>
    admits(types, t) ||
    (mode.parameter && types?.has('string') === true && ['integer', 'number', 'boolean'].includes(t));
  const lost = [...(a.types ?? ['any'])].filter((t) => t === 'any' || !admitsHere(b.types, t));
  const gained = [...(b.types ?? ['any'])].filter((t) => t === 'any' || !admitsHere(a.types, t));
  const widened = gained.length > 0 && a.types !== undefined;
  const narrowed = lost.length > 0 && b.types !== undefined;
  const values = { old: typeText(a.types), new: typeText(b.types) };
  // A revision that writes (or drops) `nullable: true` beside a $ref changes nothing read strictly: say why.
  const newlyAmbiguous = !widened && !narrowed && a.ambiguousNull !== b.ambiguousNull;
  if (!widened && !narrowed && !newlyAmbiguous) return;
  const onlyNull = newlyAmbiguous || sameBut(a.types, b.types, 'null');
  if (onlyNull && (a.ambiguousNull || b.ambiguousNull)) {
    const which = a.ambiguousNull ? a : b;
    out.push({
      rule: 'ref-sibling-nullable-ambiguous',
      pointer: '/type',
      ...values,
      message:
        'ambiguous: `nullable: true` beside a $ref, which OpenAPI 3.0 says to ignore; read strictly it is ' +
        `${typeText(which.types)}, as its author likely meant it is ` +
        typeText(new Set([...(which.types ?? []), 'null'])),
    });
    return;
  }
  if (onlyNull) {
    const nowNullable = b.types?.has('null') ?? true;
    report(
      nowNullable ? 'became-nullable' : 'became-not-nullable',
      '/type',
      nowNullable ? 'now admits null' : 'no longer admits null',
      values,
    );
    return;
  }
  if (widened && !narrowed && mode.side === 'request')
    return report('type-generalized', '/type', 'type widened: every value accepted before still is', values);
  if (narrowed && !widened && mode.side === 'response')
    return report('type-specialized', '/type', 'type narrowed: every value sent now was allowed before', values);
  const example = (types: string[]) => EXAMPLES[types.find((t) => t !== 'any') ?? 'string'] ?? 'a value';
  report(
    'type-changed',
    '/type',
    mode.side === 'request'
      ? `type changed: a value such as ${example(lost)} (${lost[0] === 'any' ? 'any type' : lost[0]}), ` +
          'accepted before, is now refused'
      : `type changed: a value such as ${example(gained)} (${gained[0] === 'any' ? 'any type' : gained[0]}) ` +
          'may now be sent, which clients never saw',
    values,
  );
}

function compareValues(a: View, b: View, report: Report): void {
  if (a.values && b.values) {
    // One set per side: linear in the number of values, however many there are.
    const before = new Set(a.values.map(json));
    const after = new Set(b.values.map(json));
    for (const value of after)
      if (!before.has(value)) report('enum-value-added', '/enum', `value ${value} added`, { new: value });
    for (const value of before)
      if (!after.has(value)) report('enum-value-removed', '/enum', `value ${value} removed`, { old: value });
  } else if (a.values) {
    report('enum-removed', '/enum', 'the list of allowed values was dropped: any value may now appear', {
      old: json(a.values),
    });
  } else if (b.values) {
    report('enum-added', '/enum', 'now limited to a list of values', { new: json(b.values) });
  }
}

/** x-extensible-enum: clients must accept values they do not know, so only a request losing one breaks. */
function compareExtensible(a: View, b: View, report: Report): void {
  if (!a.extensible || !b.extensible) return;
  const before = new Set(a.extensible.map(json));
  const after = new Set(b.extensible.map(json));
  for (const value of after)
    if (!before.has(value))
      report('extensible-enum-value-added', '/x-extensible-enum', `extensible value ${value} added`, { new: value });
  for (const value of before)
    if (!after.has(value))
      report('extensible-enum-value-removed', '/x-extensible-enum', `extensible value ${value} removed`, {
        old: value,
      });
}

function compareText(keyword: 'format', a: string | undefined, b: string | undefined, report: Report) {
  if (a === b) return;
  const at = `/${keyword}`;
  if (a === undefined) report(`${keyword}-added`, at, `${keyword} ${json(b)} added`, { new: b });
  else if (b === undefined) report(`${keyword}-removed`, at, `${keyword} ${json(a)} dropped`, { old: a });
  else report(`${keyword}-changed`, at, `${keyword} changed`, { old: a, new: b });
}

/** A pattern is judged by what it admits, where that can be decided without running it. */
function comparePattern(a: string | undefined, b: string | undefined, report: Report) {
  if (a === b) return;
  if (a === undefined) return report('pattern-added', '/pattern', `pattern ${json(b)} added`, { new: b });
  if (b === undefined) return report('pattern-removed', '/pattern', `pattern ${json(a)} dropped`, { old: a });
  const values = { old: a, new: b };
  const relation = comparePatterns(a, b);
  if (relation === 'same') return;
  if (relation === 'wider')
    return report(
      'pattern-generalized',
      '/pattern',
      'pattern loosened: it admits every value it admitted, and more',
      values,
    );
  if (relation === 'narrower')
    return report(
      'pattern-specialized',
      '/pattern',
      'pattern tightened: some values it admitted are now refused',
      values,
    );
  report('pattern-changed', '/pattern', 'pattern changed; whether it admits less cannot be decided (unknown)', values);
}

function compareBounds(a: View, b: View, report: Report): void {
  for (const [side, bounds] of [
    ['min', [a.lower, b.lower]],
    ['max', [a.upper, b.upper]],
  ] as const) {
    for (const keyword of new Set([...Object.keys(bounds[0]), ...Object.keys(bounds[1])])) {
      const old = bounds[0][keyword];
      const now = bounds[1][keyword];
      if (old === now) continue;
      // A bound dropped is the loosest bound there is; one added, a tightening.
      const loose = side === 'min' ? -Infinity : Infinity;
      const increased = (now ?? loose) > (old ?? loose);
      const what =
        old === undefined
          ? `${keyword} ${now} added`
          : now === undefined
            ? `${keyword} ${old} dropped`
            : `${keyword} changed`;
      report(`${side}-${increased ? 'increased' : 'decreased'}`, `/${keyword}`, what, {
        old: old === undefined ? undefined : String(old),
        new: now === undefined ? undefined : String(now),
      });
    }
  }
}

function compareDefault(a: View, b: View, report: Report): void {
  if (!a.hasDefault && !b.hasDefault) return;
  const values = { old: a.hasDefault ? json(a.default) : undefined, new: b.hasDefault ? json(b.default) : undefined };
  if (!a.hasDefault) report('default-value-added', '/default', `default ${values.new} added`, values);
  else if (!b.hasDefault) report('default-value-removed', '/default', `default ${values.old} removed`, values);
  else if (values.old !== values.new) report('default-value-changed', '/default', 'default changed', values);
}

type Child = (oldChild: unknown, newChild: unknown, pointer: string) => void;

/**
 * anyOf / oneOf alternatives, paired by the component they name, then by what they hold, then by
 * position; a pair is compared like any schema, so a field added inside an alternative is judged as
 * that, not as "the anyOf changed".
 */
function compareAlternatives(
  keyword: 'anyOf' | 'oneOf',
  a: unknown[] | undefined,
  b: unknown[] | undefined,
  mode: Mode,
  report: Report,
  child: Child,
): void {
  if (!a && !b) return;
  const before = a ?? [];
  const after = b ?? [];
  const suffix = keyword === 'anyOf' ? 'any-of' : 'one-of';
  const unpairedNew = new Set(after.map((_, i) => i));
  const pairs: [number, number][] = [];
  const unpairedOld: number[] = [];
  const pairBy = (same: (i: number, j: number) => boolean, indexes: number[]) => {
    const left: number[] = [];
    for (const i of indexes) {
      const j = [...unpairedNew].find((k) => same(i, k));
      if (j === undefined) left.push(i);
      else {
        unpairedNew.delete(j);
        pairs.push([i, j]);
      }
    }
    return left;
  };
  const oldPrints = before.map((s) => fingerprint(s, mode.context.old));
  const newPrints = after.map((s) => fingerprint(s, mode.context.new));
  let left = pairBy(
    (i, j) => refOf(before[i]) !== '' && refOf(before[i]) === refOf(after[j]),
    before.map((_, i) => i),
  );
  left = pairBy((i, j) => oldPrints[i] === newPrints[j], left);
  // Only where both sides keep their number of alternatives is "same position" a fair guess.
  if (before.length === after.length) left = pairBy((i, j) => i === j, left);
  unpairedOld.push(...left);
  for (const [i, j] of pairs) child(before[i], after[j], `/${keyword}/${i}`);
  for (const i of unpairedOld)
    report(`${suffix}-removed`, `/${keyword}/${i}`, `${keyword} alternative ${name(before[i])} removed`, {
      old: name(before[i]),
    });
  for (const j of unpairedNew)
    report(`${suffix}-added`, `/${keyword}/${j}`, `${keyword} alternative ${name(after[j])} added`, {
      new: name(after[j]),
    });
}

function name(schema: unknown): string {
  return refOf(schema) || 'an inline schema';
}

function compareProperties(a: View, b: View, mode: Mode, report: Report, out: Partial[], child: Child): void {
  const { side, context } = mode;
  // What a request never sends (read-only) and a response never carries (write-only) is not compared there.
  const hidden = (schema: unknown, doc: Doc) => {
    const v = view(schema, doc);
    return side === 'request' ? v.readOnly : v.writeOnly;
  };
  const added = Object.keys(b.properties).filter((k) => !(k in a.properties));
  for (const field of Object.keys(a.properties)) {
    const at = `/properties/${escape(field)}`;
    const wasHidden = hidden(a.properties[field], context.old);
    if (!(field in b.properties)) {
      if (wasHidden) continue;
      const print = fingerprint(a.properties[field], context.old);
      const renamed = added.find((k) => fingerprint(b.properties[k], context.new) === print);
      const hint = renamed ? ` (renamed to "${renamed}"?)` : '';
      const consequence =
        side === 'response'
          ? 'clients that read it find nothing'
          : b.closed
            ? 'sending it is now rejected'
            : 'sending it is now ignored';
      out.push({
        rule: `${side}-property-removed`,
        // A closed request object now refuses what clients send: breaking whoever the client is.
        ...(side === 'request' && b.closed ? { level: 'breaking' as const } : {}),
        pointer: at,
        old: field,
        message: `property "${field}" removed${hint}: ${consequence}`,
      });
      continue;
    }
    const isHidden = hidden(b.properties[field], context.new);
    if (!wasHidden && isHidden) {
      report(
        side === 'request' ? 'became-read-only' : 'became-write-only',
        at,
        side === 'request'
          ? `property "${field}" became read-only: what clients send is ignored`
          : `property "${field}" became write-only: responses no longer carry it`,
      );
      continue;
    }
    if (wasHidden && isHidden) continue;
    child(a.properties[field], b.properties[field], at);
    if (a.required.has(field) !== b.required.has(field)) {
      const required = b.required.has(field);
      report(
        required ? 'became-required' : 'became-optional',
        at,
        required
          ? `property "${field}" is now required`
          : `property "${field}" is no longer required (it may be missing)`,
      );
    }
  }
  for (const field of added) {
    if (hidden(b.properties[field], context.new)) continue;
    const required = b.required.has(field);
    out.push({
      rule:
        side === 'request'
          ? required
            ? 'new-required-request-property'
            : 'new-optional-request-property'
          : required
            ? 'response-required-property-added'
            : 'response-optional-property-added',
      pointer: `/properties/${escape(field)}`,
      new: field,
      message: `${required ? 'required' : 'optional'} property "${field}" added`,
    });
  }
}

function closedMessage(side: Side, closed: boolean): string {
  if (closed)
    return side === 'request' ? 'properties not listed are now rejected' : 'no longer sends unlisted properties';
  return side === 'request' ? 'properties not listed are now accepted' : 'may now send properties not listed';
}

function refOf(raw: unknown): string {
  return typeof raw === 'object' && raw !== null && typeof (raw as { $ref?: unknown }).$ref === 'string'
    ? (raw as { $ref: string }).$ref
    : '';
}

function sameBut(a: Set<string> | undefined, b: Set<string> | undefined, except: string): boolean {
  if (!a || !b) return false;
  const strip = (s: Set<string>) =>
    [...s]
      .filter((t) => t !== except)
      .sort()
      .join();
  return strip(a) === strip(b);
}

function typeText(types: Set<string> | undefined): string {
  return types ? [...types].sort((x, y) => Number(x === 'null') - Number(y === 'null')).join(' | ') : 'any';
}

function json(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
