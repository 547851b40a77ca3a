import { InputError } from '../../errors';
import { behaviour } from './behaviour';
import type { CheckGroup } from './check';
import { errors } from './errors';
import { fields } from './fields';
import { names } from './names';
import { pact } from './pact';
import { schema } from './schema';

/**
 * Every group of checks `verify` knows, in run order. The `--checks`
 * choices, `--help`, the run order, the summary table and the reports all
 * derive from this list: a new group is one module and one entry here.
 */
export const CHECK_GROUPS: readonly CheckGroup[] = [behaviour, fields, names, errors, pact, schema].sort(
  (a, b) => a.order - b.order,
);

/** The names `--checks` takes. */
export const CHECK_GROUP_NAMES = CHECK_GROUPS.map((group) => group.name);

/** Parses a --checks list such as "pact,schema" into the groups to run, in run order. */
export function parseCheckGroups(value: string): CheckGroup[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !CHECK_GROUP_NAMES.includes(n));
  if (names.length === 0 || unknown.length > 0) {
    const got = `${JSON.stringify(value)}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`;
    throw new InputError(`--checks takes a comma-separated list of ${CHECK_GROUP_NAMES.join(', ')} (got ${got}).`);
  }
  return CHECK_GROUPS.filter((group) => names.includes(group.name));
}

/** One line per group, for --help. */
export function describeCheckGroups(): string {
  return CHECK_GROUPS.map((group) => `  ${group.name.padEnd(10)} ${group.summary}`).join('\n');
}
