/**
 * Runs Pact's Verifier in a child process of `verify`. Pact's native core
 * prints straight to file descriptor 1, which no code in-process can capture;
 * here the parent reads it, so the CLI can show one line per interaction and
 * keep Pact's full output for the reports. This process never holds a real
 * credential: it talks only to the parent's gateway.
 *
 * It serves one replay per message, for as long as the parent keeps it: a run
 * uses it once, a test file may share one across many runs.
 */
// The Verifier alone, not the package's index (which also loads the mock servers, matchers and
// their dependencies): it halves this process's start-up, which is on the critical path of every
// run. A deep import is safe here because the version is pinned exactly.
import { Verifier } from '@pact-foundation/pact/src/dsl/verifier';
import { disablePactTelemetry } from '../../pacticipants';
import { requestDeadlineMs } from '../transport/budget';
import { CALLER_HEADER } from '../transport/gateway-connection';
import { END_OF_REPLAY, type ReplayReply, type ReplayRequest } from './protocol';
import { stateHandlers } from './state-handlers';

disablePactTelemetry();

process.on('message', (request: ReplayRequest) => {
  const verifier = new Verifier({
    provider: request.provider,
    providerBaseUrl: request.gatewayUrl,
    ...(request.pactFiles.length > 0 ? { pactUrls: request.pactFiles } : {}),
    ...request.broker,
    stateHandlers: stateHandlers(request),
    // The gateway sends nothing on without the run's token.
    customProviderHeaders: { [CALLER_HEADER]: request.callerToken },
    // Pact's proxy passes its own Host on otherwise; the gateway answers only requests addressed to it.
    changeOrigin: true,
    logLevel: request.logLevel,
    // As long as the gateway may take over one request, retries and waits included.
    timeout: requestDeadlineMs(request.budget),
  });
  verifier.verifyProvider().then(
    (results) => send({ id: request.id, ok: true, results: String(results) }),
    (error: Error) => {
      // On a failed verification Pact puts its JSON results in the message.
      const looksLikeResults = error.message.trimStart().startsWith('{');
      send(
        looksLikeResults
          ? { id: request.id, ok: false, results: error.message, error: 'verification failed' }
          : { id: request.id, ok: false, error: error.message },
      );
    },
  );
});

function send(reply: ReplayReply): void {
  process.stdout.write(`\n${END_OF_REPLAY(reply.id)}\n`);
  process.send!(reply);
}

// The parent going away ends this process: it has nobody left to answer.
process.on('disconnect', () => process.exit(0));
