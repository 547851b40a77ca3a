/**
 * Runs Pact's Verifier in a child process of `verify`. Pact's native core
 * prints straight to file descriptor 1, which no code in-process can capture;
 * here the parent reads it, so the CLI can show one line per interaction and
 * keep Pact's full output for the reports. This process never holds a real
 * credential: it talks only to the parent's gateway.
 */
import { Verifier } from '@pact-foundation/pact';
import { disablePactTelemetry } from '../pacticipants';
import { stateHandlers } from './state-handlers';
import { requestDeadlineMs, type RequestBudget } from './transport/budget';

export interface ReplayRequest {
  gatewayUrl: string;
  pactFiles: string[];
  interactionId: string;
  budget: RequestBudget;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  provider: string;
  /** Fetch the pacts from a broker instead (Pact-JS's own option names; credentials come from the environment). */
  broker?: Record<string, unknown>;
}

export type ReplayReply = { ok: true; results: string } | { ok: false; results?: string; error: string };

disablePactTelemetry();

process.once('message', (request: ReplayRequest) => {
  const verifier = new Verifier({
    provider: request.provider,
    providerBaseUrl: request.gatewayUrl,
    ...(request.pactFiles.length > 0 ? { pactUrls: request.pactFiles } : {}),
    ...request.broker,
    stateHandlers: stateHandlers(request.gatewayUrl, request.interactionId, request.budget),
    logLevel: request.logLevel,
    // As long as the gateway may take over one request, retries and waits included.
    timeout: requestDeadlineMs(request.budget),
  });
  verifier.verifyProvider().then(
    (results) => send({ ok: true, results: String(results) }),
    (error: Error) => {
      // On a failed verification Pact puts its JSON results in the message.
      const looksLikeResults = error.message.trimStart().startsWith('{');
      send(
        looksLikeResults
          ? { ok: false, results: error.message, error: 'verification failed' }
          : { ok: false, error: error.message },
      );
    },
  );
});

function send(reply: ReplayReply): void {
  process.send!(reply, undefined, {}, () => process.exit(0));
}
