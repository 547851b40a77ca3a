import { stripAnsi } from '../../shared/redact';

/** One way a response differed from the pact, as Pact reports it. */
interface PactMismatch {
  message: string;
  path?: string;
  expected?: string;
  actual?: string;
}

/** What one Pact replay concluded: its verdict per interaction. */
export interface ReplayVerdicts {
  interactions: { description: string; ok: boolean; durationMs: number; mismatches: PactMismatch[] }[];
  /** Set when Pact could not run at all (bad pact, crash, no pacts): the reason. */
  crashed?: string;
}

interface PactJsonMismatch {
  mismatch?: string;
  path?: string;
  expected?: unknown;
  actual?: unknown;
  type?: string;
}

interface PactJsonResults {
  interactionResults?: { description: string; duration?: string; result: string }[];
  // "interaction" reads "Verifying a pact between C and P Given <state> - <description>".
  errors?: { interaction: string; mismatch: { type: string; message?: string; mismatches?: PactJsonMismatch[] } }[];
}

/** Turns Pact's JSON results (pactffi_verifier_json) into one verdict per interaction. */
export function parseResults(json: string): ReplayVerdicts {
  const results = JSON.parse(json) as PactJsonResults;
  const belongsTo = (error: { interaction: string }, description: string) =>
    error.interaction === description || error.interaction.endsWith(` - ${description}`);
  const mismatchesOf = (description: string): PactMismatch[] =>
    (results.errors ?? [])
      .filter((e) => belongsTo(e, description))
      .flatMap((e) =>
        e.mismatch.mismatches?.length
          ? e.mismatch.mismatches.map(toMismatch)
          : [{ message: stripAnsi(e.mismatch.message ?? e.mismatch.type) }],
      );
  const interactions = (results.interactionResults ?? []).map((r) => ({
    description: r.description,
    ok: r.result === 'OK',
    durationMs: Number.parseInt(r.duration ?? '0', 10) || 0,
    mismatches: r.result === 'OK' ? [] : mismatchesOf(r.description),
  }));
  // Errors that belong to no interaction (a pact that would not load, a broker
  // that would not answer) mean Pact could not run.
  const orphans = (results.errors ?? []).filter((e) => !interactions.some((i) => belongsTo(e, i.description)));
  if (orphans.length > 0) {
    return {
      interactions,
      crashed: orphans.map((e) => stripAnsi(`${e.interaction}: ${e.mismatch.message ?? e.mismatch.type}`)).join('; '),
    };
  }
  if (interactions.length === 0)
    return { interactions, crashed: 'Pact replayed no interactions (no pacts were found)' };
  return { interactions };
}

function toMismatch(m: PactJsonMismatch): PactMismatch {
  const text = (value: unknown) =>
    value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
  return {
    message: m.mismatch ?? m.type ?? 'mismatch',
    path: m.path,
    expected: text(m.expected),
    actual: text(m.actual),
  };
}
