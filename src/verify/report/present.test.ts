import { CREDENTIALS } from '../../contract/credentials';
import { redactorFor } from '../../shared/redact';
import type { CheckResult } from '../results';
import { presentLine, presentResult } from './present';

const key = `pk_live_${'Zq7_'.repeat(30)}`; // 128 characters
const how = {
  targetUrl: new URL('https://staging.example.com/v1'),
  configured: [CREDENTIALS.apiKey, CREDENTIALS.userExternalId],
  redact: redactorFor([key]),
};

const failure = (detail: CheckResult['detail']): CheckResult => ({
  id: 'behaviour.name-returned',
  group: 'behaviour',
  name: 'the name sent is the name returned',
  status: 'failed',
  durationMs: 3,
  detail,
});

describe('a result as the reports show it', () => {
  it('renders the request it carries as one line and a curl that names the configured variables, never values', () => {
    const shown = presentResult(
      failure({
        message: 'changed',
        sent: { method: 'POST', path: '/interactions/int_1', body: '{"name":"a"}', credentials: true },
      }),
      how,
    );
    expect(shown.detail).toEqual({
      message: 'changed',
      request: 'POST /interactions/int_1 {"name":"a"}',
      curl:
        "curl -sS -i -X POST 'https://staging.example.com/v1/interactions/int_1' -H 'Accept: application/json' " +
        `-H 'Content-Type: application/json' -H "X-PROFICIENT-API-KEY: $PROFICIENT_API_KEY" ` +
        `-H "X-PROFICIENT-USER-EXTERNAL-ID: $PROFICIENT_USER_EXTERNAL_ID" --data-binary '{"name":"a"}'`,
    });
    expect(shown.detail).not.toHaveProperty('sent');
  });

  it('redacts every value whole before anything shortens it: no start of the key survives the bound', () => {
    const echoed = `${'n'.repeat(1990)}${key}`; // the key straddles the 2,000-character bound
    const shown = presentResult(
      failure({
        message: `got ${key}`,
        actual: echoed,
        sent: { method: 'POST', path: '/interactions/int_1', body: JSON.stringify({ name: key }), credentials: true },
      }),
      how,
    );
    const text = JSON.stringify(shown);
    expect(text).not.toContain(key.slice(0, 10));
    expect(shown.detail!.message).toBe('got [REDACTED]');
    expect(shown.detail!.actual).toBe(`${'n'.repeat(1990)}[REDACTED]`);
    expect(shown.detail!.curl).toContain(`--data-binary '{"name":"[REDACTED]"}'`);
  });

  it('bounds every field and the name, and writes no curl for a body too long to paste', () => {
    const huge = 'x'.repeat(5_000_000);
    const shown = presentResult(
      {
        ...failure({
          message: huge,
          expected: huge,
          sent: { method: 'POST', path: `/interactions/${huge}`, body: huge, credentials: false },
        }),
        name: huge,
      },
      how,
    );
    expect(shown.name.length).toBeLessThan(400);
    expect(shown.detail!.message).toMatch(/^x{2000}… \(5000000 characters\)$/);
    expect(shown.detail!.expected!.length).toBeLessThan(2_100);
    expect(shown.detail!.request!.length).toBeLessThan(2_100);
    expect(shown.detail!.request).toMatch(/\(no credential headers\) \(too long to reproduce as a command line\)/);
    expect(shown.detail!.curl).toBeUndefined();
    expect(presentLine(`Restored the name "${key}" ${huge}`, how.redact)).toMatch(
      /^Restored the name "\[REDACTED\]" x+… \(\d+ characters\)$/,
    );
  });
});
