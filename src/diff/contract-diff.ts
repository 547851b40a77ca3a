import type { SchemaName } from '../contract/schema-names';
import { SCHEMA_NAMES } from '../contract/schema-names';
import type { ContractVersion } from './contract-version';
import { diffSchema, type Direction, type SchemaChange } from './schema-diff';

/** Which way each documented schema travels. */
export const DIRECTION: Record<SchemaName, Direction> = {
  Interaction: 'response',
  ApiError: 'response',
  InteractionUpdateParams: 'request',
};

/** Every change between two versions of the contract, classified. */
export function diffContracts(before: ContractVersion, after: ContractVersion): SchemaChange[] {
  return SCHEMA_NAMES.flatMap((name): SchemaChange[] => {
    const old = before.schemas[name];
    const now = after.schemas[name];
    if (old && now) return diffSchema(name, old, now, DIRECTION[name]);
    if (old)
      return [
        {
          pointer: `${name}#`,
          verdict: 'breaking',
          reason: `${DIRECTION[name]}: the whole ${name} schema was removed`,
        },
      ];
    if (now)
      return [
        { pointer: `${name}#`, verdict: 'compatible', reason: `${DIRECTION[name]}: the ${name} schema was added` },
      ];
    return [];
  });
}

/** One line per change, breaking first. */
export function changeLines(changes: SchemaChange[]): string[] {
  const sorted = [...changes].sort((a, b) => Number(b.verdict === 'breaking') - Number(a.verdict === 'breaking'));
  const width = Math.max(0, ...sorted.map((c) => c.pointer.length));
  return sorted.map(
    (c) => `${c.verdict === 'breaking' ? 'BREAKING  ' : 'compatible'}  ${c.pointer.padEnd(width)}  ${c.reason}`,
  );
}

/** The same as a Markdown table, for a pull request or a CI summary. */
export function changeTable(changes: SchemaChange[], before: string, after: string): string {
  const breaking = changes.filter((c) => c.verdict === 'breaking').length;
  const heading = `## Contract diff: ${breaking > 0 ? `${breaking} breaking change${breaking > 1 ? 's' : ''}` : 'no breaking changes'}`;
  const intro = `\`${before}\` → \`${after}\`: ${changes.length} change${changes.length === 1 ? '' : 's'}.`;
  if (changes.length === 0) return `${heading}\n\n${intro}\n`;
  const rows = [...changes]
    .sort((a, b) => Number(b.verdict === 'breaking') - Number(a.verdict === 'breaking'))
    .map(
      (c) =>
        `| ${c.verdict === 'breaking' ? '**breaking**' : 'compatible'} | \`${c.pointer}\` | ${c.reason.replace(/\|/g, '\\|')} |`,
    );
  return [heading, '', intro, '', '| verdict | where | why |', '|---|---|---|', ...rows, ''].join('\n');
}
