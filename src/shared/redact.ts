/** Removes terminal colour codes, real or (inside Pact's JSON results) spelled out as \\x1b[...m. */
export function stripAnsi(text: string): string {
  return text.replace(/(\u001b|\\x1b)\[[0-9;]*m/g, '');
}

/** Replaces every secret value in a text with [REDACTED]. Every line the suite writes passes through one of these. */
export type Redactor = (text: string) => string;

/** A redactor for these secrets (empty and very short values are ignored: they would mangle ordinary text). */
export function redactorFor(secrets: (string | undefined)[]): Redactor {
  const given = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
  // Reports are redacted after they are serialised: a secret may stand there JSON- or XML-escaped.
  const spellings = given.flatMap((s) => [s, JSON.stringify(s).slice(1, -1), xmlEscaped(s)]);
  const values = [...new Set(spellings)]
    // Longest first, so a secret that contains another is replaced whole.
    .sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  return (text) => values.reduce((out, secret) => out.split(secret).join('[REDACTED]'), text);
}

function xmlEscaped(text: string): string {
  const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
  return text.replace(/[&<>"']/g, (c) => entities[c]);
}
