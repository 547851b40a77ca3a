/**
 * The baseline for `npm run bench`: Pact's Verifier alone, with the simplest
 * state handlers, against the reference provider, on the same pacts. What
 * `verify` costs beyond this is the suite's own overhead.
 */
import { Verifier } from '@pact-foundation/pact';
import { disablePactTelemetry, PACT_FILE, PROVIDER_NAME } from '../pacticipants';
import { startReferenceProvider } from '../provider/server';
import { seededInteractionId } from '../provider/store';

disablePactTelemetry();

async function run(): Promise<void> {
  const provider = await startReferenceProvider();
  try {
    await new Verifier({
      provider: PROVIDER_NAME,
      providerBaseUrl: provider.url,
      pactUrls: [PACT_FILE],
      logLevel: 'error',
      stateHandlers: {
        'an interaction exists': async () => ({
          interactionId: seededInteractionId(),
          name: provider.store.get(seededInteractionId())!.name,
        }),
        'no interaction exists with the id': async () => ({ interactionId: 'int_missing' }),
      },
    }).verifyProvider();
  } finally {
    await provider.close();
  }
}

run().catch((error: Error) => {
  console.error(error.message.slice(0, 500));
  process.exitCode = 1;
});
