import { randomBytes } from 'node:crypto';

/**
 * Probe names say they are probes: every name the suite sends where a
 * check's purpose allows carries its run's marker, so a later run (here or on
 * another machine) never mistakes a probe for the interaction's real name.
 */
const MARKER = /\[contract-suite run ([0-9a-f]{12})\]/;
// What versions before the marker sent: recognised too, so their leftovers are never adopted either.
const UNMARKED_PROBE = /^contract-suite (check|probe) \d{4}-\d{2}-\d{2}T/;

/** A new run's id: 12 hex digits, short enough to read in a name, random enough never to repeat. */
export function newRunId(): string {
  return randomBytes(6).toString('hex');
}

/** The marker a run's probe names carry. */
export function markerOf(runId: string): string {
  return `[contract-suite run ${runId}]`;
}

/** A probe name of this run: what it says it is for, then the marker. */
export function probeName(runId: string, purpose: string): string {
  return `contract-suite ${purpose} ${markerOf(runId)}`;
}

/** Which run a name is a probe of: its run id, `unknown` for an earlier version's probe, or undefined. */
export function probeRunOf(name: string): string | undefined {
  const marked = MARKER.exec(name);
  if (marked) return marked[1];
  return UNMARKED_PROBE.test(name) ? 'unknown' : undefined;
}
