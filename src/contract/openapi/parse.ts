import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { LineCounter, parse as parseYaml, parseDocument, YAMLParseError } from 'yaml';
import { InputError } from '../../errors';
import { pointerKeys } from './pointer';

/** JSON or YAML (JSON first: it is faster, and YAML reads it anyway when it is not quite JSON). */
export function parseText(text: string, source: string): unknown {
  if (/^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // Fall through: YAML's reader names the line and column.
    }
  }
  // js-yaml reads a 3 MB description in a tenth of the time; `yaml` is the careful reader kept for what
  // js-yaml does not settle: an alias (shared nodes, which a walk would expand; `yaml` reads them within
  // a count of what they expand to, so an alias bomb is refused) and an error (its messages name the line).
  try {
    const value = loadYaml(text, { schema: CORE_SCHEMA });
    // Without an anchor (`&name`) there is no alias: most descriptions are read without the walk.
    if (!/(^|[\s[{,])&[^\s,[\]{}]/.test(text) || !sharesNodes(value)) return value;
  } catch {
    // Read again below, for the message.
  }
  try {
    return parseYaml(text, { maxAliasCount: 1000 });
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}` : '';
    // Only the first line, and no more of it than a reason needs: the rest quotes the file.
    const what = ((error as Error).message.split('\n')[0] ?? '')
      .replace(/ at line \d+, column \d+:?$/, '')
      .slice(0, 120);
    throw new InputError(`${source} is not valid YAML or JSON${where}: ${what}`, 'Fix the syntax, then run again.');
  }
}

/** Whether any object is reached twice (a YAML alias): one pass, never into a node twice. */
function sharesNodes(value: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (seen.has(node)) return true;
    seen.add(node);
    for (const child of Object.values(node)) if (typeof child === 'object' && child !== null) stack.push(child);
  }
  return false;
}

/**
 * Finds the line a JSON pointer starts on in one file's text. The text is read for positions once,
 * and only when a line is first asked for: most runs never ask.
 */
export function lineFinder(text: string): (pointer: string) => number | undefined {
  let located: { doc: ReturnType<typeof parseDocument>; lines: LineCounter } | undefined;
  return (pointer) => {
    if (!text) return undefined;
    if (!located) {
      const lines = new LineCounter();
      located = { doc: parseDocument(text, { lineCounter: lines, keepSourceTokens: false }), lines };
    }
    const keys = pointerKeys(pointer);
    for (let depth = keys.length; depth >= 0; depth--) {
      const node = located.doc.getIn(keys.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return located.lines.linePos(node.range[0]).line;
    }
    return undefined;
  };
}
