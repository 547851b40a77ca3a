/**
 * Operation-level rules, judged for a client of each operation: paths and methods, statuses,
 * media types, parameters, security, deprecation; then the schemas where each is used.
 */
import { HTTP_METHODS, resolvePointer } from '../contract/openapi';
import { finding, type Finding } from './findings';
import { diffSchema, type Side } from './schema-diff';
import type { Doc } from './schema-view';

type Json = Record<string, unknown>;

/** Every finding between two documents, in document order. */
export function diffOperations(old: Doc, now: Doc): Finding[] {
  const findings: Finding[] = [];
  const oldPaths = byTemplate(old);
  const newPaths = byTemplate(now);

  for (const [template, before] of oldPaths) {
    const after = newPaths.get(template);
    if (!after) {
      const deprecated = operationsOf(old, before.item).every(([, op]) => op.deprecated === true);
      const movedTo = [...newPaths.values()].find(
        (p) => !oldPaths.has(p.key) && sharesOperationId(old, before.item, now, p.item),
      );
      findings.push(
        finding(deprecated ? 'api-path-removed-with-deprecation' : 'api-path-removed-without-deprecation', {
          path: before.path,
          old: before.path,
          ...(movedTo ? { new: movedTo.path } : {}),
          message: `path removed${movedTo ? ` (moved to ${movedTo.path}?)` : ''}: every call to it fails`,
        }),
      );
      continue;
    }
    const newOps = new Map(operationsOf(now, after.item));
    for (const [method, op] of operationsOf(old, before.item)) {
      const next = newOps.get(method);
      if (!next) {
        const other = [...newOps].find(([m, o]) => !hasMethod(old, before.item, m) && sameId(op, o));
        findings.push(
          finding(op.deprecated === true ? 'api-removed-with-deprecation' : 'api-removed-without-deprecation', {
            method: method.toUpperCase(),
            path: before.path,
            old: method.toUpperCase(),
            ...(other ? { new: other[0].toUpperCase() } : {}),
            message: `operation removed${other ? ` (now ${other[0].toUpperCase()}?)` : ''}: every call to it fails`,
          }),
        );
        continue;
      }
      diffOperation(
        old,
        now,
        { method: method.toUpperCase(), path: before.path },
        after.path,
        [before.item, op],
        [after.item, next],
        findings,
      );
    }
    for (const [method] of newOps)
      if (!hasMethod(old, before.item, method))
        findings.push(
          finding('endpoint-added', {
            method: method.toUpperCase(),
            path: after.path,
            new: method.toUpperCase(),
            message: 'operation added',
          }),
        );
  }
  for (const [template, after] of newPaths)
    if (!oldPaths.has(template))
      for (const [method] of operationsOf(now, after.item))
        findings.push(
          finding('endpoint-added', {
            method: method.toUpperCase(),
            path: after.path,
            new: after.path,
            message: 'operation added',
          }),
        );
  return findings;
}

interface PathEntry {
  key: string;
  path: string;
  item: Json;
}

/** Paths keyed by their shape: /interactions/{id} and /interactions/{interaction_id} are the same path. */
function byTemplate(doc: Doc): Map<string, PathEntry> {
  const paths = (doc.root.paths ?? {}) as Record<string, Json>;
  return new Map(
    Object.entries(paths).map(([path, item]) => {
      const key = path.replace(/\{[^}]*\}/g, '{}');
      return [key, { key, path, item: deref(doc, item) as Json }];
    }),
  );
}

