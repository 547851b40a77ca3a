/**
 * Parameters: added, removed, required or not, their defaults and schemas
 * (read as text where the wire carries text).
 */
import { finding } from '../findings';
import { diffSchema } from '../schema-diff';
import type { Doc } from '../schema-view';
import { asList, deref, isObject, type At, type FamilyContext, type Json } from './document';
import { removalRule } from './lifecycle';

interface Parameter {
  label: string;
  required: boolean;
  schema: unknown;
  raw: Json;
}

/** Path-level and operation-level parameters (the operation's win). Path parameters count by position, not name. */
export function parametersOf(doc: Doc, path: string, item: Json, op: Json): Map<string, Parameter> {
  const result = new Map<string, Parameter>();
  const names = [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
  for (const raw of [...asList(item.parameters), ...asList(op.parameters)]) {
    const p = deref(doc, raw);
    if (!isObject(p) || typeof p.name !== 'string') continue;
    const place = String(p.in);
    const name = p.name;
    const key =
      place === 'path' ? `path:#${names.indexOf(name)}` : `${place}:${place === 'header' ? name.toLowerCase() : name}`;
    // Path parameters are required by definition.
    const required = place === 'path' || p.required === true;
    result.set(key, { label: `${place} parameter "${name}"`, required, schema: p.schema, raw: p });
  }
  return result;
}

export function diffParameters(
  at: At,
  before: Map<string, Parameter>,
  after: Map<string, Parameter>,
  context: FamilyContext,
) {
  const out = context.findings;
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
    const where = { ...at, where: p.label };
    if (!was.required && p.required)
      out.push(finding('request-parameter-became-required', { ...where, message: `${p.label} is now required` }));
    if (was.required && !p.required)
      out.push(finding('request-parameter-became-optional', { ...where, message: `${p.label} is now optional` }));
    if (!was.required && !p.required) diffDefault(where, p.label, was.schema, p.schema, out);
    diffSchema(was.schema, p.schema, { side: 'request', context, at: where, findings: out, parameter: true });
  }
  for (const [key, p] of before)
    if (!after.has(key)) {
      const { rule, note } = removalRule(p.raw, context.today, {
        withDeprecation: 'request-parameter-removed',
        withoutDeprecation: 'request-parameter-removed',
        beforeSunset: 'request-parameter-removed-before-sunset',
        sunsetParse: 'request-parameter-removed-before-sunset',
      });
      out.push(
        finding(rule, { ...at, where: p.label, old: p.label, message: `${p.label} removed${note}: it is now ignored` }),
      );
    }
}

/** A client that leaves out an optional parameter gets its default: a new one changes what that call does. */
function diffDefault(
  where: At & { where: string },
  label: string,
  oldSchema: unknown,
  newSchema: unknown,
  out: FamilyContext['findings'],
) {
  const a = isObject(oldSchema) && 'default' in oldSchema ? JSON.stringify(oldSchema.default) : undefined;
  const b = isObject(newSchema) && 'default' in newSchema ? JSON.stringify(newSchema.default) : undefined;
  if (a === b) return;
  const values = { old: a, new: b };
  if (a === undefined)
    out.push(
      finding('request-parameter-default-value-added', {
        ...where,
        ...values,
        message: `${label} now defaults to ${b}: calls that leave it out behave differently`,
      }),
    );
  else if (b === undefined)
    out.push(
      finding('request-parameter-default-value-removed', {
        ...where,
        ...values,
        message: `${label} no longer defaults to ${a}: calls that leave it out behave differently`,
      }),
    );
  else
    out.push(
      finding('request-parameter-default-value-changed', {
        ...where,
        ...values,
        message: `${label}'s default changed: calls that leave it out behave differently`,
      }),
    );
}
