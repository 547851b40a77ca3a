/** Security requirements: what a client must send to be let in. */
import { finding } from '../findings';
import type { Doc } from '../schema-view';
import { asList, asObject, deref, type At, type FamilyContext, type Json } from './document';

type Alternative = { key: string; label: string; headers: string[] };

/** Security requirements as alternatives, each named by what goes on the wire, not by the scheme's component name. */
function alternatives(doc: Doc, op: Json): Alternative[] | undefined {
  const requirements = asList(op.security ?? doc.root.security);
  if (op.security === undefined && doc.root.security === undefined) return undefined;
  if (requirements.length === 0) return undefined;
  const schemes = asObject(asObject(doc.root.components).securitySchemes);
  return requirements.map((requirement) => {
    const parts = Object.keys(asObject(requirement)).map((name) => {
      const s = asObject(deref(doc, schemes[name]));
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

export function diffSecurity(at: At, oldOp: Json, newOp: Json, context: FamilyContext) {
  const out = context.findings;
  const before = alternatives(context.old, oldOp);
  const after = alternatives(context.new, newOp);
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
