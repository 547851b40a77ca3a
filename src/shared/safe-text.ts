/**
 * Server-controlled text (names, messages, bodies, headers, Pact's output that
 * quotes them) made safe for a terminal, a CI log and Markdown. Call one of
 * these at the output edge, on every line printed or written:
 *
 * - `safeLine(text)`: for one line. Every control character is shown escaped,
 *   line breaks included, so the result holds no line break at all; tab stays.
 * - `safeText(text)`: for a block of lines. Like `safeLine`, but `\n` (and
 *   `\r\n`, which becomes `\n`) stays a line break; a lone `\r` is escaped.
 *
 * Escaped: C0 controls (ESC, BEL, CR, NUL, ...), DEL, C1 controls, the Unicode
 * bidi controls (U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069) and the Unicode
 * line and paragraph separators, each shown as `\u001b`-style text (`\n` and `\r`
 * as themselves, spelled out). Both are idempotent: escaped text passes unchanged.
 *
 * No resulting line starts a GitHub Actions workflow command: the runner trims
 * leading whitespace and then runs a line that begins with `::`, so the first
 * colon is escaped (`\u003a:`); it also runs the legacy `##[command]` form found
 * anywhere in a line, so its second `#` is escaped (`#\u0023[`).
 */

// Everything but tab and line feed; line feed is handled by each function.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const SPELLED: Record<string, string> = { '\n': '\\n', '\r': '\\r' };

function escapeControl(char: string): string {
  return SPELLED[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Neutralises a workflow command in one line that holds no line break. */
function guardLine(line: string): string {
  return line.replace(/^(\s*):(?=:)/, '$1\\u003a').replace(/##\[/g, '#\\u0023[');
}

/** One output line: controls escaped (line breaks too), never a workflow command. */
export function safeLine(text: string): string {
  return guardLine(text.replace(CONTROLS, escapeControl).replace(/\n/g, '\\n'));
}

/** Several output lines: controls escaped except `\n`, and no line a workflow command. */
export function safeText(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => guardLine(line.replace(CONTROLS, escapeControl)))
    .join('\n');
}

/**
 * At most `max` characters of a text, and how long it was: so no line about
 * a request or a response grows with what a pact or a server sent. Cut on a
 * UTF-16 boundary, never inside a surrogate pair. Redact before this: a
 * secret cut short is harder to recognise.
 */
export function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\ud800-\udbff]/.test(text[max - 1]) ? max - 1 : max;
  return `${text.slice(0, end)}… (${text.length} characters)`;
}
