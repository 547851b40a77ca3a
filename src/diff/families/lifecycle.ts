/**
 * Deprecation, sunset and stability: `x-sunset` (or `sunset`) dates and `x-stability-level`
 * (draft, alpha, beta, stable), as oasdiff reads them. "Now" is the --today date, so a run is
 * reproducible.
 */
import { finding, type RuleId } from '../findings';
import { type At, type FamilyContext, type Json } from './document';

const STABILITY = ['draft', 'alpha', 'beta', 'stable'];

function stabilityOf(node: Json): string | undefined {
  const level = node['x-stability-level'];
  return typeof level === 'string' ? level : undefined;
}

/** Draft and alpha operations may go without notice, by oasdiff's default policy. */
export function isUnstable(node: Json): boolean {
  return ['draft', 'alpha'].includes(stabilityOf(node) ?? '');
}

type Sunset = { written: false } | { written: true; text: string; date?: string };

function sunsetOf(node: Json): Sunset {
  const raw = node['x-sunset'] ?? node.sunset;
  if (raw === undefined) return { written: false };
  const text = raw instanceof Date ? raw.toISOString() : String(raw);
  const match = /^(\d{4}-\d{2}-\d{2})(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.exec(text);
  const date = match && !Number.isNaN(Date.parse(match[1])) ? match[1] : undefined;
  return { written: true, text, date };
}

/**
 * The rule for removing something deprecated (a path, an operation, a parameter): before its sunset
 * date it still breaks its clients; after it, the removal was announced.
 */
export function removalRule(
  node: Json,
  today: string,
  rules: { withDeprecation: RuleId; withoutDeprecation: RuleId; beforeSunset: RuleId; sunsetParse: RuleId },
): { rule: RuleId; note: string } {
  if (node.deprecated !== true) return { rule: rules.withoutDeprecation, note: '' };
  const sunset = sunsetOf(node);
  if (!sunset.written) return { rule: rules.withDeprecation, note: ' (it was deprecated)' };
  if (!sunset.date)
    return { rule: rules.sunsetParse, note: ` (its sunset ${JSON.stringify(sunset.text)} cannot be read)` };
  if (sunset.date > today)
    return { rule: rules.beforeSunset, note: ` before its sunset date ${sunset.date} (today is ${today})` };
  return { rule: rules.withDeprecation, note: ` (deprecated, sunset ${sunset.date} has passed)` };
}

/** Changes to an operation that stays: its sunset and its stability level. */
export function diffLifecycle(at: At, oldOp: Json, newOp: Json, context: FamilyContext): void {
  const out = context.findings;
  const before = stabilityOf(oldOp);
  const after = stabilityOf(newOp);
  if (after !== undefined && after !== before && !STABILITY.includes(after))
    out.push(
      finding('api-invalid-stability-level', {
        ...at,
        new: after,
        message: `x-stability-level ${JSON.stringify(after)} is not one of ${STABILITY.join(', ')}`,
      }),
    );
  else if (before !== undefined && after !== undefined && STABILITY.indexOf(after) < STABILITY.indexOf(before))
    out.push(
      finding('api-stability-decreased', {
        ...at,
        old: before,
        new: after,
        message: `stability went down from ${before} to ${after}: clients relied on the promise of ${before}`,
      }),
    );
  if (newOp.deprecated !== true) return;
  const was = sunsetOf(oldOp);
  const is = sunsetOf(newOp);
  // Judged when it is written or changed, as oasdiff does: an old problem is not news.
  const changed = oldOp.deprecated !== true || !was.written || was.text !== (is.written ? is.text : undefined);
  if (is.written && !is.date && changed)
    out.push(
      finding('api-deprecated-sunset-parse', {
        ...at,
        new: is.text,
        message: `the sunset ${JSON.stringify(is.text)} is not a date (YYYY-MM-DD)`,
      }),
    );
  if (oldOp.deprecated === true && was.written && was.date) {
    if (!is.written)
      out.push(finding('api-sunset-deleted', { ...at, old: was.date, message: 'the sunset date was deleted' }));
    else if (is.date && is.date < was.date)
      out.push(
        finding('api-sunset-date-changed-too-small', {
          ...at,
          old: was.date,
          new: is.date,
          message: `the sunset moved earlier: clients planned for ${was.date}`,
        }),
      );
  }
}
