import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bodyOf, type PactDocument } from '../../contract/pact-file';

/** The rule that holds a static mock's name to its type: any string, not the pact's example. */
const BY_TYPE = { combine: 'AND', matchers: [{ match: 'type' }] };

type Rules = Record<string, unknown>;

/**
 * The pact a static mock is replayed with: each successful response's
 * `$.name` matched by type instead of by value. A static mock answers the
 * same example whatever name it was sent, so an exact name says nothing
 * about its shape. Nothing else changes: every other rule and example stays
 * as the pact has it. Pure (the pact is untrusted input: only this one rule
 * of a JSON document is set, nothing of it is run or followed).
 */
export function withNamesByType(pact: PactDocument): PactDocument {
  const copy = structuredClone(pact) as PactDocument & { interactions: { response: { matchingRules?: Rules } }[] };
  for (const interaction of copy.interactions) {
    const { response } = interaction;
    const body = bodyOf(response) as { name?: unknown } | undefined;
    if (response.status < 200 || response.status >= 300 || typeof body?.name !== 'string') continue;
    const rules = (response.matchingRules ??= {});
    // V3 and V4 keep body rules under "body"; V2 pacts spell the path "$.body.name" at the top.
    if (isV2(pact)) rules['$.body.name'] = { match: 'type' };
    else rules.body = { ...((rules.body as Rules | undefined) ?? {}), '$.name': BY_TYPE };
  }
  return copy;
}

function isV2(pact: PactDocument): boolean {
  const version = (pact as { metadata?: { pactSpecification?: { version?: unknown } } }).metadata?.pactSpecification
    ?.version;
  return typeof version === 'string' && version.startsWith('2');
}

/**
 * Writes the static copies of these pacts to a fresh temporary folder,
 * removed when this process exits: the committed pact files stay exact,
 * for the real providers they are verified against.
 */
export function writeStaticCopies(pacts: { file: string; pact: PactDocument }[]): string[] {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'proficient-static-pacts-'));
  process.once('exit', () => fs.rmSync(folder, { recursive: true, force: true }));
  return pacts.map(({ file, pact }, index) => {
    const copy = path.join(folder, `${index}-${path.basename(file)}`);
    fs.writeFileSync(copy, JSON.stringify(withNamesByType(pact), null, 2));
    return copy;
  });
}
