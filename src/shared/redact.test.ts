import { redactorFor } from './redact';

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
