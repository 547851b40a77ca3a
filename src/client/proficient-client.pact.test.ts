/**
 * Consumer pact tests: they drive the real ProficientClient against Pact's
 * mock server and write pacts/<consumer>-<provider>.json. Calling the mock
 * server with bare HTTP would bypass the code under test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MatchersV3, PactV4, SpecificationVersion } from '@pact-foundation/pact';
import { CONSUMER_NAME, PACTS_DIR, PROVIDER_NAME } from '../pacticipants';
import { driftMessage, syncGeneratedPacts } from '../contract/pact-drift';
import { ProviderState } from '../contract/provider-states';
import type { ApiError, Interaction } from '../contract/types.generated';
import { CredentialHeader } from '../contract/credentials';
import { bodyLike, schemaExample } from './interaction-matchers';
import { ProficientClient } from './proficient-client';
import { ProficientApiError } from './errors';

const { fromProviderState, regex, string } = MatchersV3;

// Example values only: the pact shows these, the verifier swaps in real keys.
const EXAMPLE_CREDENTIALS = { apiKey: 'pk_example_publishable_key', userExternalId: 'user-example-42' };
const CREDENTIALS_IN_PACT = {
  [CredentialHeader.apiKey]: regex('^pk_\\S+$', EXAMPLE_CREDENTIALS.apiKey),
  [CredentialHeader.userExternalId]: string(EXAMPLE_CREDENTIALS.userExternalId),
};

const example = schemaExample<Interaction>('Interaction');
const existing = { interactionId: example.id, name: 'Weekly sync' };
const missing = { interactionId: 'int_does_not_exist_0000000000000000000' };

// The id comes from the provider state, so a real provider can supply a real one.
const pathOfExisting = fromProviderState('/interactions/${interactionId}', `/interactions/${existing.interactionId}`);
const idOfExisting = fromProviderState('${interactionId}', existing.interactionId);

function apiErrorLike(code: ApiError['error']['code'], message: string) {
  return bodyLike('ApiError', { error: { code, message } });
}

// Pact merges into an existing file, so it writes into a fresh folder; afterAll
// moves the result into pacts/ (or, on CI, fails if pacts/ is stale).
const generatedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacts-generated-'));

const pact = new PactV4({
  consumer: CONSUMER_NAME,
  provider: PROVIDER_NAME,
  dir: generatedDir,
  spec: SpecificationVersion.SPECIFICATION_VERSION_V4,
  logLevel: 'warn',
});

function clientFor(url: string, credentials: { apiKey?: string; userExternalId?: string } = EXAMPLE_CREDENTIALS) {
  return new ProficientClient({ baseUrl: url, ...credentials });
}

// pacts/ is replaced only when every interaction test passed: Pact writes only the interactions
// that passed, so a failing test would otherwise leave a pact missing one.
let declared = 0;
let verified = 0;
function interactionTest(name: string, test: () => Promise<unknown>) {
  declared += 1;
  it(name, async () => {
    await test();
    verified += 1;
  });
}

describe('ProficientClient.interactions.update and .get, against the Pact mock server', () => {
  afterAll(() => fs.rmSync(generatedDir, { recursive: true, force: true }));

  interactionTest('renames an existing interaction and returns it with the new name', () => {
    const newName = 'Trip planning';
    return pact
      .addInteraction()
      .given(ProviderState.interactionExists, existing)
      .uponReceiving('a request to rename an interaction')
      .withRequest('POST', pathOfExisting, (request) =>
        request.headers(CREDENTIALS_IN_PACT).jsonBody({ name: newName }),
      )
      .willRespondWith(200, (response) =>
        response.jsonBody(bodyLike('Interaction', example, { id: idOfExisting, name: newName })),
      )
      .executeTest(async (mockServer) => {
        const interaction = await clientFor(mockServer.url).interactions.update(existing.interactionId, {
          name: newName,
        });
        expect(interaction.name).toBe(newName);
        expect(interaction.id).toBe(existing.interactionId);
        expect(['user', 'agent']).toContain(interaction.initial_turn);
      });
  });

  interactionTest('sends name: null and accepts whatever name string the provider then holds', () => {
    return pact
      .addInteraction()
      .given(ProviderState.interactionExists, existing)
      .uponReceiving('a request to clear the name of an interaction')
      .withRequest('POST', pathOfExisting, (request) => request.headers(CREDENTIALS_IN_PACT).jsonBody({ name: null }))
      .willRespondWith(200, (response) =>
        response.jsonBody(bodyLike('Interaction', { ...example, name: '' }, { id: idOfExisting })),
      )
      .executeTest(async (mockServer) => {
        const interaction = await clientFor(mockServer.url).interactions.update(existing.interactionId, { name: null });
        expect(typeof interaction.name).toBe('string');
      });
  });

  interactionTest('sends {} and gets the interaction back unchanged', () => {
    return pact
      .addInteraction()
      .given(ProviderState.interactionExists, existing)
      .uponReceiving('an empty update of an interaction')
      .withRequest('POST', pathOfExisting, (request) => request.headers(CREDENTIALS_IN_PACT).jsonBody({}))
      .willRespondWith(200, (response) =>
        response.jsonBody(
          bodyLike('Interaction', example, { id: idOfExisting, name: fromProviderState('${name}', existing.name) }),
        ),
      )
      .executeTest(async (mockServer) => {
        const interaction = await clientFor(mockServer.url).interactions.update(existing.interactionId, {});
        expect(interaction.name).toBe(existing.name);
      });
  });

  interactionTest('round-trips a name with non-ASCII characters', () => {
    const newName = 'Reiseplanung für Zoë 🚆 東京 — ✓';
    return pact
      .addInteraction()
      .given(ProviderState.interactionExists, existing)
      .uponReceiving('a request to rename an interaction with a non-ASCII name')
      .withRequest('POST', pathOfExisting, (request) =>
        request.headers(CREDENTIALS_IN_PACT).jsonBody({ name: newName }),
      )
      .willRespondWith(200, (response) =>
        response.jsonBody(bodyLike('Interaction', example, { id: idOfExisting, name: newName })),
      )
      .executeTest(async (mockServer) => {
        const interaction = await clientFor(mockServer.url).interactions.update(existing.interactionId, {
          name: newName,
        });
        expect(interaction.name).toBe(newName);
      });
  });

  interactionTest('turns a 404 for an unknown id into a ProficientApiError', () => {
    return (
      pact
        .addInteraction()
        .given(ProviderState.noSuchInteraction, missing)
        .uponReceiving('a request to rename an interaction that does not exist')
        // Paths match by type (the id comes from the provider state), so each request carries a body
        // of its own: that is what lets a static stub built from this pact tell the interactions apart.
        .withRequest(
          'POST',
          fromProviderState('/interactions/${interactionId}', `/interactions/${missing.interactionId}`),
          (request) => request.headers(CREDENTIALS_IN_PACT).jsonBody({ name: 'Renamed nowhere' }),
        )
        .willRespondWith(404, (response) =>
          response.jsonBody(apiErrorLike('resource_not_found', `No interaction with id ${missing.interactionId}`)),
        )
        .executeTest(async (mockServer) => {
          const failure = clientFor(mockServer.url).interactions.update(missing.interactionId, {
            name: 'Renamed nowhere',
          });
          await expect(failure).rejects.toBeInstanceOf(ProficientApiError);
          await expect(failure).rejects.toMatchObject({ status: 404 });
        })
    );
  });

  interactionTest('turns a 403 for missing credentials into a ProficientApiError', () => {
    return pact
      .addInteraction()
      .given(ProviderState.interactionExists, existing)
      .uponReceiving('a request to rename an interaction without credentials')
      .withRequest('POST', pathOfExisting, (request) => request.jsonBody({ name: 'Renamed without credentials' }))
      .willRespondWith(403, (response) =>
        response.jsonBody(apiErrorLike('invalid_credentials', 'The X-PROFICIENT-API-KEY header is missing')),
      )
      .executeTest(async (mockServer) => {
        // As when PROFICIENT_AI_PUBLISHABLE_KEY is unset: the seed passes undefined straight through.
        const failure = clientFor(mockServer.url, { apiKey: undefined, userExternalId: undefined }).interactions.update(
          existing.interactionId,
          { name: 'Renamed without credentials' },
        );
        await expect(failure).rejects.toBeInstanceOf(ProficientApiError);
        await expect(failure).rejects.toMatchObject({ status: 403 });
      });
  });

  // The read-back: verify reads a name back with GET, so the pacts name GET too, and `diff --scope pacts`
  // notices when it goes.
  interactionTest('reads an existing interaction with GET', () => {
    return pact
      .addInteraction()
      .given(ProviderState.interactionExists, existing)
      .uponReceiving('a request to read an interaction')
      .withRequest('GET', pathOfExisting, (request) => request.headers(CREDENTIALS_IN_PACT))
      .willRespondWith(200, (response) =>
        response.jsonBody(
          bodyLike('Interaction', example, { id: idOfExisting, name: fromProviderState('${name}', existing.name) }),
        ),
      )
      .executeTest(async (mockServer) => {
        const interaction = await clientFor(mockServer.url).interactions.get(existing.interactionId);
        expect(interaction.id).toBe(existing.interactionId);
        expect(interaction.name).toBe(existing.name);
      });
  });

  interactionTest('turns a 404 for a GET of an unknown id into a ProficientApiError', () => {
    return pact
      .addInteraction()
      .given(ProviderState.noSuchInteraction, missing)
      .uponReceiving('a request to read an interaction that does not exist')
      .withRequest(
        'GET',
        fromProviderState('/interactions/${interactionId}', `/interactions/${missing.interactionId}`),
        (request) => request.headers(CREDENTIALS_IN_PACT),
      )
      .willRespondWith(404, (response) =>
        response.jsonBody(apiErrorLike('resource_not_found', `No interaction with id ${missing.interactionId}`)),
      )
      .executeTest(async (mockServer) => {
        const failure = clientFor(mockServer.url).interactions.get(missing.interactionId);
        await expect(failure).rejects.toBeInstanceOf(ProficientApiError);
        await expect(failure).rejects.toMatchObject({ status: 404 });
      });
  });

  // Runs last (Jest keeps the order within a file), once every interaction is written.
  it('leaves pacts/ equal to what these tests generate (on CI, fails if it is stale)', () => {
    if (verified !== declared)
      throw new Error(`${declared - verified} interaction test(s) failed: pacts/ left as it was.`);
    const onCi = process.env.CI === 'true';
    const { changed } = syncGeneratedPacts(generatedDir, PACTS_DIR, onCi);
    if (onCi && changed.length > 0) throw new Error(driftMessage(changed));
    expect(fs.readdirSync(generatedDir)).toContain(`${CONSUMER_NAME}-${PROVIDER_NAME}.json`);
  });
});
