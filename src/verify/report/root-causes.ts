import type { CheckResult, FailureDetail } from '../results';

/**
 * What one failure is about: the field at fault and the value found there
 * (`/initial_turn "assistant"`), however the check spelled it. Pact says
 * `$.initial_turn` and `"assistant"`, the schema says `/initial_turn` and
 * `... (got "assistant")`: both are one cause; so is one wrong status. A
 * failure that names no place is known by its message; one that names a
 * place but no value has a cause of its own (undefined).
 */
export function causeOf(detail: FailureDetail): string | undefined {
  // A wrong status, however said: Pact's "expected 200 but was 201", the errors group's path "status".
  const pactStatus = /^expected (\d{3}) but was (\d{3})$/i.exec(detail.message);
  if (pactStatus) return `status ${pactStatus[2]}`;
  if (detail.path === 'status') {
    const status = /^\d{3}/.exec(detail.actual ?? '');
    return status ? `status ${status[0]}` : undefined;
  }
  // No place: the same words are the same cause ("HTTP 200 with Content-Type text/html ..." from every check).
  if (!detail.path) return detail.message;
  const place = detail.path.startsWith('$') ? detail.path.replace(/^\$\.?/, '/').replace(/\./g, '/') : detail.path;
  const got = /\(got (.+)\)$/.exec(detail.actual ?? detail.message)?.[1];
  const value = got ?? detail.actual;
  return value === undefined ? undefined : `${place} ${value}`;
}

/**
 * The causes of a run's failures, as they are reported: the first failure
 * with a cause is shown in full, the later ones with the same cause point
 * at it instead of repeating it, and the summary says which causes explain
 * several failures.
 */
export class RootCauses {
  private readonly first = new Map<string, { label: string; count: number }>();

  /** The check that already showed this result's cause, if one did (and counts this one under it). */
  shownBy(result: CheckResult): string | undefined {
    const cause = result.status === 'failed' && result.detail ? causeOf(result.detail) : undefined;
    if (!cause) return undefined;
    const known = this.first.get(cause);
    if (known) {
      known.count += 1;
      return known.label;
    }
    this.first.set(cause, { label: `${result.group} › ${result.name}`, count: 1 });
    return undefined;
  }

  /** One line per cause that explains more than one failed check. */
  summaryLines(): string[] {
    return [...this.first]
      .filter(([, { count }]) => count > 1)
      .map(
        ([cause, { label, count }]) =>
          `Root cause: ${short(cause)} explains ${count} failed checks (shown at ${label}).`,
      );
  }
}

/** The line a failure with a cause already shown prints instead of its detail. */
export function pointerLine(shownBy: string, detail: FailureDetail): string {
  return `      same cause as ${shownBy} (shown above): ${short(causeOf(detail) ?? detail.message)}`;
}

// A cause known by a whole message (Pact's can be long) is named by its start: the full text is above.
function short(cause: string): string {
  const chars = [...cause];
  return chars.length > 100 ? `${chars.slice(0, 99).join('')}…` : cause;
}