function operationsOf(doc: Doc, item: Json): [string, Json][] {
  return HTTP_METHODS.filter((m) => item[m] !== undefined).map((m) => [m, deref(doc, item[m]) as Json]);
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

type At = Pick<Finding, 'method' | 'path'>;

function diffOperation(
  old: Doc,
  now: Doc,
  at: At,
  newPath: string,
  [oldItem, oldOp]: [Json, Json],
  [newItem, newOp]: [Json, Json],
  out: Finding[],
) {
  if (oldOp.deprecated !== true && newOp.deprecated === true)
    out.push(finding('endpoint-deprecated', { ...at, message: 'operation deprecated: plan to stop calling it' }));
  if (oldOp.deprecated === true && newOp.deprecated !== true)
    out.push(finding('endpoint-reactivated', { ...at, message: 'operation no longer deprecated' }));
  diffSecurity(old, now, at, oldOp, newOp, out);
  diffParameters(
    old,
    now,
    at,
    parametersOf(old, at.path!, oldItem, oldOp),
    parametersOf(now, newPath, newItem, newOp),
    out,
  );
  diffRequestBody(old, now, at, oldOp, newOp, out);
  diffResponses(old, now, at, oldOp, newOp, out);
}

/** Resolves a Reference Object (parameters, request bodies, responses may be one). */
function deref(doc: Doc, node: unknown): unknown {
  let current = node;
  for (let hops = 0; hops < 16 && typeof (current as Json | undefined)?.$ref === 'string'; hops++)
    current = resolvePointer(doc.root, (current as Json).$ref as string);
  return current;
}

interface Parameter {
  key: string;
  label: string;
  required: boolean;
  schema: unknown;
}

/** Path-level and operation-level parameters (the operation's win). Path parameters count by position, not name. */
function parametersOf(doc: Doc, path: string, item: Json, op: Json): Map<string, Parameter> {
  const result = new Map<string, Parameter>();
  const names = [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
  for (const raw of [...((item.parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])]) {
    const p = deref(doc, raw) as Json;
    const place = String(p.in);
    const name = String(p.name);
    const key =
      place === 'path' ? `path:#${names.indexOf(name)}` : `${place}:${place === 'header' ? name.toLowerCase() : name}`;
    // Path parameters are required by definition.
    const required = place === 'path' || p.required === true;
    result.set(key, { key, label: `${place} parameter "${name}"`, required, schema: p.schema });
  }
  return result;
}

function diffParameters(
  old: Doc,
  now: Doc,
  at: At,
  before: Map<string, Parameter>,
  after: Map<string, Parameter>,
  out: Finding[],
) {
  for (const [key, p] of after) {
    const was = before.get(key);
    if (!was) {
      out.push(
        finding(p.required ? 'new-required-request-parameter' : 'new-optional-request-parameter', {
          ...at,
          where: p.label,
          new: p.label,
          message: p.required ? `required ${p.label} added: calls without it are refused` : `optional ${p.label} added`,
        }),
      );
      continue;
    }
    if (!was.required && p.required)
      out.push(
        finding('request-parameter-became-required', { ...at, where: p.label, message: `${p.label} is now required` }),
      );
    if (was.required && !p.required)
      out.push(
        finding('request-parameter-became-optional', { ...at, where: p.label, message: `${p.label} is now optional` }),
      );
    diffSchema(was.schema, p.schema, { side: 'request', old, new: now, at: { ...at, where: p.label }, findings: out });
  }
  for (const [key, p] of before)
    if (!after.has(key))
      out.push(
        finding('request-parameter-removed', {
          ...at,
          where: p.label,
          old: p.label,
          message: `${p.label} removed: it is now ignored`,
        }),
      );
}

function diffRequestBody(old: Doc, now: Doc, at: At, oldOp: Json, newOp: Json, out: Finding[]) {
  const before = deref(old, oldOp.requestBody) as Json | undefined;
  const after = deref(now, newOp.requestBody) as Json | undefined;
  if (after?.required === true && before?.required !== true)
    out.push(
      finding('request-body-became-required', {
        ...at,
        where: 'request body',
        message: 'a request body is now required',
      }),
    );
  diffContent(old, now, 'request', { ...at, where: 'request body' }, before?.content, after?.content, out);
}

function diffResponses(old: Doc, now: Doc, at: At, oldOp: Json, newOp: Json, out: Finding[]) {
  const before = (oldOp.responses ?? {}) as Json;
  const after = (newOp.responses ?? {}) as Json;
  const success = (status: string) => /^2/.test(status);
  const added = Object.keys(after).filter((s) => !(s in before));
  for (const status of Object.keys(before)) {
    if (!(status in after)) {
      if (success(status)) {
        const instead = added.find(success);
        out.push(
          finding('response-success-status-removed', {
            ...at,
            status,
            old: status,
            ...(instead ? { new: instead } : {}),
            message:
              `success status ${status} removed${instead ? ` (now ${instead}?)` : ''}: ` +
              'clients waiting for it treat every success as a failure',
          }),
        );
      } else
        out.push(
          finding('response-non-success-status-removed', {
            ...at,
            status,
            old: status,
            message: `error status ${status} removed: that failure now comes back as another status, or undocumented`,
          }),
        );
      continue;
    }
    const was = deref(old, before[status]) as Json;
    const is = deref(now, after[status]) as Json;
    diffContent(old, now, 'response', { ...at, status, where: 'response body' }, was?.content, is?.content, out);
  }
  for (const status of added)
    out.push(
      finding(success(status) ? 'response-success-status-added' : 'response-non-success-status-added', {
        ...at,
        status,
        new: status,
        message: `${success(status) ? 'success' : 'error'} status ${status} added`,
      }),
    );
}

type Where = Pick<Finding, 'method' | 'path' | 'status' | 'where'>;

function diffContent(old: Doc, now: Doc, side: Side, where: Where, before: unknown, after: unknown, out: Finding[]) {
  const a = (before ?? {}) as Record<string, Json>;
  const b = (after ?? {}) as Record<string, Json>;
  const prefix = side === 'request' ? 'request-body' : 'response';
  for (const media of Object.keys(a)) {
    if (!(media in b)) {
      out.push(
        finding(`${prefix}-media-type-removed`, { ...where, old: media, message: `media type ${media} removed` }),
      );
      continue;
    }
    const schemaFindings: Finding[] = [];
    diffSchema(a[media].schema, b[media].schema, { side, old, new: now, at: where, findings: schemaFindings });
    const oldRef = (a[media].schema as Json | undefined)?.$ref;
    const newRef = (b[media].schema as Json | undefined)?.$ref;
    // A renamed component with the same wire shape is no change; a different shape is judged field by field.
    if (schemaFindings.length > 0 && oldRef !== newRef)
      out.push(
        finding(`${side}-body-schema-ref-changed`, {
          ...where,
          old: String(oldRef ?? 'inline schema'),
          new: String(newRef ?? 'inline schema'),
          message: 'the body now points at a different schema; its fields are compared one by one',
        }),
      );
    out.push(...schemaFindings);
  }
  for (const media of Object.keys(b))
    if (!(media in a))
      out.push(finding(`${prefix}-media-type-added`, { ...where, new: media, message: `media type ${media} added` }));
}

type Alternative = { key: string; label: string; headers: string[] };

/** Security requirements as alternatives, each named by what goes on the wire, not by the scheme's component name. */
function alternatives(doc: Doc, op: Json): Alternative[] | undefined {
  const requirements = (op.security ?? doc.root.security) as Json[] | undefined;
  if (!requirements || requirements.length === 0) return undefined;
  const schemes = ((doc.root.components as Json | undefined)?.securitySchemes ?? {}) as Record<string, Json>;
  return requirements.map((requirement) => {
    const parts = Object.keys(requirement).map((name) => {
      const s = (deref(doc, schemes[name]) ?? {}) as Json;
      if (s.type === 'apiKey')
        return { id: `apiKey ${s.in} ${String(s.name).toLowerCase()}`, header: `${s.in} ${s.name}` };
      if (s.type === 'http') return { id: `http ${String(s.scheme).toLowerCase()}`, header: `http ${s.scheme}` };
      return { id: `${s.type ?? 'unknown'} ${name}`, header: `${s.type ?? 'unknown'} ${name}` };
    });
    const sorted = parts.sort((x, y) => (x.id < y.id ? -1 : 1));
    return {
      key: sorted.map((p) => p.id).join(' + '),
      label: sorted.length ? sorted.map((p) => p.header).join(' + ') : 'no credentials',
      headers: sorted.map((p) => p.id),
    };
  });
}

function diffSecurity(old: Doc, now: Doc, at: At, oldOp: Json, newOp: Json, out: Finding[]) {
  const before = alternatives(old, oldOp);
  const after = alternatives(now, newOp);
  const anonymous = (alts: Alternative[] | undefined) => !alts || alts.some((a) => a.key === '');
  const where = 'security';
  if (anonymous(before) && !anonymous(after)) {
    out.push(
      finding('api-security-added', {
        ...at,
        where,
        new: after!.map((a) => a.label).join(' or '),
        message: 'credentials are now required: calls without them are refused',
      }),
    );
    return;
  }
  // No credentials needed any more: clients that still send them are not refused.
  if (!before || anonymous(after)) return;
  const afterKeys = new Set((after ?? []).map((a) => a.key));
  const beforeKeys = new Set(before.map((a) => a.key));
  const gained = (after ?? []).filter((a) => !beforeKeys.has(a.key));
  for (const alt of before.filter((a) => !afterKeys.has(a.key))) {
    // The same credentials with one header renamed: clients send the old header and are refused.
    const renamed = gained.find(
      (g) => g.headers.length === alt.headers.length && g.headers.filter((h) => !alt.headers.includes(h)).length === 1,
    );
    if (renamed) gained.splice(gained.indexOf(renamed), 1);
    out.push(
      finding(renamed ? 'api-security-changed' : 'api-security-removed', {
        ...at,
        where,
        old: alt.label,
        ...(renamed ? { new: renamed.label } : {}),
        message: renamed
          ? 'credentials changed: clients sending the old ones are refused'
          : 'this way of authenticating was removed: clients using it are refused',
      }),
    );
  }
  for (const alt of gained)
    out.push(
      finding('api-security-alternative-added', {
        ...at,
        where,
        new: alt.label,
        message: 'another way of authenticating added',
      }),
    );
}
