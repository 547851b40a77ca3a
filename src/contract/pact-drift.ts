import fs from 'node:fs';
import path from 'node:path';
import { displayPath } from './json-file';

/** What publishing freshly generated pacts into the committed folder found. */
export interface PactSyncResult {
  /** Files whose committed content differs from (or lacks) what was generated. */
  changed: string[];
  /** Whether pacts/ was written (not on CI, where a change is a failure instead). */
  written: boolean;
}

/**
 * Moves pacts generated in `generatedDir` into `committedDir`. Locally it
 * replaces each file atomically (a reader never sees a half-written or missing
 * pact). With `failOnDrift` (CI) it writes nothing and reports the files that
 * differ, so a consumer change that alters the contract must be committed and
 * show in the pull request.
 */
export function syncGeneratedPacts(generatedDir: string, committedDir: string, failOnDrift: boolean): PactSyncResult {
  const changed: string[] = [];
  const generated = fs
    .readdirSync(generatedDir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  for (const name of generated) {
    const fresh = fs.readFileSync(path.join(generatedDir, name), 'utf8');
    const target = path.join(committedDir, name);
    const committed = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    if (committed !== fresh) changed.push(target);
    if (!failOnDrift && committed !== fresh) {
      const staging = path.join(committedDir, `.${name}.tmp`);
      fs.writeFileSync(staging, fresh);
      fs.renameSync(staging, target);
    }
  }
  return { changed, written: !failOnDrift && changed.length > 0 };
}

/** The message CI shows when the committed pacts are stale. */
export function driftMessage(changed: string[]): string {
  return [
    `The committed pacts differ from what the consumer tests generate: ${changed.map(displayPath).join(', ')}.`,
    'A consumer change altered the contract. Run `npm test` locally (outside CI it rewrites pacts/), ' +
      'review the diff, and commit pacts/.',
  ].join('\n');
}
