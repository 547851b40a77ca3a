import { InputError, NotVerifiedError, ProviderUnavailableError } from '../errors';
import { judgePreflight } from './preflight';

const ORIGIN = 'https://staging.example.com';
const judge = (reading: Parameters<typeof judgePreflight>[0], transport?: string) =>
  judgePreflight(reading, { baseUrl: new URL(ORIGIN), interactionId: 'int_1', path: '/interactions/int_1' }, transport);
const apiError = (code: string) => JSON.stringify({ error: { code, message: 'no' } });

describe("preflight's decisions", () => {
  it('keeps the name it read, how, and the whole interaction as it was before any change', () => {
    const interaction = { id: 'int_1', name: 'Trip planning' };
    expect(judge({ name: 'Trip planning', via: 'GET', interaction, readAt: 12.5 })).toEqual({
      name: 'Trip planning',
      via: 'GET',
      interaction,
      readAt: 12.5,
    });
  });

  it('says the provider could not be checked when the gateway could not reach it (exit 3)', () => {
    const decide = () => judge({ status: 502, text: '' }, 'connection refused by staging.example.com:443');
    expect(decide).toThrow(ProviderUnavailableError);
    expect(decide).toThrow(`Cannot reach the provider at ${ORIGIN}: connection refused by staging.example.com:443.`);
  });

  it('names an unknown interaction id and the setting to change (exit 2)', () => {
    const decide = () => judge({ status: 404, text: apiError('resource_not_found') });
    expect(decide).toThrow(InputError);
    expect(decide).toThrow(
      'GET /interactions/int_1 answered 404 resource_not_found: the target has no interaction int_1, ' +
        'or it does not serve GET.',
    );
  });

  it.each([401, 403])('names refused credentials (%i)', (status) => {
    expect(() => judge({ status, text: 'denied' })).toThrow(
      `The target refused the credentials (${status} without a JSON body).`,
    );
  });

  it('names a redirect within the same origin, suggests the base URL it implies, and does not follow it', () => {
    let error: InputError | undefined;
    try {
      judge({ status: 308, text: '', location: `${ORIGIN}/v1/interactions/int_1` });
    } catch (thrown) {
      error = thrown as InputError;
    }
    expect(error?.message).toBe(
      `The target redirects (HTTP 308 to ${ORIGIN}/v1/interactions/int_1), on the same origin: ` +
        'the suite does not follow redirects.',
    );
    expect(error?.hint).toBe(`Use ${ORIGIN}/v1 as --base-url (PROFICIENT_BASE_URL).`);
  });

  it('says a redirect goes to another origin, that no credentials went there, and to check it', () => {
    let error: InputError | undefined;
    try {
      judge({ status: 301, text: '', location: 'http://elsewhere.example.net:8080/interactions/int_1' });
    } catch (thrown) {
      error = thrown as InputError;
    }
    expect(error?.message).toContain('to a different origin, http://elsewhere.example.net:8080');
    expect(error?.message).toContain('no credentials were sent there');
    expect(error?.hint).toMatch(
      /^If http:\/\/elsewhere\.example\.net:8080 really is your staging \(check the host and port\)/,
    );
  });

  it('goes on without a name when the target answers something else: nothing that writes is sent then', () => {
    expect(judge({ status: 405, text: '' })).toEqual({
      name: '',
      unreadable: 'GET /interactions/int_1 answered HTTP 405, so the current name cannot be recorded',
    });
  });

  it('takes the name the user gave for a target without GET (--current-name)', () => {
    const decide = (status: number) =>
      judgePreflight(
        { status, text: '' },
        { baseUrl: new URL(ORIGIN), interactionId: 'int_1', path: '/interactions/int_1', currentName: 'Trip' },
      );
    expect(decide(405)).toEqual({ name: 'Trip', via: '--current-name' });
    expect(decide(404)).toEqual({ name: 'Trip', via: '--current-name' });
  });

  it("never adopts a probe name as the original: another run's, or an earlier version's", () => {
    const read = (name: string) => judge({ name, via: 'GET', interaction: { name }, readAt: 0 });
    const probe = 'contract-suite check 2026-12-01T10:00:00.000Z [contract-suite run 0123456789ab]';
    expect(() => read(probe)).toThrow(NotVerifiedError);
    expect(() => read(probe)).toThrow(/holds a probe name of contract-suite run 0123456789ab .*Nothing was changed\./);
    expect(() => read('contract-suite check 2026-11-30T08:00:00.000Z')).toThrow(/an earlier version of this suite/);
    expect(read('Trip planning')).toMatchObject({ name: 'Trip planning', via: 'GET' });
  });
});
