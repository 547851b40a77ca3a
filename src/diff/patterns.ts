/**
 * What one pattern admits compared with another, where that can be decided without running either:
 * a pattern that admits everything (`^.*$`), and patterns of the common one-class shape
 * (`^[a-z0-9]+$`) whose classes and repetition can be compared as sets. Anything else is "unknown".
 */
export type PatternRelation = 'same' | 'wider' | 'narrower' | 'unknown';

const EVERYTHING = new Set(['', '.*', '^.*', '.*$', '^.*$', '^(.*)$', '[\\s\\S]*', '^[\\s\\S]*$']);

export function comparePatterns(before: string, after: string): PatternRelation {
  if (before === after) return 'same';
  if (EVERYTHING.has(after)) return EVERYTHING.has(before) ? 'same' : 'wider';
  if (EVERYTHING.has(before)) return 'narrower';
  const a = oneClass(before);
  const b = oneClass(after);
  if (!a || !b || a.repeat !== b.repeat) return 'unknown';
  const bHasA = [...a.chars].every((c) => b.chars.has(c));
  const aHasB = [...b.chars].every((c) => a.chars.has(c));
  if (bHasA && aHasB) return 'same';
  if (bHasA) return 'wider';
  if (aHasB) return 'narrower';
  return 'unknown';
}

const SHORTHANDS: Record<string, string> = {
  d: '0123456789',
  w: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_',
};

/** `^[class]repeat$` over ASCII, as the set of characters it admits; undefined for any other shape. */
function oneClass(pattern: string): { chars: Set<string>; repeat: string } | undefined {
  const match = /^\^\[((?:\\.|[^\]\\^])(?:\\.|[^\]\\])*)\](\+|\*|\{\d+(?:,\d*)?\})?\$$/.exec(pattern);
  if (!match) return undefined;
  const body = match[1];
  const chars = new Set<string>();
  for (let i = 0; i < body.length; i++) {
    let c = body[i];
    if (c === '\\') {
      const next = body[++i];
      if (SHORTHANDS[next]) {
        for (const s of SHORTHANDS[next]) chars.add(s);
        continue;
      }
      if (/[a-zA-Z0-9]/.test(next)) return undefined;
      c = next;
    }
    if (c.charCodeAt(0) > 127) return undefined;
    if (body[i + 1] === '-' && i + 2 < body.length && body[i + 2] !== '\\') {
      const end = body[i + 2];
      if (end.charCodeAt(0) > 127 || end < c) return undefined;
      for (let code = c.charCodeAt(0); code <= end.charCodeAt(0); code++) chars.add(String.fromCharCode(code));
      i += 2;
    } else chars.add(c);
  }
  return { chars, repeat: match[2] ?? '' };
}
