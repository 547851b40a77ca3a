// Code points a terminal would not show as themselves: controls, format characters (ZWJ, bidi marks),
// combining marks, separators other than the plain space, private use, lone surrogates, unassigned.
const INVISIBLE = /[\p{C}\p{M}\p{Z}\uFFFD]/u;
// How many code points of a differing character are shown before they are cut.
const SPAN_SHOWN = 8;
// How much of a long name the expected/actual lines show around the first difference.
const BEFORE = 20;
const AFTER = 40;

/** How a returned name differs from the one sent, laid out for a failure's message, expected and actual. */
interface NameMismatch {
  message: string;
  expected: string;
  actual: string;
}

/**
 * Says exactly how a name came back changed: the first differing position,
 * the code points of the first differing character on both sides
 * (`U+0065 U+0301` vs `U+00E9`),
 * and the likely cause where one is recognisable. Two strings that print
 * the same are never shown the same: invisible and combining code points are
 * written as `\u{...}`.
 */
export function describeNameMismatch(sent: string, got: string): NameMismatch {
  const s = [...sent];
  const g = [...got];
  let prefix = 0;
  while (prefix < s.length && prefix < g.length && s[prefix] === g[prefix]) prefix++;
  // The first user-perceived character that differs, whole on each side: e + U+0301 against U+00E9.
  const sentGraphemes = graphemes(sent);
  const gotGraphemes = graphemes(got);
  let first = 0;
  while (first < sentGraphemes.length && sentGraphemes[first] === gotGraphemes[first]) first++;
  const cause = likelyCause(sent, got);
  const where =
    `first difference at code point ${prefix + 1} (sent ${s.length} code points, got ${g.length}): ` +
    `${codePoints([...(sentGraphemes[first] ?? '')])} vs ${codePoints([...(gotGraphemes[first] ?? '')])}`;
  let expected = around(s, prefix);
  let actual = around(g, prefix);
  // Escaping is one-to-one, so this only happens if a window hid the difference: then show every code point.
  if (expected === actual) [expected, actual] = [codePoints(s, Infinity), codePoints(g, Infinity)];
  return {
    message: `The name came back changed${cause ? ` (${cause})` : ''}: ${where}`,
    expected,
    actual,
  };
}

/** A string as a quoted literal in which every invisible or combining code point is written as \u{...}. */
export function visible(text: string): string {
  return `"${showInvisible(text.replace(/["\\]/g, '\\$&'))}"`;
}

/** The text with every invisible or combining code point written as \u{...}, and nothing else changed. */
export function showInvisible(text: string): string {
  let shown = '';
  for (const char of text) shown += char !== ' ' && INVISIBLE.test(char) ? `\\u{${hex(char)}}` : char;
  return shown;
}

/** The likely cause of a changed name, where it is one of the ways servers usually mangle text. */
function likelyCause(sent: string, got: string): string | undefined {
  if (got === '' && sent !== '') return 'it came back empty';
  if (got !== sent && [sent.trim(), sent.trimStart(), sent.trimEnd()].includes(got)) {
    return 'trimmed: whitespace removed at the ends';
  }
  if (got === sent.replace(/\s+/g, ' ') || got === sent.replace(/\s+/g, ' ').trim()) return 'whitespace collapsed';
  const length = [...got].length;
  if (length < [...sent].length && sent.startsWith(got)) return `truncated at ${length} characters`;
  for (const form of ['NFC', 'NFD', 'NFKC', 'NFKD'] as const) {
    if (got === sent.normalize(form)) return `Unicode-normalized to ${form}`;
  }
  if (htmlUnescaped(got) === sent) return 'HTML-escaped';
  if (got === sent.toLowerCase()) return 'case-changed: lower-cased';
  if (got === sent.toUpperCase()) return 'case-changed: upper-cased';
  if (got.toLowerCase() === sent.toLowerCase()) return 'case-changed';
  if (got.includes('\uFFFD') && !sent.includes('\uFFFD')) {
    return 'characters replaced by U+FFFD, the replacement character (an encoding fault)';
  }
  return undefined;
}

function htmlUnescaped(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, body: string) => {
    if (body[0] !== '#') return named[body.toLowerCase()] ?? entity;
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

/** Code points as U+XXXX, at most `max` of them. */
function codePoints(chars: string[], max = SPAN_SHOWN): string {
  if (chars.length === 0) return '(nothing)';
  const shown = chars.slice(0, max).map((c) => `U+${hex(c)}`);
  return chars.length > max ? `${shown.join(' ')} … (${chars.length} code points)` : shown.join(' ');
}

/** The name as a visible literal, cut to a window around the first difference when it is long. */
function around(chars: string[], at: number): string {
  if (chars.length <= BEFORE + AFTER) return visible(chars.join(''));
  const from = Math.max(0, at - BEFORE);
  const to = Math.min(chars.length, at + AFTER);
  const window = visible(chars.slice(from, to).join(''));
  return `${from > 0 ? '…' : ''}${window}${to < chars.length ? '…' : ''} (${chars.length} characters)`;
}

function graphemes(text: string): string[] {
  return [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)].map((part) => part.segment);
}

function hex(char: string): string {
  return char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
}
