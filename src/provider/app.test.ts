import type { ApiError } from '../contract/types.generated';
import { ProficientApiError } from '../client/errors';
import { ProficientClient } from '../client/proficient-client';
import { CANARY_CREDENTIALS } from '../test-support/fake-credentials';
import { startReferenceProvider, type ReferenceProvider } from './server';
import { seededInteractionId } from './store';

let provider: ReferenceProvider;
let violations: string[];

beforeEach(async () => {
  violations = [];
  provider = await startReferenceProvider({ onContractViolation: (v) => violations.push(v) });
});
afterEach(async () => {
  await provider.close();
  expect(violations).toEqual([]); // it never had to replace a response that broke its own contract
});

const client = () => new ProficientClient({ baseUrl: provider.url, ...CANARY_CREDENTIALS });

async function raw(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${provider.url}${path}`, { method, body: init.body, headers: init.headers });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: (await response.json()) as ApiError,
  };
}
const withKeys = {
  'X-PROFICIENT-API-KEY': CANARY_CREDENTIALS.apiKey,
  'X-PROFICIENT-USER-EXTERNAL-ID': 'u1',
  'Content-Type': 'application/json',
};

describe('the reference provider', () => {
  it('renames the seeded interaction, persists it, and bumps updated_at', async () => {
    const before = await client().interactions.get(seededInteractionId());
    const renamed = await client().interactions.update(seededInteractionId(), { name: 'Renamed ✓' });
    expect(renamed).toMatchObject({ id: seededInteractionId(), name: 'Renamed ✓' });
    expect(renamed.updated_at).toBeGreaterThan(before.updated_at);
    expect((await client().interactions.get(seededInteractionId())).name).toBe('Renamed ✓');
  });

  it('changes nothing on {}, and clears the name on null', async () => {
    const before = await client().interactions.get(seededInteractionId());
    expect(await client().interactions.update(seededInteractionId(), {})).toEqual(before);
    expect((await client().interactions.update(seededInteractionId(), { name: null })).name).toBe('');
  });

  it('accepts a secret key instead of the publishable key', async () => {
    const admin = new ProficientClient({ baseUrl: provider.url, secretKey: CANARY_CREDENTIALS.secretKey });
    await expect(admin.interactions.get(seededInteractionId())).resolves.toMatchObject({ id: seededInteractionId() });
  });

  it('answers an unknown id with 404 resource_not_found', async () => {
    await expect(client().interactions.update('int_nope', { name: 'x' })).rejects.toMatchObject({
      constructor: ProficientApiError,
      status: 404,
      code: 'resource_not_found',
    });
  });

  it('answers missing credentials with 403 invalid_credentials', async () => {
    const anonymous = new ProficientClient({ baseUrl: provider.url });
    await expect(anonymous.interactions.update(seededInteractionId(), { name: 'x' })).rejects.toMatchObject({
      status: 403,
      code: 'invalid_credentials',
    });
  });

  it.each([
    ['a body the schema rejects', '{"name":42}', 'application/json', /\/name must be string or null/],
    ['malformed JSON', '{"name":', 'application/json', /not valid JSON/],
    ['another Content-Type', 'name=x', 'application/x-www-form-urlencoded', /Content-Type must be application\/json/],
  ])('answers %s with 400 invalid_request', async (_case, body, contentType, message) => {
    const reply = await raw('POST', `/interactions/${seededInteractionId()}`, {
      body,
      headers: { ...withKeys, 'Content-Type': contentType },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('invalid_request');
    expect(reply.body.error.message).toMatch(message);
    expect(reply.contentType).toMatch(/^application\/json/);
  });

  it('answers other methods and routes with an ApiError too', async () => {
    expect(await raw('DELETE', `/interactions/${seededInteractionId()}`, { headers: withKeys })).toMatchObject({
      status: 405,
      body: { error: { code: 'invalid_request' } },
    });
    expect(await raw('GET', '/agents', { headers: withKeys })).toMatchObject({
      status: 404,
      body: { error: { code: 'resource_not_found' } },
    });
  });

  it('keeps separate state per store: reset puts the seed back', async () => {
    await client().interactions.update(seededInteractionId(), { name: 'changed' });
    provider.store.reset();
    expect((await client().interactions.get(seededInteractionId())).name).toBe('Trip planning');
  });

  it('never sends a response outside its contract: it reports the slip and answers 500 instead', async () => {
    provider.store.seed({
      ...(await client().interactions.get(seededInteractionId())),
      id: 'int_bad',
      initial_turn: 'assistant' as 'user',
    });
    const reply = await raw('GET', '/interactions/int_bad', { headers: withKeys });
    expect(reply).toMatchObject({ status: 500, body: { error: { code: 'unknown' } } });
    expect(violations).toEqual([
      'GET /interactions/int_bad: /initial_turn must be one of "user", "agent" (got "assistant")',
    ]);
    violations = [];
  });
});
