import { escapeHtml } from './html';
import { markdownCell, markdownCode } from './markdown';

/** Removes terminal colour codes, real or (inside Pact's JSON results) spelled out as \\x1b[...m. */
export function stripAnsi(text: string): string {
  return text.replace(/(\u001b|\\x1b)\[[0-9;]*m/g, '');
}

/** Replaces every secret value in a text with [REDACTED]. Every line the suite writes passes through one of these. */
export type Redactor = (text: string) => string;

// A run of at least this many leading characters of a secret is redacted too: a value shortened
// for display (a name cut to 40 characters) must not show the start of a long key. Shorter runs
// are left: the first few characters of a key are its public prefix (pk_live_), not the secret.
const PREFIX_MIN = 10;

/**
 * A redactor for these secrets (empty and very short values are ignored:
 * they would mangle ordinary text). It catches each secret whole, any run of
 * its first PREFIX_MIN or more characters (a shortened copy), and the same in
 * the spellings the suite's formats give it: JSON, XML, HTML and Markdown
 * escapes. Redact values first, before they are shortened or formatted: this
 * is the safety net for what slips through.
 */
export function redactorFor(secrets: (string | undefined)[]): Redactor {
  const given = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
  const spellings = given.flatMap((s) => [
    s,
    JSON.stringify(s).slice(1, -1),
    xmlEscaped(s),
    escapeHtml(s),
    markdownCell(s),
    markdownCodeEscaped(s),
  ]);
  const values = [...new Set(spellings)]
    // Longest first, so a secret that contains another is replaced whole.
    .sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  // Whole spellings first: a long spelling's shared start must not cut a shorter one's whole match short.
  return (text) => values.reduce(redactStart, values.reduce(redactWhole, text));
}

function redactWhole(text: string, spelling: string): string {
  return text.split(spelling).join('[REDACTED]');
}

/** Replaces every run of a spelling's first PREFIX_MIN or more characters (it whole included) with [REDACTED]. */
function redactStart(text: string, spelling: string): string {
  const start = spelling.slice(0, PREFIX_MIN);
  let out = '';
  let from = 0;
  for (let at = text.indexOf(start); at >= 0; at = text.indexOf(start, from)) {
    let end = at + start.length;
    while (end - at < spelling.length && text[end] === spelling[end - at]) end++;
    out += `${text.slice(from, at)}[REDACTED]`;
    from = end;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** Every string in a value (a report, a result), redacted: before anything escapes or shortens it. */
export function redactedDeep<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactedDeep(item, redact)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactedDeep(item, redact)])) as T;
  }
  return value;
}

function xmlEscaped(text: string): string {
  const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
  return text.replace(/[&<>"']/g, (c) => entities[c]);
}

/** As markdownCode writes text inside <code>: HTML-escaped, and a pipe as &#124;. */
function markdownCodeEscaped(text: string): string {
  return markdownCode(text).slice('<code>'.length, -'</code>'.length);
}
