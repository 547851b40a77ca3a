/**
 * Compares two versions of a schema where it is used: in a request (consumer to provider) or a
 * response (provider to consumer). A response may not start sending what a strict client never
 * saw, so widening it breaks; a request may not stop accepting what clients already send, so
 * narrowing it breaks. Both versions are read through views (schema-view.ts): a renamed component,
 * an inlined $ref, a merged allOf or another spelling of nullable compares equal.
 */
import { finding, type Finding } from './findings';
import { admits, canonical, type Doc, type View, view } from './schema-view';

export type Side = 'request' | 'response';

/** Where the schema is used, and where findings go. */
export interface SchemaWalk {
  side: Side;
  old: Doc;
  new: Doc;
  /** method, path, status and where: copied into every finding. */
  at: Pick<Finding, 'method' | 'path' | 'status' | 'where'>;
  findings: Finding[];
}

const MAX_DEPTH = 40;

/** Every finding between two versions of one schema. */
export function diffSchema(oldRaw: unknown, newRaw: unknown, walk: SchemaWalk): void {
  compare(oldRaw, newRaw, '', walk, []);
}

function compare(oldRaw: unknown, newRaw: unknown, pointer: string, walk: SchemaWalk, stack: string[]): void {
  // A recursive schema meets the same pair of refs again: that pair is being compared already.
  const key = `${refOf(oldRaw)}\u0000${refOf(newRaw)}`;
  if ((refOf(oldRaw) && refOf(newRaw) && stack.includes(key)) || stack.length > MAX_DEPTH) return;
  const inner = [...stack, key];
  const a = view(oldRaw, walk.old);
  const b = view(newRaw, walk.new);
  const report: Report = (suffix, at, message, values = {}) =>
    walk.findings.push(finding(`${walk.side}-property-${suffix}`, { ...walk.at, pointer: at, message, ...values }));

  compareTypes(a, b, pointer, walk, report);
  compareValues(a, b, pointer, report);
  compareExtensible(a, b, pointer, report);
  compareText('format', a.format, b.format, pointer, report);
  compareText('pattern', a.pattern, b.pattern, pointer, report);
  compareBounds(a, b, pointer, report);
  compareProperties(a, b, pointer, walk, report, inner);
  if (a.closed !== b.closed)
    report(b.closed ? 'closed' : 'opened', `${pointer}/additionalProperties`, closedMessage(walk.side, b.closed), {
      old: a.closed ? 'closed' : 'open',
      new: b.closed ? 'closed' : 'open',
    });
  if (a.items !== undefined || b.items !== undefined) {
    if (a.items !== undefined && b.items !== undefined) compare(a.items, b.items, `${pointer}/items`, walk, inner);
    else report('keyword-changed', `${pointer}/items`, `array items ${a.items === undefined ? 'added' : 'removed'}`);
  }
  for (const keyword of new Set([...Object.keys(a.other), ...Object.keys(b.other)])) {
    const before = JSON.stringify(canonical(a.other[keyword], walk.old));
    const after = JSON.stringify(canonical(b.other[keyword], walk.new));
    if (before !== after)
      report(
        'keyword-changed',
        `${pointer}/${keyword}`,
        `"${keyword}" changed (this differ does not analyse it, so it counts as breaking)`,
      );
  }
}

type Report = (suffix: string, at: string, message: string, values?: { old?: string; new?: string }) => void;

function compareTypes(a: View, b: View, pointer: string, walk: SchemaWalk, report: Report): void {
  const widened = [...(b.types ?? ['any'])].some((t) => t === 'any' || !admits(a.types, t)) && a.types !== undefined;
  const narrowed = [...(a.types ?? ['any'])].some((t) => t === 'any' || !admits(b.types, t)) && b.types !== undefined;
  if (!widened && !narrowed) return;
  const values = { old: typeText(a.types), new: typeText(b.types) };
  const at = `${pointer}/type`;
  const onlyNull = sameBut(a.types, b.types, 'null');
  if (onlyNull && (a.ambiguousNull || b.ambiguousNull)) {
    walk.findings.push(
      finding('ref-sibling-nullable-ambiguous', {
        ...walk.at,
        pointer: at,
        ...values,
        message:
          'ambiguous: `nullable: true` beside a $ref, which OpenAPI 3.0 says to ignore; read strictly it is ' +
          `${typeText((a.ambiguousNull ? a : b).types)}, as its author likely meant it is ` +
          `${typeText(new Set([...((a.ambiguousNull ? a : b).types ?? []), 'null']))}`,
      }),
    );
    return;
  }
  if (onlyNull) {
    const nowNullable = b.types?.has('null') ?? true;
    report(
      nowNullable ? 'became-nullable' : 'became-not-nullable',
      at,
      nowNullable ? 'now admits null' : 'no longer admits null',
      values,
    );
    return;
  }
  if (widened && !narrowed && walk.side === 'request')
    return report('type-generalized', at, 'type widened: every value accepted before still is', values);
  if (narrowed && !widened && walk.side === 'response')
    return report('type-specialized', at, 'type narrowed: every value sent now was allowed before', values);
  report('type-changed', at, 'type changed', values);
}

