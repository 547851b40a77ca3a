import { InputError } from '../../errors';
import { behaviour } from './behaviour';
import type { CheckGroup } from './check';
import { errors } from './errors';
import { fields } from './fields';
import { names } from './names';
import { pact } from './pact';
import { PROMISES, type PromiseId } from './promises';
import { schema } from './schema';

const GROUPS = [behaviour, fields, names, errors, pact, schema] as const;

/**
 * Every group of checks `verify` knows, in run order. The `--checks`
 * choices, `--help`, the run order, the summary table, coverage's promises
 * and the reports all derive from this list: a new group is one module and
 * one entry here.
 */
export const CHECK_GROUPS: readonly CheckGroup[] = [...GROUPS].sort((a, b) => a.order - b.order);

/** The names `--checks` takes. */
export const CHECK_GROUP_NAMES = CHECK_GROUPS.map((group) => group.name);

/** Every check's stable id, as a type: a misspelt id in a test or a table does not compile. */
export type CheckId = (typeof GROUPS)[number]['checks'][number]['id'];

const CHECK_IDS: readonly string[] = CHECK_GROUPS.flatMap((group) => group.checks.map((check) => check.id));

/**
 * Parses a --checks list such as "pact,schema" or "names,behaviour.persisted"
 * into the groups to run, in run order: a group by its name, or only some of
 * its checks by their ids (a group whose checks cannot run alone, the pact
 * group, runs whole).
 */
export function parseCheckGroups(value: string): CheckGroup[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !CHECK_GROUP_NAMES.includes(n) && !CHECK_IDS.includes(n));
  if (names.length === 0 || unknown.length > 0) {
    const got = `${JSON.stringify(value)}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`;
    throw new InputError(
      `--checks takes a comma-separated list of groups (${CHECK_GROUP_NAMES.join(', ')}) or check ids (got ${got}).`,
      'verify --help lists the groups; the README lists every check id.',
    );
  }
  return CHECK_GROUPS.flatMap((group) => {
    if (names.includes(group.name)) return [group];
    const ids = group.checks.map((check) => check.id).filter((id) => names.includes(id));
    if (ids.length === 0) return [];
    return [group.only ? group.only(ids) : group];
  });
}

/** Per group, for --help: its summary, then its check ids (which --checks takes too). */
export function describeCheckGroups(): string {
  return CHECK_GROUPS.map(
    (group) =>
      `  ${group.name.padEnd(10)} ${group.summary}\n` +
      `             ids: ${group.checks.map((check) => check.id).join(', ')}`,
  ).join('\n');
}

/** A documented promise, and the checks that judge it (each check declares its promise). */
export interface JudgedPromise {
  promise: string;
  /** One or two words for a plain sentence: "persistence not judged". */
  topic: string;
  judgedBy: { group: string; id: string }[];
}

/** The documented promises the registered checks judge, in run order, from what each check declares. */
export function judgedPromises(): JudgedPromise[] {
  const byPromise = new Map<PromiseId, JudgedPromise>();
  for (const group of CHECK_GROUPS) {
    for (const check of group.checks) {
      if (!check.promise) continue;
      const entry = byPromise.get(check.promise) ?? { ...PROMISES[check.promise], judgedBy: [] };
      entry.judgedBy.push({ group: group.name, id: check.id });
      byPromise.set(check.promise, entry);
    }
  }
  return [...byPromise.values()];
}
