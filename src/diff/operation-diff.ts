/**
 * Operation-level rules, judged for a client of each operation: paths and methods, deprecation and
 * sunset, webhooks; then each family (security, parameters, request body, responses) in
 * families/, and the schemas where each is used.
 */
import { Deadline, escapePointer, HTTP_METHODS } from '../contract/openapi';
import { finding, type Finding } from './findings';
import { diffRequestBody } from './families/bodies';
import { asObject, deref, isObject, type At, type FamilyContext, type Json } from './families/document';
import { diffLifecycle, isUnstable, removalRule } from './families/lifecycle';
import { diffParameters, parametersOf } from './families/parameters';
import { diffResponses } from './families/responses';
import { diffSecurity } from './families/security';
import { diffContext } from './schema-diff';
import type { Doc } from './schema-view';

export interface DiffOptions {
  deadline?: Deadline;
  /** YYYY-MM-DD: the day sunset dates are judged against. */
  today?: string;
}

/** Every finding between two documents, in document order. */
export function diffOperations(old: Doc, now: Doc, options: DiffOptions = {}): Finding[] {
  const context: FamilyContext = {
    ...diffContext(old, now, options.deadline ?? new Deadline()),
    today: options.today ?? new Date().toISOString().slice(0, 10),
    findings: [],
  };
  const findings = context.findings;
  const { pairs, removed, added } = pairPaths(old, now);

  for (const before of removed) {
    const operations = operationsOf(old, before.item);
    if (operations.length > 0 && operations.every(([, op]) => isUnstable(op))) {
      findings.push(
        finding('api-removed-unstable', {
          path: before.path,
          old: before.path,
          message: 'path removed; its operations were draft or alpha (x-stability-level), which may go without notice',
        }),
      );
      continue;
    }
    const deprecated = operations.length > 0 && operations.every(([, op]) => op.deprecated === true);
    const { rule, note } = deprecated
      ? latestRemoval(
          operations.map(([, op]) => op),
          context.today,
        )
      : { rule: 'api-path-removed-without-deprecation' as const, note: '' };
    const movedTo = added.find((p) => sharesOperationId(old, before.item, now, p.item));
    findings.push(
      finding(rule, {
        path: before.path,
        old: before.path,
        ...(movedTo ? { new: movedTo.path } : {}),
        message: `path removed${note}${movedTo ? ` (moved to ${movedTo.path}?)` : ''}: every call to it fails`,
      }),
    );
  }
  for (const [before, after] of pairs) {
    context.deadline.tick('comparing operations');
    const newOps = new Map(operationsOf(now, after.item));
    for (const [method, op] of operationsOf(old, before.item)) {
      const next = newOps.get(method);
      const at: At = {
        method: method.toUpperCase(),
        path: before.path,
        documentPointer: `/paths/${escapePointer(next ? after.path : before.path)}/${method}`,
      };
      if (!next) {
        const other = [...newOps].find(([m, o]) => !hasMethod(old, before.item, m) && sameId(op, o));
        const { rule, note } = isUnstable(op)
          ? { rule: 'api-removed-unstable' as const, note: ` (it was ${String(op['x-stability-level'])})` }
          : removalRule(op, context.today, {
              withDeprecation: 'api-removed-with-deprecation',
              withoutDeprecation: 'api-removed-without-deprecation',
              beforeSunset: 'api-removed-before-sunset',
              sunsetParse: 'api-path-sunset-parse',
            });
        findings.push(
          finding(rule, {
            ...at,
            old: method.toUpperCase(),
            ...(other ? { new: other[0].toUpperCase() } : {}),
            message:
              `operation removed${note}${other ? ` (now ${other[0].toUpperCase()}?)` : ''}: ` +
              'every call to it fails',
          }),
        );
        continue;
      }
      diffOperation(at, after.path, [before.item, op], [after.item, next], context);
    }
    for (const [method] of newOps)
      if (!hasMethod(old, before.item, method))
        findings.push(
          finding('endpoint-added', {
            method: method.toUpperCase(),
            path: after.path,
            new: method.toUpperCase(),
            documentPointer: `/paths/${escapePointer(after.path)}/${method}`,
            message: 'operation added',
          }),
        );
  }
  for (const after of added)
    for (const [method] of operationsOf(now, after.item))
      findings.push(
        finding('endpoint-added', {
          method: method.toUpperCase(),
          path: after.path,
          new: after.path,
          documentPointer: `/paths/${escapePointer(after.path)}/${method}`,
          message: 'operation added',
        }),
      );
  diffWebhooks(context);
  return findings;
}

