import { markdownCell, markdownCode } from './markdown';
import { redactorFor } from './redact';
import { bounded } from './safe-text';

describe('redaction', () => {
  const secret = 'sk_live_"quoted"&<tag>\\slash';
  const redact = redactorFor([secret, 'abc', undefined]);

  it('replaces a secret wherever it stands, longest first', () => {
    expect(redact(`key=${secret}; again ${secret}`)).toBe('key=[REDACTED]; again [REDACTED]');
  });

  it('replaces it as a JSON report and an XML report spell it too', () => {
    expect(redact(JSON.stringify({ key: secret }))).toBe('{"key":"[REDACTED]"}');
    expect(redact('<c name="sk_live_&quot;quoted&quot;&amp;&lt;tag&gt;\\slash"/>')).toBe('<c name="[REDACTED]"/>');
  });

  it('leaves values too short to be a key alone: they would mangle ordinary text', () => {
    expect(redact('abc')).toBe('abc');
  });
});

describe('redaction of shortened and escaped copies', () => {
  const long = `pk_live_${'a1B2c3D4e5'.repeat(20)}`; // 208 characters
  const redact = redactorFor([long, 'sk_test_with_under_scores*and|pipes']);

  it('catches the start of a long secret that was cut for display, at any length from 10 characters', () => {
    for (const kept of [10, 40, 41, 120]) {
      const shown = `name "${long.slice(0, kept)}…" (208 characters)`;
      expect(redact(shown)).toBe('name "[REDACTED]…" (208 characters)');
    }
  });

  it('leaves fewer than 10 leading characters: the public prefix of every key is no secret', () => {
    expect(redact('keys start with pk_live_a')).toBe('keys start with pk_live_a');
  });

  it('catches the Markdown and HTML spellings, whole or shortened', () => {
    const markdown = markdownCell('sk_test_with_under_scores*and|pipes');
    expect(markdown).toContain('sk\\_test\\_');
    expect(redact(`| ${markdown} |`)).toBe('| [REDACTED] |');
    expect(redact(markdownCode(`curl -H 'k: sk_test_with_under_scores*and|pipes'`))).toBe(
      "<code>curl -H 'k: [REDACTED]'</code>",
    );
    expect(redact(markdownCell(long.slice(0, 40)))).toBe('[REDACTED]');
  });

  it('redacting first, then formatting, leaves nothing of the secret in any format', () => {
    const value = `echoed ${long} back`;
    const formats = [
      (t: string) => markdownCell(t),
      (t: string) => markdownCode(t),
      (t: string) => JSON.stringify(t),
      (t: string) => bounded(t, 40),
    ];
    for (const format of formats) {
      const shown = format(redact(value));
      expect(shown).not.toContain(long.slice(0, 10));
      expect(shown).toContain('REDACTED');
    }
  });

  it('catches a secret formatted before it was redacted too (the safety net at each output)', () => {
    expect(redact(markdownCell(`echoed ${long}`))).toBe('echoed [REDACTED]');
    expect(redact(JSON.stringify({ name: bounded(long, 40) }))).toBe('{"name":"[REDACTED]… (208 characters)"}');
  });
});
