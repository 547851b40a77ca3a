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
      surprise: [
        '  body: (empty)',
        `  reproduce: curl -sS -i -X GET '${ORIGIN}/interactions/int_1' -H 'Accept: application/json' ` +
          '-H "X-PROFICIENT-API-KEY: $PROFICIENT_API_KEY" ' +
          '-H "X-PROFICIENT-USER-EXTERNAL-ID: $PROFICIENT_USER_EXTERNAL_ID"',
      ],
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

describe("preflight's first read of a mock that has nothing for the request", () => {
  const target = { baseUrl: new URL(ORIGIN), interactionId: 'int_1', path: '/interactions/int_1' };
  const thrown = (reading: Parameters<typeof judgePreflight>[0], redact?: (text: string) => string): InputError => {
    try {
      judgePreflight(reading, { ...target, redact });
    } catch (error) {
      return error as InputError;
    }
    throw new Error('judgePreflight did not throw');
  };

  it('shows a 404 body and a curl, and names the possible causes when no tool is recognised', () => {
    const error = thrown({ status: 404, text: 'Cannot GET /interactions/int_1' });
    expect(error.message).toBe(
      [
        'GET /interactions/int_1 answered 404 without a JSON body: the target has no interaction int_1, ' +
          'or it does not serve GET.',
        '  body: Cannot GET /interactions/int_1',
        `  reproduce: curl -sS -i -X GET '${ORIGIN}/interactions/int_1' -H 'Accept: application/json' ` +
          '-H "X-PROFICIENT-API-KEY: $PROFICIENT_API_KEY" ' +
          '-H "X-PROFICIENT-USER-EXTERNAL-ID: $PROFICIENT_USER_EXTERNAL_ID"',
        '  Possible causes: the id, no route for /interactions/{id}, or a --base-url without its path prefix.',
      ].join('\n'),
    );
    expect(error.hint).toMatch(/^Pass --interaction-id/);
  });

  it.each([
    ['MSW', { status: 404, text: '{"error":"Mock not found"}' }, /^No MSW handler matched GET \/interactions\/int_1: /],
    [
      'WireMock',
      { status: 404, text: '\n   Request was not matched\n   =====\n| Closest stub |' },
      /^No WireMock stub matched GET \/interactions\/int_1: add a mapping under mappings\//,
    ],
    [
      'Prism',
      {
        status: 404,
        text: '{"type":"https://stoplight.io/prism/errors#NO_PATH_MATCHED_ERROR","title":"Route not resolved"}',
      },
      /^Prism's document has no operation for GET \/interactions\/int_1/,
    ],
  ])("recognises %s's own 404 and says what to fix in the mock", (tool, reading, hint) => {
    const error = thrown(reading);
    expect(error.message).toMatch(
      new RegExp(`^GET /interactions/int_1 answered 404 [^(]+ \\(${tool}'s own answer\\): the target has no`),
    );
    expect(error.message).not.toContain('Possible causes');
    expect(error.hint).toMatch(hint);
  });

  it('lets a mock the run started have no GET: its 404 is shown, named, and the checks go on', () => {
    const original = judgePreflight({ status: 404, text: '{"error":"Mock not found"}' }, { ...target, ownsMock: true });
    expect(original.via).toBeUndefined();
    expect(original.unreadable).toBe(
      "GET /interactions/int_1 answered 404 (MSW's own answer): the mock has no GET (or none for this id)",
    );
    expect(original.surprise?.[0]).toBe('  body: {"error":"Mock not found"}');
  });

  it("recognises Prism's own 401 for an unmet security scheme (sl-violations), not as refused keys", () => {
    const error = thrown({
      status: 401,
      text: '{"type":"https://stoplight.io/prism/errors#UNAUTHORIZED","title":"Invalid security scheme used"}',
      headers: { 'sl-violations': '[{"location":["request"],"severity":"Error","message":"Invalid security scheme"}]' },
    });
    expect(error.message).toMatch(
      /^The target refused the credentials \(401 without an ApiError code\) \(Prism's own answer\)\./,
    );
    expect(error.hint).toMatch(/^This 401 is Prism's own: the document's security scheme wants credentials/);
  });

  it("names Prism's sl-violations header on any other surprise", () => {
    const original = judgePreflight(
      { status: 422, text: '{}', headers: { 'sl-violations': '[{"message":"Request body must match"}]' } },
      target,
    );
    expect(original.unreadable).toContain('(Prism: Prism found the request invalid against its document');
    expect(original.unreadable).toContain('Request body must match');
  });

  it('shows the body redacted first, then bounded and escaped: it is data', () => {
    const body = `pk_live_secret \u001b[2J\u0007 ${'x'.repeat(400)}`;
    const error = thrown({ status: 404, text: body }, (text) => text.replaceAll('pk_live_secret', '[redacted]'));
    const shown = error.message.split('\n')[1];
    expect(shown).toMatch(/^ {2}body: \[redacted\] \\u001b\[2J\\u0007 x{283}… \(417 characters\)$/);
    expect(error.message).not.toContain('pk_live_secret');
    expect(error.message).not.toMatch(/[\u001b\u0007]/);
  });
});
