/** Request bodies and the media types of any body: what each carries is compared schema by schema. */
import { finding, type Finding } from '../findings';
import { diffSchema, type Side } from '../schema-diff';
import { asObject, deref, type At, type FamilyContext, type Json } from './document';

type Where = At & Pick<Finding, 'status' | 'where'>;

export function diffRequestBody(at: At, oldOp: Json, newOp: Json, context: FamilyContext) {
  const before = asObject(deref(context.old, oldOp.requestBody));
  const after = asObject(deref(context.new, newOp.requestBody));
  if (after.required === true && before.required !== true)
    context.findings.push(
      finding('request-body-became-required', {
        ...at,
        where: 'request body',
        message: 'a request body is now required',
      }),
    );
  diffContent('request', { ...at, where: 'request body' }, before.content, after.content, context);
}

export function diffContent(side: Side, where: Where, before: unknown, after: unknown, context: FamilyContext) {
  const out = context.findings;
  const a = asObject(before);
  const b = asObject(after);
  for (const media of Object.keys(a)) {
    if (!(media in b)) {
      out.push(
        finding(side === 'request' ? 'request-body-media-type-removed' : 'response-media-type-removed', {
          ...where,
          old: media,
          message: `media type ${media} removed`,
        }),
      );
      continue;
    }
    const oldSchema = asObject(a[media]).schema;
    const newSchema = asObject(b[media]).schema;
    const schemaFindings: Finding[] = [];
    diffSchema(oldSchema, newSchema, { side, context, at: where, findings: schemaFindings });
    const oldRef = asObject(oldSchema).$ref;
    const newRef = asObject(newSchema).$ref;
    // A renamed component with the same wire shape is no change; a different shape is judged field by field.
    if (schemaFindings.length > 0 && oldRef !== newRef)
      out.push(
        finding(side === 'request' ? 'request-body-schema-ref-changed' : 'response-body-schema-ref-changed', {
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
      out.push(
        finding(side === 'request' ? 'request-body-media-type-added' : 'response-media-type-added', {
          ...where,
          new: media,
          message: `media type ${media} added`,
        }),
      );
}
