/** Reading the parts of a (possibly not quite valid) document that the rule families share. */
import type { Finding } from '../findings';
import type { DiffContext } from '../schema-diff';
import { resolveRef, type Doc } from '../schema-view';

export type Json = Record<string, unknown>;

/** Method and path of the operation a finding is about, and where it is in the document. */
export type At = Pick<Finding, 'method' | 'path' | 'documentPointer'>;

/**
 * What every family gets: both documents, the clock and the shared
 * comparisons, the date "now" means, and the output.
 */
export interface FamilyContext extends DiffContext {
  /** YYYY-MM-DD: the day sunset dates are judged against (--today). */
  today: string;
  findings: Finding[];
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object where the document should have one; nothing where it wrote something else (already reported). */
export function asObject(value: unknown): Json {
  return isObject(value) ? value : {};
}

export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Resolves a Reference Object (parameters, request bodies, responses, headers may be one). */
export function deref(doc: Doc, node: unknown): unknown {
  let current = node;
  const seen = new Set<string>();
  while (isObject(current) && typeof current.$ref === 'string' && !seen.has(current.$ref)) {
    seen.add(current.$ref);
    current = resolveRef(doc.root, current.$ref);
  }
  return current;
}
