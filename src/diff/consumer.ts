/**
 * Which findings touch what this suite's pacts use — an operation, a status, a field, a credential
 * header — so a report can tell "breaks this consumer" from "affects other clients", and
 * `--scope pacts` can fail the run only on the first.
 */
import fs from 'node:fs';
import { bodyOf, pactFilesAt, readPactFile } from '../contract/pact-file';
import type { Finding } from './findings';
import { matchesPathTemplate } from '../contract/openapi';

/** What one pact interaction uses. */
export interface PactUse {
  method: string;
  path: string;
  status: string;
  /** Data paths in the bodies: "" for the body itself, "/name", "/error/code", "/items/*". */
  requestFields: string[];
  responseFields: string[];
  /** Request header names, lower case. */
  headers: string[];
}

export type Scope = 'all' | 'pacts';

/** The uses of every pact at a location (a file or a folder); none where there are no pacts. */
export function pactUses(location: string): PactUse[] {
  if (!fs.existsSync(location)) return [];
  return pactFilesAt(location).flatMap((file) =>
    readPactFile(file).interactions.map((interaction) => ({
      method: interaction.request.method.toUpperCase(),
      path: interaction.request.path,
      status: String(interaction.response.status),
      requestFields: fieldsOf(bodyOf(interaction.request)),
      responseFields: fieldsOf(bodyOf(interaction.response)),
      headers: Object.keys(interaction.request.headers ?? {}).map((h) => h.toLowerCase()),
    })),
  );
}

function fieldsOf(body: unknown, at = ''): string[] {
  if (body === undefined) return [];
  if (Array.isArray(body)) return [at, ...body.flatMap((item) => fieldsOf(item, `${at}/*`))];
  if (typeof body === 'object' && body !== null)
    return [at, ...Object.entries(body).flatMap(([key, value]) => fieldsOf(value, `${at}/${key}`))];
  return [at];
}

/**
 * Marks each finding with whether the pacts touch it, and raises the rules that break this consumer
 * in particular. Which findings fail the run is decided after (pipeline.ts: scope, level, accepted).
 */
export function judge(findings: Finding[], uses: PactUse[]): Finding[] {
  return findings.map((original) => {
    const touchesPacts = uses.some((use) => touches(original, use));
    const f: Finding = { ...original, touchesPacts };
    if (touchesPacts && f.rule === 'request-property-removed' && f.level !== 'breaking') {
      // Unknown properties may still be allowed, but a field this consumer sends would be silently dropped:
      // for the rename operation, every call would then do nothing.
      f.level = 'breaking';
      f.message = `${f.message}, and this consumer sends it`;
    }
    if (touchesPacts && f.rule === 'response-non-success-status-removed') {
      f.level = 'breaking';
      f.message = `${f.message}; this consumer's pacts expect it`;
    }
    return f;
  });
}

function touches(f: Finding, use: PactUse): boolean {
  if (f.method && f.method !== use.method) return false;
  if (f.path && !matchesPathTemplate(f.path, use.path)) return false;
  const statusAdded = /status-added$/.test(f.rule);
  if (f.status && !statusAdded && f.status !== use.status) return false;
  if (f.where === 'security' && f.old) {
    // A removed or changed way of authenticating touches this consumer only when it is the one the pacts send.
    const sent = f.old.toLowerCase();
    return use.headers.some((h) => sent.includes(`header ${h}`));
  }
  if (f.pointer === undefined || (f.where !== 'request body' && f.where !== 'response body')) return true;
  const used = f.where === 'request body' ? use.requestFields : use.responseFields;
  const field = dataPath(f.pointer, /added$|^new-/.test(f.rule));
  // A pact that uses a body uses its root (""): that touches findings about the root, not every field below it.
  return used.some(
    (u) => u === field || field === '' || u.startsWith(`${field}/`) || (u !== '' && field.startsWith(`${u}/`)),
  );
}

/** /properties/error/properties/code/enum -> /error/code; an added property counts from the object that holds it. */
function dataPath(pointer: string, added: boolean): string {
  const segments = pointer.split('/').slice(1);
  const path: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    if (segments[i] === 'properties' && i + 1 < segments.length)
      path.push(segments[++i].replace(/~1/g, '/').replace(/~0/g, '~'));
    else if (segments[i] === 'items') path.push('*');
  }
  if (added) path.pop();
  return path.map((p) => `/${p}`).join('');
}
