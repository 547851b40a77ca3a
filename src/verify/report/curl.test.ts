import { execFileSync } from 'node:child_process';
import { configuredCredentials, type Credentials } from '../../contract/credentials';
import { curlCommand } from './curl';

/** The descriptors of the credentials set here: what the reports are given (never the values). */
const set = (credentials: Credentials) => configuredCredentials(credentials);

const base = new URL('https://staging.example.com/v1/');
const path = '/interactions/int_1';

/** What a POSIX shell makes of the printf part: the exact bytes of the body. */
function bodyViaShell(command: string): string {
  const printf = command.slice(0, command.indexOf(' | curl'));
  return execFileSync('sh', ['-c', printf], { encoding: 'utf8' });
}

describe('curlCommand', () => {
  it('sends to the real base URL, with credentials as environment-variable references, never values', () => {
    const command = curlCommand(
      base,
      { method: 'POST', path, body: '{"name":"x"}', credentials: true },
      set({ apiKey: 'pk_live_secret', userExternalId: 'user-7' }),
    );
    expect(command).toBe(
      "curl -sS -i -X POST 'https://staging.example.com/v1/interactions/int_1' -H 'Accept: application/json' " +
        `-H 'Content-Type: application/json' -H "X-PROFICIENT-API-KEY: $PROFICIENT_API_KEY" ` +
        `-H "X-PROFICIENT-USER-EXTERNAL-ID: $PROFICIENT_USER_EXTERNAL_ID" --data-binary '{"name":"x"}'`,
    );
    expect(command).not.toMatch(/pk_live_secret|user-7/);
  });

  it('writes a secret key as a Bearer reference, and nothing at all for a request sent without credentials', () => {
    const withSecret = curlCommand(base, { method: 'GET', path, credentials: true }, set({ secretKey: 'sk_live_x' }));
    expect(withSecret).toContain(`-H "Authorization: Bearer $PROFICIENT_SECRET_KEY"`);
    expect(withSecret).not.toContain('sk_live_x');
    expect(withSecret).not.toContain('--data-binary');
    const without = curlCommand(
      base,
      { method: 'POST', path, body: '{}', credentials: false },
      set({ apiKey: 'pk_1' }),
    );
    expect(without).not.toMatch(/PROFICIENT_/);
  });

  it('names the usual pair when no credentials are configured (the embedded default)', () => {
    const command = curlCommand(base, { method: 'GET', path, credentials: true }, set({}));
    expect(command).toContain('$PROFICIENT_API_KEY');
    expect(command).toContain('$PROFICIENT_USER_EXTERNAL_ID');
  });

  it('sends the user id the gateway sends when only a key is configured', () => {
    const command = curlCommand(base, { method: 'GET', path, credentials: true }, set({ apiKey: 'pk_1' }));
    expect(command).toContain(
      `-H "X-PROFICIENT-API-KEY: $PROFICIENT_API_KEY" -H 'X-PROFICIENT-USER-EXTERNAL-ID: proficient-contract-suite'`,
    );
  });

  it('quotes a single quote in the body so the shell passes it on unchanged', () => {
    const body = JSON.stringify({ name: `it's "quoted" & <b>` });
    const command = curlCommand(base, { method: 'POST', path, body, credentials: false }, set({}));
    const data = command.slice(command.indexOf('--data-binary ') + '--data-binary '.length);
    expect(execFileSync('sh', ['-c', `printf '%s' ${data}`], { encoding: 'utf8' })).toBe(body);
  });

  it('pipes a body with control or non-ASCII characters through printf: exact bytes, nothing raw printed', () => {
    const name = ' tab\there\nnew 100% \\ Cafe\u0301 👩🏽‍🚀 \u202e';
    const body = JSON.stringify({ name }).replace('\\n', '\n'); // a raw newline too
    const command = curlCommand(base, { method: 'POST', path, body, credentials: true }, set({}));
    expect(command).toMatch(/^printf '.*' \| curl .* --data-binary @-$/);
    expect(command).toMatch(/^[\x20-\x7e]*$/);
    expect(bodyViaShell(command)).toBe(body);
  });
});
