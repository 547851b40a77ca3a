import type http from 'node:http';
import { inspect } from 'node:util';
import { loadContract } from '../contract/schemas';
import { CANARY_CREDENTIALS } from '../test-support/fake-credentials';
import { closedPort, listen, readBody, sendJson, type RunningServer } from '../test-support/http-server';
import {
  ProficientApiError,
  ProficientConnectionError,
  ProficientRequestError,
  ProficientResponseError,
} from './errors';
import { ProficientClient } from './proficient-client';

const example = (loadContract().schemas.Interaction.examples as Record<string, unknown>[])[0];

interface Seen {
  method?: string;
  url?: string;
  headers?: http.IncomingHttpHeaders;
  body?: string;
}

let server: RunningServer;
let seen: Seen;
let reply: (response: http.ServerResponse) => void;

beforeAll(async () => {
  server = await listen(async (request, response) => {
    seen = { method: request.method, url: request.url, headers: request.headers, body: await readBody(request) };
    reply(response);
  });
});
afterAll(() => server.close());
beforeEach(() => {
  seen = {};
  reply = (response) => sendJson(response, 200, { ...example, name: 'Renamed' });
});

const client = () => new ProficientClient({ baseUrl: server.url, ...CANARY_CREDENTIALS });

describe('ProficientClient', () => {
  it('sends the rename with every credential header and resolves to the Interaction', async () => {
    const interaction = await client().interactions.update('int_1', { name: 'Renamed' });
    expect(interaction.name).toBe('Renamed');
    expect(seen).toMatchObject({ method: 'POST', url: '/interactions/int_1', body: '{"name":"Renamed"}' });
    expect(seen.headers).toMatchObject({
      'x-proficient-api-key': CANARY_CREDENTIALS.apiKey,
      'x-proficient-user-external-id': CANARY_CREDENTIALS.userExternalId,
      'x-proficient-user-hmac': CANARY_CREDENTIALS.userHmac,
      authorization: `Bearer ${CANARY_CREDENTIALS.secretKey}`,
      'content-type': 'application/json',
    });
  });

  it('escapes the id in the path', async () => {
    await client().interactions.update('a/b c', {});
    expect(seen.url).toBe('/interactions/a%2Fb%20c');
  });

  it.each([[''], ['   ']])('refuses the empty id %j before any request', async (id) => {
    await expect(client().interactions.update(id, { name: 'x' })).rejects.toThrow(
      /interactionId must be a non-empty string/,
    );
    expect(seen.method).toBeUndefined();
  });

  it('refuses params the schema rejects before any request, naming the field', async () => {
    const failure = client().interactions.update('int_1', { name: 42 } as never);
    await expect(failure).rejects.toBeInstanceOf(ProficientRequestError);
    await expect(failure).rejects.toThrow('/name must be string or null (got integer 42)');
    expect(seen.method).toBeUndefined();
  });

  it('turns an ApiError response into a typed error', async () => {
    reply = (response) =>
      sendJson(response, 404, { error: { code: 'resource_not_found', message: 'No such interaction' } });
    const failure = client().interactions.update('int_missing', { name: 'x' });
    await expect(failure).rejects.toMatchObject({
      constructor: ProficientApiError,
      status: 404,
      code: 'resource_not_found',
      apiMessage: 'No such interaction',
    });
  });

  it.each<[string, (response: http.ServerResponse) => void, RegExp]>([
    [
      'a body that breaks the schema',
      (r) => sendJson(r, 200, { ...example, initial_turn: 'assistant' }),
      /\/initial_turn must be one of "user", "agent" \(got "assistant"\)/,
    ],
    ['malformed JSON', (r) => sendJson(r, 200, '{"id": '), /not JSON/],
    [
      'the wrong Content-Type',
      (r) => sendJson(r, 200, '<html></html>', 'text/html'),
      /Content-Type text\/html: not JSON, expected application\/json/,
    ],
    [
      'a JSON Content-Type that is not the documented one',
      (r) => sendJson(r, 200, {}, 'application/problem+json'),
      /Content-Type application\/problem\+json: JSON, but not the documented application\/json, expected application\/json/,
    ],
    [
      'an error without an ApiError body',
      (r) => sendJson(r, 500, { oops: true }),
      /HTTP 500 without a documented ApiError body: \/error is required/,
    ],
  ])('rejects %s with a ProficientResponseError', async (_case, respond, message) => {
    reply = respond;
    const failure = client().interactions.update('int_1', { name: 'x' });
    await expect(failure).rejects.toBeInstanceOf(ProficientResponseError);
    await expect(failure).rejects.toThrow(message);
  });

  it('does not follow a redirect, so the credentials stay with the address it was given', async () => {
    let followed = false;
    const elsewhere = await listen((_request, response) => {
      followed = true;
      sendJson(response, 200, example);
    });
    reply = (response) => {
      response.writeHead(302, { Location: `${elsewhere.url}/steal`, 'Content-Type': 'application/json' });
      response.end('{}');
    };
    try {
      const failure = await client()
        .interactions.update('int_1', { name: 'x' })
        .catch((e: unknown) => e);
      expect(followed).toBe(false);
      expect(failure).toBeInstanceOf(ProficientResponseError);
      expect(String(failure)).toMatch(/HTTP 302 without a documented ApiError body/);
    } finally {
      await elsewhere.close();
    }
  });

  it('accepts a charset on the Content-Type', async () => {
    reply = (response) => sendJson(response, 200, example, 'application/json; charset=utf-8');
    await expect(client().interactions.update('int_1', {})).resolves.toMatchObject({ id: example.id });
  });

  it('reports a refused connection by its code', async () => {
    const port = await closedPort();
    const failure = new ProficientClient({
      baseUrl: `http://127.0.0.1:${port}`,
      ...CANARY_CREDENTIALS,
    }).interactions.update('int_1', {});
    await expect(failure).rejects.toMatchObject({ constructor: ProficientConnectionError, code: 'ECONNREFUSED' });
  });

  it('reports a server that never answers as a timeout', async () => {
    reply = () => undefined;
    const slow = new ProficientClient({ baseUrl: server.url, timeoutMs: 100, ...CANARY_CREDENTIALS });
    await expect(slow.interactions.update('int_1', {})).rejects.toMatchObject({ code: 'ETIMEDOUT' });
  });

  it('never shows a credential in inspect, JSON or any error it throws', async () => {
    const subject = client();
    const errors: unknown[] = [];
    reply = (response) => sendJson(response, 403, { error: { code: 'invalid_credentials', message: 'bad key' } });
    await subject.interactions.update('int_1', {}).catch((e: unknown) => errors.push(e));
    reply = () => undefined;
    const slow = new ProficientClient({ baseUrl: server.url, timeoutMs: 50, ...CANARY_CREDENTIALS });
    await slow.interactions.update('int_1', {}).catch((e: unknown) => errors.push(e));
    expect(errors).toHaveLength(2);

    const shown = [
      inspect(subject, { depth: Infinity, showHidden: true }),
      inspect(subject.interactions, { depth: Infinity, showHidden: true }),
      JSON.stringify(subject),
      ...errors.map((e) => inspect(e, { depth: Infinity, showHidden: true })),
    ].join('\n');
    for (const secret of [CANARY_CREDENTIALS.apiKey, CANARY_CREDENTIALS.userHmac, CANARY_CREDENTIALS.secretKey]) {
      expect(shown).not.toContain(secret);
    }
    expect(shown).toContain('ProficientClient'); // the search looked at real output
  });
});
