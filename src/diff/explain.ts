/** `diff --explain RULE_ID`: what a rule means, its level, and the before/after pair that shows it. */
import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { InputError } from '../errors';
import { PROJECT_ROOT } from '../pacticipants';
import { isRuleId, RULES } from './findings';

// The rule cases the tests run are the examples: one place, and an example that cannot go stale.
const CASES = path.join(PROJECT_ROOT, 'src', 'diff', 'fixtures', 'rules', 'cases.yaml');

export function explainRule(id: string): string[] {
  if (!isRuleId(id)) {
    const near = Object.keys(RULES).filter(
      (rule) => rule.includes(id) || id.includes(rule.split('-').slice(-2).join('-')),
    );
    throw new InputError(
      `${JSON.stringify(id.slice(0, 80))} is not a rule id.`,
      near.length
        ? `Did you mean: ${near.slice(0, 5).join(', ')}?`
        : 'The README lists the rule families; every id is in src/diff/findings.ts.',
    );
  }
  const rule = RULES[id];
  const lines = [`${id} (${rule.level})`, '', `  ${rule.means}.`];
  const example = fs.existsSync(CASES)
    ? (parse(fs.readFileSync(CASES, 'utf8')) as Record<string, Record<string, unknown>>)[id]
    : undefined;
  if (example?.elsewhere) lines.push('', `  Example: ${String(example.elsewhere)}`);
  else if (example) {
    const { level: _level, versions, ...edits } = example;
    lines.push(
      '',
      '  Example: the edits (JSON pointers into src/diff/fixtures/rules/base.yaml) that raise it.',
      '  `before` changes the old document only; `set` and `remove` change the new one.',
      ...(versions ? [`  OpenAPI ${(versions as string[]).join(', ')} only.`] : []),
      '',
      ...stringify(edits)
        .trimEnd()
        .split('\n')
        .map((line) => `    ${line}`),
    );
  }
  return lines;
}
