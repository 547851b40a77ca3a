/**
 * The findings as text lines, GitHub annotations, a Markdown table and JSON. What documents say is
 * data: escaped first. One change to a shared schema is one line, listing the operations it
 * reaches (`GET /a, POST /a, +3`); JSON keeps every location.
 */
import { escapeData, escapeProperty } from '../github/workflow-commands';
import type { Finding, Level } from './findings';
import type { Scope } from './consumer';
import { safeLine } from '../shared/safe-text';
import { markdownCell, markdownCode } from '../shared/markdown';

const ORDER: Record<Level, number> = { breaking: 0, warning: 1, info: 2 };
// How many operations a folded line names before it counts the rest.
const NAMED_OPERATIONS = 2;

/** Where a finding is in the new document, for annotations. */
export interface Located {
  file?: string;
  line?: number;
}

/** Breaking first, then warnings, then information; accepted after what still counts; document order within each. */
function sorted(findings: Finding[]): Finding[] {
  const rank = (f: Finding) => ORDER[f.level] + (f.accepted !== undefined ? 3 : 0);
  return [...findings].sort((a, b) => rank(a) - rank(b));
}

/** One change, one group: findings that differ only in the operation that meets them. */
export interface Group {
  first: Finding;
  all: Finding[];
}

export function grouped(findings: Finding[]): Group[] {
  const groups = new Map<string, Group>();
  for (const f of sorted(findings)) {
    const key = JSON.stringify([
      f.rule,
      f.level,
      f.accepted,
      f.blocking,
      f.touchesPacts,
      f.status,
      f.where,
      f.component ? `${f.component}#${f.componentPointer}` : f.pointer,
      f.old,
      f.new,
      f.message,
      f.method === undefined,
    ]);
    const group = groups.get(key);
    if (group) group.all.push(f);
    else groups.set(key, { first: f, all: [f] });
  }
  return [...groups.values()];
}

function operations(group: Group): string {
  const names = [...new Set(group.all.map((f) => (f.path ? `${f.method ?? '*'} ${f.path}` : (f.method ?? ''))))].filter(
    Boolean,
  );
  const more = names.length - NAMED_OPERATIONS;
  return more > 0 ? `${names.slice(0, NAMED_OPERATIONS).join(', ')}, +${more}` : names.join(', ');
}

export function location(group: Group): string {
  const f = group.first;
  const parts = [operations(group), f.status ?? '', f.where ?? '', f.pointer ? `#${f.pointer}` : ''];
  return safeLine(parts.filter(Boolean).join(' '));
}

export function change(f: Finding): string {
  if (f.old === undefined && f.new === undefined) return '';
  return safeLine(`${f.old ?? '(none)'} -> ${f.new ?? '(none)'}`);
}

export function audience(f: Finding): string {
  if (!f.touchesPacts)
    return f.level === 'breaking' && !f.blocking && f.accepted === undefined
      ? 'affects other clients (outside --scope pacts)'
      : 'affects other clients';
  return f.level === 'breaking' ? 'breaks this consumer' : 'touches this consumer';
}

function label(f: Finding): string {
  return f.accepted !== undefined ? 'ACCEPTED' : f.level.toUpperCase();
}

function why(f: Finding): string {
  const accepted = f.accepted !== undefined ? ` (accepted ${f.level}: ${f.accepted})` : '';
  return [change(f), safeLine(`${f.message}${accepted}`)].filter(Boolean).join(': ');
}

/** One line per change: level, rule id, location, old -> new, why, and whom it touches. */
export function findingLines(findings: Finding[]): string[] {
  return grouped(findings).map(
    ({ first, all }) =>
      `${label(first).padEnd(8)}  ${first.rule}  ${location({ first, all })}  ${why(first)}  [${audience(first)}]`,
  );
}

/** One `::error`/`::warning`/`::notice` per change, on the file and line of the new document where known. */
export function githubAnnotations(findings: Finding[], locate: (f: Finding) => Located): string[] {
  return grouped(findings).map((group) => {
    const f = group.first;
    const command =
      f.accepted !== undefined ? 'notice' : f.blocking ? 'error' : f.level === 'info' ? 'notice' : 'warning';
    const where = locate(f);
    const properties = [
      where.file ? `file=${escapeProperty(safeLine(where.file))}` : '',
      where.file && where.line ? `line=${where.line}` : '',
      `title=${escapeProperty(`${label(f)} ${f.rule}`)}`,
    ].filter(Boolean);
    return `::${command} ${properties.join(',')}::${escapeData(`${location(group)}: ${why(f)} [${audience(f)}]`)}`;
  });
}

export function summaryLine(findings: Finding[], oldLabel: string, newLabel: string): string {
  if (findings.length === 0) return `No changes between ${safeLine(oldLabel)} and ${safeLine(newLabel)}.`;
  const count = (level: Level) => findings.filter((f) => f.level === level && f.accepted === undefined).length;
  const blocking = findings.filter((f) => f.blocking).length;
  const accepted = findings.filter((f) => f.accepted !== undefined).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const forConsumer = findings.filter((f) => f.level === 'breaking' && f.touchesPacts && f.accepted === undefined);
  return (
    `${plural(findings.length, 'finding')}: ${count('breaking')} breaking ` +
    `(${forConsumer.length} breaking this consumer), ` +
    `${plural(count('warning'), 'warning')}, ${count('info')} info${accepted ? `, ${accepted} accepted` : ''}; ` +
    `${blocking} failing this run.`
  );
}

const cell = (text: string) => markdownCell(safeLine(text));

/** The same as a Markdown table, for a pull request or $GITHUB_STEP_SUMMARY. */
export function findingTable(findings: Finding[], oldLabel: string, newLabel: string, scope: Scope): string {
  const blocking = findings.filter((f) => f.blocking).length;
  const onlyBreaking = findings.every((f) => !f.blocking || f.level === 'breaking');
  const what = onlyBreaking ? 'breaking change' : 'change';
  const verdict =
    blocking > 0
      ? `${blocking} ${what}${blocking > 1 ? 's' : ''}${onlyBreaking ? '' : ' failing the run'}`
      : 'no breaking changes';
  const heading = `## OpenAPI diff: ${verdict}`;
  const intro =
    `${markdownCode(safeLine(oldLabel))} → ${markdownCode(safeLine(newLabel))} (scope: ${scope}). ` +
    summaryLine(findings, oldLabel, newLabel);
  if (findings.length === 0) return `${heading}\n\n${intro}\n`;
  const rows = grouped(findings).map((group) => {
    const f = group.first;
    const level = f.accepted !== undefined ? `accepted ${f.level}` : f.level === 'breaking' ? '**breaking**' : f.level;
    const message = f.accepted !== undefined ? `${f.message} (accepted: ${f.accepted})` : f.message;
    return (
      `| ${level} | \`${f.rule}\` | ${cell(location(group))} | ` +
      `${cell(change(f))} | ${cell(message)} | ${audience(f)} |`
    );
  });
  return [
    heading,
    '',
    intro,
    '',
    '| level | rule | where | old → new | why | consumer |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

/** For tools: every finding with its fields (every location), and the totals. */
export function findingJson(findings: Finding[], oldLabel: string, newLabel: string, scope: Scope): string {
  return JSON.stringify(
    {
      old: oldLabel,
      new: newLabel,
      scope,
      breaking: findings.filter((f) => f.blocking).length,
      findings: sorted(findings),
    },
    null,
    2,
  );
}
