/**
 * The accepted-changes file (`.contract-accepted.yaml` by default): breaks a team has decided to
 * live with, each matched by rule id, operation and (optionally) pointer, never by message text,
 * with a reason and an optional expiry date; and per-rule level overrides. The same file serves
 * `diff` (rule ids of RULES) and `check-pacts` (the comparator's codes).
 *
 *     accepted:
 *       - rule: response-property-type-changed
 *         operation: GET /interactions/{interaction_id}
 *         pointer: /properties/total_message_count/type   # optional
 *         reason: clients parse numbers since v2.3
 *         expires: 2027-01-31                             # optional
 *     levels:
 *       request-parameter-removed: breaking
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { InputError } from '../errors';
import { displayPath } from '../contract/json-file';
import { matchesPathTemplate } from '../contract/openapi';
import { finding, LEVELS, type Finding, type Level } from './findings';

const DEFAULT_ACCEPTED_FILE = '.contract-accepted.yaml';

export interface AcceptedEntry {
  rule: string;
  /** "METHOD /path" (a path template or the path itself), or "/path" for what concerns a whole path. */
  operation?: string;
  pointer?: string;
  reason: string;
  expires?: string;
  /** Where it is written, for messages: "file, entry N". */
  source: string;
}

export interface AcceptedChanges {
  file: string;
  entries: AcceptedEntry[];
  levels: Record<string, Level>;
}

/**
 * Reads the file. A missing default file is no file; a missing named one, an unknown rule id, an
 * entry without a reason or with a bad date are bad input (exit 2): never silently ignored.
 */
