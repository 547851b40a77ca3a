import path from 'node:path';
import { PROJECT_ROOT } from '../pacticipants';

/**
 * The native `pact` binary that @pact-foundation/pact-cli installs (broker,
 * stub server and verifier in one): used by the broker commands and `stub`.
 * Loaded when first asked for, so commands that never run it never load it.
 */
export function pactBinary(): string {
  const { standalone } = require('@pact-foundation/pact-cli/src/pact-standalone') as {
    standalone(): { pactFullPath: string };
  };
  return standalone().pactFullPath;
}

// Built beside this file in dist/ (npm ci and npm test build it).
const GUARDIAN = path.join(PROJECT_ROOT, 'dist', 'shared', 'guardian.js');

/**
 * The command and arguments that run the pact binary under a guardian, so it
 * ends with this process even when this process is killed with SIGKILL.
 */
export function guardedPact(args: string[]): [string, string[]] {
  return [process.execPath, [GUARDIAN, pactBinary(), ...args]];
}
