/**
 * Patterns from a document are untrusted code for a backtracking engine: one like `^(([^x]*)*)*x$`
 * takes exponential time on a short string. JavaScript's RegExp (used by AJV, inside the pact
 * comparator) cannot be swapped for a linear engine there, so each pattern is checked first: one that
 * repeats a group which itself repeats or alternates, or uses back-references or look-arounds, is
 * taken out of the comparator's copy and reported as "pattern not evaluated". What is left runs in
 * at most polynomial time on the bounded strings of a pact.
 */

type Json = Record<string, unknown>;

export interface UnevaluatedPattern {
  pointer: string;
  pattern: string;
}

const DATA = new Set(['example', 'examples', 'default', 'enum', 'const']);

/** Removes, in place, every pattern that could backtrack catastrophically; says which. */
export function removeUnsafePatterns(document: Json): UnevaluatedPattern[] {
  const removed: UnevaluatedPattern[] = [];
  const stack: [unknown, string][] = [[document, '']];
  const seen = new WeakSet<object>();
  while (stack.length > 0) {
    const [node, at] = stack.pop()!;
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    for (const [key, value] of Object.entries(node as Json)) {
      const here = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key === 'pattern' && typeof value === 'string' && mayBacktrackCatastrophically(value)) {
        delete (node as Json)[key];
        removed.push({ pointer: here, pattern: value });
      } else if (key === 'patternProperties' && typeof value === 'object' && value !== null) {
        for (const name of Object.keys(value))
          if (mayBacktrackCatastrophically(name)) {
            delete (value as Json)[name];
            removed.push({ pointer: `${here}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, pattern: name });
          }
        stack.push([value, here]);
      } else if (!DATA.has(key)) stack.push([value, here]);
    }
  }
  return removed;
}

interface Group {
  /** Something inside repeats without bound. */
  repeats: boolean;
  alternates: boolean;
  /** Its first element repeats (or alternates): where one repetition ends and the next starts is ambiguous. */
  leads: boolean;
  elements: number;
}

const group = (): Group => ({ repeats: false, alternates: false, leads: false, elements: 0 });

/**
 * A group repeated without bound whose body repeats and may begin with what it repeats
 * (`(a+)+`, `(\d+\s?)+`, `(([^x]*)*)*`), or alternates (`(a|aa)*`); back-references and look-arounds.
 * Conservative: `(-[a-z]+)*` passes, `([a-z]+-)*` does not. Linear in the pattern.
 */
export function mayBacktrackCatastrophically(pattern: string): boolean {
  if (/\\[1-9]|\\k<|\(\?<?[=!]/.test(pattern)) return true;
  const groups: Group[] = [group()];
  let last: Group | 'atom' | undefined;
  let lastIsFirst = false;
  const element = (what: Group | 'atom') => {
    const top = groups[groups.length - 1];
    lastIsFirst = top.elements === 0;
    top.elements++;
    if (lastIsFirst && what !== 'atom' && (what.leads || what.alternates)) top.leads = true;
    last = what;
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      element('atom');
    } else if (c === '[') {
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
      element('atom');
    } else if (c === '(') {
      groups.push(group());
      if (pattern[i + 1] === '?') i = pattern[i + 2] === '<' ? pattern.indexOf('>', i) : i + 2;
      last = undefined;
    } else if (c === ')') {
      const closed = groups.length > 1 ? groups.pop()! : group();
      groups[groups.length - 1].repeats ||= closed.repeats;
      element(closed);
    } else if (c === '|') {
      const top = groups[groups.length - 1];
      top.alternates = true;
      top.elements = 0;
      last = undefined;
    } else if (c === '*' || c === '+' || c === '{' || c === '?') {
      const bounded = c === '?' || (c === '{' && /^\{\d+\}/.test(pattern.slice(i)));
      if (c === '{') i = Math.max(i, pattern.indexOf('}', i));
      if (!bounded && last !== undefined) {
        if (last !== 'atom' && (last.alternates || (last.repeats && last.leads))) return true;
        const top = groups[groups.length - 1];
        top.repeats = true;
        if (lastIsFirst) top.leads = true;
      }
      // A lazy marker after a quantifier is not another quantifier.
      if (pattern[i + 1] === '?') i++;
      last = undefined;
    } else element('atom');
  }
  return false;
}
