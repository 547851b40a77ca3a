/** The findings as text lines, a Markdown table and JSON. What documents say is data: escaped first. */
import type { Finding, Level } from './findings';
import type { Scope } from './consumer';
import { safeLine } from '../shared/safe-text';
import { markdownCell, markdownCode } from '../shared/markdown';

const ORDER: Record<Level, number> = { breaking: 0, warning: 1, info: 2 };

/** Breaking first, then warnings, then information; document order within each. */
export function sorted(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => ORDER[a.level] - ORDER[b.level]);
}

export function location(f: Finding): string {
  const parts = [f.method ?? '*', f.path ?? '', f.status ?? '', f.where ?? '', f.pointer ? `#${f.pointer}` : ''];
  return safeLine(parts.filter(Boolean).join(' '));
}

export function change(f: Finding): string {
  if (f.old === undefined && f.new === undefined) return '';
  return safeLine(`${f.old ?? '(none)'} -> ${f.new ?? '(none)'}`);
}

export function audience(f: Finding): string {
  if (!f.touchesPacts)
    return f.level === 'breaking' && !f.blocking
      ? 'affects other clients (outside --scope pacts)'
      : 'affects other clients';
  return f.level === 'breaking' ? 'breaks this consumer' : 'touches this consumer';
}

/** One line per finding: level, rule id, location, old -> new, why, and whom it touches. */
export function findingLines(findings: Finding[]): string[] {
  return sorted(findings).map((f) => {
    const what = [change(f), safeLine(f.message)].filter(Boolean).join(': ');
    return `${f.level.toUpperCase().padEnd(8)}  ${f.rule}  ${location(f)}  ${what}  [${audience(f)}]`;
  });
}

export function summaryLine(findings: Finding[], oldLabel: string, newLabel: string): string {
  if (findings.length === 0) return `No changes between ${safeLine(oldLabel)} and ${safeLine(newLabel)}.`;
  const count = (level: Level) => findings.filter((f) => f.level === level).length;
  const blocking = findings.filter((f) => f.blocking).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return (
    `${plural(findings.length, 'finding')}: ${count('breaking')} breaking (${blocking} failing this run, ` +
    `${findings.filter((f) => f.level === 'breaking' && f.touchesPacts).length} breaking this consumer), ` +
    `${plural(count('warning'), 'warning')}, ${count('info')} info.`
  );
}

const cell = (text: string) => markdownCell(safeLine(text));

/** The same as a Markdown table, for a pull request or $GITHUB_STEP_SUMMARY. */
export function findingTable(findings: Finding[], oldLabel: string, newLabel: string, scope: Scope): string {
  const blocking = findings.filter((f) => f.blocking).length;
  const verdict = blocking > 0 ? `${blocking} breaking change${blocking > 1 ? 's' : ''}` : 'no breaking changes';
  const heading = `## OpenAPI diff: ${verdict}`;
  const intro =
    `${markdownCode(safeLine(oldLabel))} → ${markdownCode(safeLine(newLabel))} (scope: ${scope}). ` +
    summaryLine(findings, oldLabel, newLabel);
  if (findings.length === 0) return `${heading}\n\n${intro}\n`;
  const rows = sorted(findings).map(
    (f) =>
      `| ${f.level === 'breaking' ? '**breaking**' : f.level} | \`${f.rule}\` | ${cell(location(f))} | ` +
      `${cell(change(f))} | ${cell(f.message)} | ${audience(f)} |`,
  );
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

/** For tools: every finding with its fields, and the totals. */
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