export function readAccepted(
  location: string | undefined,
  isKnownRule: (rule: string) => boolean,
): AcceptedChanges | undefined {
  const file = path.resolve(location ?? DEFAULT_ACCEPTED_FILE);
  if (!fs.existsSync(file)) {
    if (location === undefined) return undefined;
    throw new InputError(`Cannot read the accepted-changes file ${displayPath(file)}: it does not exist.`);
  }
  const name = displayPath(file);
  let raw: unknown;
  try {
    raw = parse(fs.readFileSync(file, 'utf8'), { maxAliasCount: 100 });
  } catch (error) {
    throw new InputError(
      `${name} is not valid YAML: ${String((error as Error).message)
        .split('\n')[0]
        .slice(0, 120)}`,
    );
  }
  const bad = (where: string, problem: string): never => {
    throw new InputError(
      `${name}${where}: ${problem}`,
      'Each entry of "accepted" needs rule, operation and reason (pointer and expires are optional); ' +
        '"levels" maps a rule id to breaking, warning or info. `diff --explain RULE_ID` says what a rule means.',
    );
  };
  if (raw === null || raw === undefined) return { file: name, entries: [], levels: {} };
  if (typeof raw !== 'object' || Array.isArray(raw)) return bad('', 'must be a map with "accepted" and/or "levels"');
  const { accepted = [], levels = {}, ...others } = raw as Record<string, unknown>;
  if (Object.keys(others).length > 0) bad('', `unknown key ${JSON.stringify(Object.keys(others)[0])}`);
  if (!Array.isArray(accepted)) bad(', accepted', 'must be a list');
  const entries = (accepted as unknown[]).map((entry, index): AcceptedEntry => {
    const source = `${name}, accepted entry ${index + 1}`;
    const where = `, accepted entry ${index + 1}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return bad(where, 'must be a map');
    const { rule, operation, pointer, reason, expires, ...rest } = entry as Record<string, unknown>;
    if (Object.keys(rest).length > 0) bad(where, `unknown key ${JSON.stringify(Object.keys(rest)[0])}`);
    if (typeof rule !== 'string' || !isKnownRule(rule)) bad(where, `unknown rule id ${JSON.stringify(rule)}`);
    if (typeof operation !== 'string' || !/^([A-Za-z]+ )?\//.test(operation))
      bad(where, 'needs "operation", such as "GET /interactions/{interaction_id}" (or "/path" for a whole path)');
    if (pointer !== undefined && (typeof pointer !== 'string' || pointer === '')) bad(where, '"pointer" must be text');
    if (typeof reason !== 'string' || reason.trim() === '') bad(where, 'needs a "reason": why this break is accepted');
    const date = expires instanceof Date ? expires.toISOString().slice(0, 10) : expires;
    if (date !== undefined && (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)))
      bad(where, '"expires" must be a date, YYYY-MM-DD');
    return {
      rule: rule as string,
      operation: operation as string,
      ...(pointer !== undefined ? { pointer: pointer as string } : {}),
      reason: (reason as string).trim(),
      ...(date !== undefined ? { expires: date as string } : {}),
      source,
    };
  });
  if (typeof levels !== 'object' || levels === null || Array.isArray(levels)) bad(', levels', 'must be a map');
  for (const [rule, level] of Object.entries(levels as Record<string, unknown>)) {
    if (!isKnownRule(rule)) bad(', levels', `unknown rule id ${JSON.stringify(rule)}`);
    if (!LEVELS.includes(level as Level)) bad(`, levels, ${rule}`, `must be one of ${LEVELS.join(', ')}`);
  }
  return { file: name, entries, levels: levels as Record<string, Level> };
}

/** What an entry is matched against: a finding of diff, or a result of check-pacts. */
export interface Matchable {
  rule: string;
  method?: string;
  path?: string;
  pointer?: string;
}

export function entryMatches(entry: AcceptedEntry, item: Matchable): boolean {
  if (entry.rule !== item.rule) return false;
  const [method, route] = entry.operation!.includes(' ')
    ? entry.operation!.split(' ', 2)
    : [undefined, entry.operation!];
  if (method && method.toUpperCase() !== (item.method ?? '').toUpperCase()) return false;
  if (
    !item.path ||
    (route !== item.path && !matchesPathTemplate(route, item.path) && !matchesPathTemplate(item.path, route))
  )
    return false;
  return entry.pointer === undefined || entry.pointer === item.pointer;
}

/**
 * Level overrides first, then acceptances: a matched, unexpired entry marks its findings accepted
 * (they print as ACCEPTED with the reason and do not fail the run). An entry that matches nothing,
 * or has expired, is a warning of its own, so the file does not rot.
 */
export function applyAccepted(findings: Finding[], accepted: AcceptedChanges | undefined, today: string): Finding[] {
  if (!accepted) return findings;
  const used = new Set<AcceptedEntry>();
  const result = findings.map((f) => {
    const level = accepted.levels[f.rule] ?? f.level;
    const entry = accepted.entries.find((e) => entryMatches(e, f));
    if (!entry) return { ...f, level };
    used.add(entry);
    if (entry.expires && entry.expires < today) return { ...f, level };
    return { ...f, level, accepted: entry.reason };
  });
  const notes = accepted.entries.flatMap((entry) => {
    if (!isDiffEntry(entry)) return [];
    if (entry.expires && entry.expires < today)
      return [
        finding('accepted-change-expired', {
          where: entry.source,
          old: entry.expires,
          message:
            `the acceptance of ${entry.rule} at ${entry.operation} expired on ${entry.expires}: ` +
            'the break counts again',
        }),
      ];
    if (!used.has(entry))
      return [
        finding('accepted-change-unmatched', {
          where: entry.source,
          message:
            `${entry.rule} at ${entry.operation}${entry.pointer ? ` ${entry.pointer}` : ''} matches no finding: ` +
            'remove the entry, or correct it',
        }),
      ];
    return [];
  });
  return [...result, ...notes];
}

// Entries of check-pacts' codes (request.body.incompatible) belong to that command.
function isDiffEntry(entry: AcceptedEntry): boolean {
  return !/^(request|response)\./.test(entry.rule);
}
