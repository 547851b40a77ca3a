/** Responses: statuses added and removed, their headers, and their bodies. */
import { finding } from '../findings';
import { diffSchema } from '../schema-diff';
import { diffContent } from './bodies';
import { asObject, deref, type At, type FamilyContext, type Json } from './document';

export function diffResponses(at: At, oldOp: Json, newOp: Json, context: FamilyContext) {
  const out = context.findings;
  const before = asObject(oldOp.responses);
  const after = asObject(newOp.responses);
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
    const was = asObject(deref(context.old, before[status]));
    const is = asObject(deref(context.new, after[status]));
    diffHeaders({ ...at, status }, was.headers, is.headers, context);
    diffContent('response', { ...at, status, where: 'response body' }, was.content, is.content, context);
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

/** Response headers, by case-insensitive name: removed, no longer required, or their schema changed. */
function diffHeaders(at: At & { status: string }, before: unknown, after: unknown, context: FamilyContext) {
  const out = context.findings;
  const byName = (headers: unknown, doc: typeof context.old) =>
    new Map(
      Object.entries(asObject(headers))
        // "If a response header is defined with the name Content-Type, it SHALL be ignored."
        .filter(([name]) => name.toLowerCase() !== 'content-type')
        .map(([name, header]) => [name.toLowerCase(), { name, header: asObject(deref(doc, header)) }]),
    );
  const a = byName(before, context.old);
  const b = byName(after, context.new);
  for (const [key, { name, header }] of a) {
    const where = { ...at, where: `response header ${name}` };
    const now = b.get(key);
    if (!now) {
      out.push(
        finding(header.required === true ? 'required-response-header-removed' : 'optional-response-header-removed', {
          ...where,
          old: name,
          message:
            `${header.required === true ? 'required' : 'optional'} header ${name} removed: ` +
            'clients that read it find nothing',
        }),
      );
      continue;
    }
    if (header.required === true && now.header.required !== true)
      out.push(
        finding('response-header-became-optional', {
          ...where,
          message: `header ${name} is no longer required: it may be missing`,
        }),
      );
    diffSchema(header.schema, now.header.schema, {
      side: 'response',
      context,
      at: where,
      findings: out,
      parameter: true,
    });
  }
}
