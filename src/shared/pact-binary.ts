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
