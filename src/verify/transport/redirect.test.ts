import { redirectAdvice } from './redirect';

const base = new URL('http://staging.example.com:8080/api');
const path = '/interactions/int_1';

describe('redirectAdvice', () => {
  it('names another origin as such, says no credentials went there, and asks to check it', () => {
    const advice = redirectAdvice(base, 301, 'https://staging.example.com/api/interactions/int_1', path);
    expect(advice.message).toBe(
      'The target redirects (HTTP 301 to https://staging.example.com/api/interactions/int_1) to a different origin, ' +
        'https://staging.example.com (not http://staging.example.com:8080): the suite does not follow redirects, ' +
        'and no credentials were sent there.',
    );
    expect(advice.hint).toBe(
      'If https://staging.example.com really is your staging (check the host and port), ' +
        'use https://staging.example.com/api as --base-url (PROFICIENT_BASE_URL).',
    );
  });

  it('treats a relative Location as the same origin', () => {
    const advice = redirectAdvice(base, 308, '/v2/interactions/int_1', path);
    expect(advice.message).toBe(
      'The target redirects (HTTP 308 to /v2/interactions/int_1), on the same origin: ' +
        'the suite does not follow redirects.',
    );
    expect(advice.hint).toBe('Use http://staging.example.com:8080/v2 as --base-url (PROFICIENT_BASE_URL).');
  });

  it('copes with no Location, or one that is not a web address', () => {
    for (const location of [undefined, 'javascript:alert(1)', 'http://[broken']) {
      expect(redirectAdvice(base, 302, location, path).hint).toMatch(/^Check --base-url/);
    }
  });

  it('escapes a Location that carries control characters', () => {
    const advice = redirectAdvice(base, 302, 'http://evil.example/\u001b[2J\r::add-mask::x', path);
    expect(advice.message).not.toMatch(/[\u0000-\u001f]/);
    expect(advice.message).toContain('\\u001b[2J\\r::add-mask::x');
  });
});