/** Of several deprecated operations removed with their path, the one whose sunset is furthest decides. */
function latestRemoval(operations: Json[], today: string) {
  const rules = {
    withDeprecation: 'api-path-removed-with-deprecation',
    withoutDeprecation: 'api-path-removed-without-deprecation',
    beforeSunset: 'api-path-removed-before-sunset',
    sunsetParse: 'api-path-sunset-parse',
  } as const;
  const outcomes = operations.map((op) => removalRule(op, today, rules));
  return (
    outcomes.find((o) => o.rule === 'api-path-removed-before-sunset') ??
    outcomes.find((o) => o.rule === 'api-path-sunset-parse') ??
    outcomes[0]
  );
}

interface PathEntry {
  path: string;
  item: Json;
}

/**
 * Paths of the old and the new document, paired: the same string first, then the same shape
 * (/interactions/{id} and /interactions/{interaction_id}) where exactly one path on each side has
 * it. Two paths that differ only in their parameter names (which OpenAPI forbids) are never paired
 * by their order in the file.
 */
function pairPaths(old: Doc, now: Doc) {
  const entries = (doc: Doc): PathEntry[] =>
    Object.entries(asObject(doc.root.paths))
      .map(([path, item]) => ({ path, item: asObject(deref(doc, item)) }))
      .filter((entry) => isObject(entry.item));
  const before = entries(old);
  const after = entries(now);
  const newByPath = new Map(after.map((entry) => [entry.path, entry]));
  const pairs: [PathEntry, PathEntry][] = [];
  const oldLeft: PathEntry[] = [];
  for (const entry of before) {
    const same = newByPath.get(entry.path);
    if (same) {
      pairs.push([entry, same]);
      newByPath.delete(entry.path);
    } else oldLeft.push(entry);
  }
  const shape = (path: string) => path.replace(/\{[^}]*\}/g, '{}');
  const byShape = (list: PathEntry[]) => {
    const map = new Map<string, PathEntry[]>();
    for (const entry of list) map.set(shape(entry.path), [...(map.get(shape(entry.path)) ?? []), entry]);
    return map;
  };
  const newLeftByShape = byShape([...newByPath.values()]);
  const oldLeftByShape = byShape(oldLeft);
  const removed: PathEntry[] = [];
  for (const entry of oldLeft) {
    const candidates = newLeftByShape.get(shape(entry.path));
    if (candidates?.length === 1 && oldLeftByShape.get(shape(entry.path))?.length === 1) {
      pairs.push([entry, candidates[0]]);
      newByPath.delete(candidates[0].path);
    } else removed.push(entry);
  }
  return { pairs, removed, added: [...newByPath.values()] };
}

function operationsOf(doc: Doc, item: Json): [string, Json][] {
  return HTTP_METHODS.filter((m) => item[m] !== undefined)
    .map((m): [string, unknown] => [m, deref(doc, item[m])])
    .filter((entry): entry is [string, Json] => isObject(entry[1]));
}

function hasMethod(doc: Doc, item: Json, method: string): boolean {
  return operationsOf(doc, item).some(([m]) => m === method);
}

function sameId(a: Json, b: Json): boolean {
  return typeof a.operationId === 'string' && a.operationId === b.operationId;
}

function sharesOperationId(old: Doc, a: Json, now: Doc, b: Json): boolean {
  return operationsOf(old, a).some(([, x]) => operationsOf(now, b).some(([, y]) => sameId(x, y)));
}

function diffOperation(
  at: At,
  newPath: string,
  [oldItem, oldOp]: [Json, Json],
  [newItem, newOp]: [Json, Json],
  context: FamilyContext,
) {
  const out = context.findings;
  if (oldOp.deprecated !== true && newOp.deprecated === true)
    out.push(finding('endpoint-deprecated', { ...at, message: 'operation deprecated: plan to stop calling it' }));
  if (oldOp.deprecated === true && newOp.deprecated !== true)
    out.push(finding('endpoint-reactivated', { ...at, message: 'operation no longer deprecated' }));
  diffLifecycle(at, oldOp, newOp, context);
  diffSecurity(at, oldOp, newOp, context);
  diffParameters(
    at,
    parametersOf(context.old, at.path!, oldItem, oldOp),
    parametersOf(context.new, newPath, newItem, newOp),
    context,
  );
  diffRequestBody(at, oldOp, newOp, context);
  diffResponses(at, oldOp, newOp, context);
}

/** 3.1 webhooks: the calls the provider makes. One removed is a call its receivers no longer get. */
function diffWebhooks(context: FamilyContext) {
  const before = asObject(context.old.root.webhooks);
  const after = asObject(context.new.root.webhooks);
  for (const name of Object.keys(before))
    if (!(name in after))
      context.findings.push(
        finding('webhook-removed', {
          where: `webhook ${name}`,
          old: name,
          message: `webhook "${name}" removed: its receivers are no longer called`,
        }),
      );
  for (const name of Object.keys(after))
    if (!(name in before))
      context.findings.push(
        finding('webhook-added', {
          where: `webhook ${name}`,
          new: name,
          documentPointer: `/webhooks/${escapePointer(name)}`,
          message: `webhook "${name}" added`,
        }),
      );
}