function compareValues(a: View, b: View, pointer: string, report: Report): void {
  const at = `${pointer}/enum`;
  if (a.values && b.values) {
    for (const value of b.values.filter((v) => !a.values!.some((o) => sameValue(o, v))))
      report('enum-value-added', at, `value ${json(value)} added`, { new: json(value) });
    for (const value of a.values.filter((v) => !b.values!.some((n) => sameValue(n, v))))
      report('enum-value-removed', at, `value ${json(value)} removed`, { old: json(value) });
  } else if (a.values) {
    report('enum-removed', at, 'the list of allowed values was dropped: any value may now appear', {
      old: json(a.values),
    });
  } else if (b.values) {
    report('enum-added', at, 'now limited to a list of values', { new: json(b.values) });
  }
}

/** x-extensible-enum: clients must accept values they do not know, so only a request losing one breaks. */
function compareExtensible(a: View, b: View, pointer: string, report: Report): void {
  if (!a.extensible || !b.extensible) return;
  const at = `${pointer}/x-extensible-enum`;
  for (const value of b.extensible.filter((v) => !a.extensible!.some((o) => sameValue(o, v))))
    report('extensible-enum-value-added', at, `extensible value ${json(value)} added`, { new: json(value) });
  for (const value of a.extensible.filter((v) => !b.extensible!.some((n) => sameValue(n, v))))
    report('extensible-enum-value-removed', at, `extensible value ${json(value)} removed`, { old: json(value) });
}

function compareText(
  keyword: 'format' | 'pattern',
  a: string | undefined,
  b: string | undefined,
  pointer: string,
  report: Report,
) {
  if (a === b) return;
  const at = `${pointer}/${keyword}`;
  if (a === undefined) report(`${keyword}-added`, at, `${keyword} ${json(b)} added`, { new: b });
  else if (b === undefined) report(`${keyword}-removed`, at, `${keyword} ${json(a)} dropped`, { old: a });
  else report(`${keyword}-changed`, at, `${keyword} changed`, { old: a, new: b });
}

function compareBounds(a: View, b: View, pointer: string, report: Report): void {
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
      report(`${side}-${increased ? 'increased' : 'decreased'}`, `${pointer}/${keyword}`, what, {
        old: old === undefined ? undefined : String(old),
        new: now === undefined ? undefined : String(now),
      });
    }
  }
}

function compareProperties(a: View, b: View, pointer: string, walk: SchemaWalk, report: Report, stack: string[]): void {
  const added = Object.keys(b.properties).filter((k) => !(k in a.properties));
  for (const field of Object.keys(a.properties)) {
    const at = `${pointer}/properties/${escape(field)}`;
    if (!(field in b.properties)) {
      const renamed = added.find(
        (k) =>
          JSON.stringify(canonical(b.properties[k], walk.new)) ===
          JSON.stringify(canonical(a.properties[field], walk.old)),
      );
      const hint = renamed ? ` (renamed to "${renamed}"?)` : '';
      const consequence =
        walk.side === 'response'
          ? 'clients that read it find nothing'
          : b.closed
            ? 'sending it is now rejected'
            : 'sending it is now ignored';
      walk.findings.push({
        ...finding(`${walk.side}-property-removed`, { ...walk.at, pointer: at, old: field, message: '' }),
        // A closed request object now refuses what clients send: breaking whoever the client is.
        ...(walk.side === 'request' && b.closed ? { level: 'breaking' as const } : {}),
        message: `property "${field}" removed${hint}: ${consequence}`,
      });
      continue;
    }
    compare(a.properties[field], b.properties[field], at, walk, stack);
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
    const required = b.required.has(field);
    const rule =
      walk.side === 'request'
        ? `new-${required ? 'required' : 'optional'}-request-property`
        : `response-${required ? 'required' : 'optional'}-property-added`;
    walk.findings.push(
      finding(rule, {
        ...walk.at,
        pointer: `${pointer}/properties/${escape(field)}`,
        new: field,
        message: `${required ? 'required' : 'optional'} property "${field}" added`,
      }),
    );
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

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function json(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
