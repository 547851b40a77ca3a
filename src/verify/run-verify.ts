import type { Credentials } from '../client/credentials';
import { secretValues } from '../client/credentials';
import type { CheckGroup } from '../config';
import { bodyOf, pactFilesAt, readPactFile } from '../contract/pact-file';
import { displayPath } from '../contract/json-file';
import { ExitCode, InputError, ProviderUnavailableError } from '../errors';
import { PROVIDER_NAME } from '../pacticipants';
import { startReferenceProvider, type ReferenceProvider } from '../provider/server';
import { SEEDED_INTERACTION_ID } from '../provider/store';
import { TargetGateway } from './transport/gateway';
import { LIVE_CHECKS, outcomeOfError, type CheckContext, type CheckOutcome } from './live-checks';
import { startPactReplay, type PactReplay } from './pact-replay';
import { verifierBrokerOptions, type BrokerConnection, type BrokerVerification } from '../broker/settings';
import { redactorFor } from './redact';
import { detailLines, progressLine, summaryTable } from './report/console';
import { writeReports } from './report/files';
import type { CheckResult, VerifyReport } from './results';
import { readCurrentName, type NameReading } from './state-handlers';
import { TargetConnection } from './transport/target';
import { requestDeadlineMs, type RequestBudget } from './transport/budget';

export type PactLogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface VerifyOptions {
  /** The target; without one the reference provider is started on 127.0.0.1 and verified. */
  baseUrl?: URL;
  interactionId?: string;
  pacts: string;
  checks: CheckGroup[];
  reportDir: string;
  samples: number;
  credentials: Credentials;
  logLevel: PactLogLevel;
  /** Fetch the pacts from a Pact Broker instead of --pacts. */
  broker?: { connection: BrokerConnection; verification: BrokerVerification };
  /** How long one request may take (--timeout-ms per attempt), retries and waits included. */
  budget: RequestBudget;
}

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

// Groups run in this order: schema last, because it judges every response the others provoked.
const RUN_ORDER: CheckGroup[] = ['pact', 'behaviour', 'errors', 'schema'];

/**
 * `verify`: replays the pacts and runs the live checks against a target,
 * puts back what it changed, prints progress and a summary, writes reports,
 * and answers the exit code (0 holds, 1 broken, 3 not checkable).
 * Bad input throws InputError (exit 2) before anything is sent.
 */
export async function runVerify(
  options: VerifyOptions,
  io: Output,
  env: NodeJS.ProcessEnv = process.env,
  startedReplay?: PactReplay,
): Promise<number> {
  const redact = redactorFor([...secretValues(options.credentials), ...(options.broker?.connection.secrets ?? [])]);
  const out = (line: string) => io.out(redact(line));
  const started = Date.now();

  // Everything that can be wrong with the input is found before a request is sent.
  const replaying = options.checks.includes('pact');
  const pactFiles = replaying && !options.broker ? pactFilesAt(options.pacts) : [];
  const interactionCount = pactFiles.reduce((n, file) => n + readPactFile(file).interactions.length, 0);
  const pactSource = options.broker
    ? `the pacts for ${PROVIDER_NAME} from the broker at ${options.broker.connection.baseUrl} (selectors ${JSON.stringify(options.broker.verification.consumerVersionSelectors)})`
    : `${interactionCount} interactions from ${pactFiles.map(displayPath).join(', ')}`;

  const pactReplay = replaying ? (startedReplay ?? startPactReplay(options.broker?.connection.env)) : undefined;

  let embedded: ReferenceProvider | undefined;
  const targetUrl = options.baseUrl ?? new URL((embedded = await startReferenceProvider().catch(failedToStart)).url);
  const interactionId = options.interactionId ?? SEEDED_INTERACTION_ID;
  const gateway = new TargetGateway({
    target: targetUrl,
    credentials: options.credentials,
    budget: options.budget,
  });
  await gateway.start().catch(failedToStart);
  // A Pact process already loading must not outlive a run that could not start.
  function failedToStart(error: unknown): never {
    pactReplay?.cancel();
    void embedded?.close();
    throw error;
  }
  const target = new TargetConnection(gateway.url, interactionId, options.budget);

  const results: CheckResult[] = [];
  let pactOutput = '';
  let restoreLine: string | undefined;
  let original: { name: string; via: string } | undefined;

  let cleanedUp: Promise<void> | undefined;
  const cleanUp = () =>
    (cleanedUp ??= (async () => {
      pactReplay?.cancel();
      await gateway.closeToChecks();
      restoreLine = await restoreName(target, original);
      if (restoreLine) out(restoreLine);
      await gateway.stop();
      await embedded?.close();
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    io.err(`\nInterrupted by ${signal}: putting the interaction's name back before exiting.`);
    void cleanUp().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    out(
      `Verifying ${targetUrl.origin}${targetUrl.pathname.replace(/\/$/, '')}${embedded ? ' (the embedded reference provider)' : ''}`,
    );
    out(
      `  interaction ${interactionId} · checks: ${options.checks.join(', ')} · timeout ${options.budget.attemptMs} ms per request`,
    );
    const preflightStarted = Date.now();
    try {
      original = await preflight(target, gateway, targetUrl);
      out(`  current name ${JSON.stringify(original.name)} (read with ${original.via}); it is put back at the end`);
    } catch (error) {
      if (!(error instanceof ProviderUnavailableError)) throw error;
      // Not a usage error: record it, so the reports say "not verified" rather than nothing.
      report({
        group: 'preflight',
        name: 'reach the provider and read the interaction',
        status: 'error',
        durationMs: Date.now() - preflightStarted,
        detail: { message: error.message },
      });
    }

    const context: CheckContext = {
      target,
      readBack: original?.via === 'GET',
      samples: options.samples,
      exchanges: () => gateway.exchanges,
    };
    for (const group of original ? RUN_ORDER.filter((g) => options.checks.includes(g)) : []) {
      out(`${group}${group === 'pact' ? `: replaying ${pactSource}` : ''}`);
      if (group === 'pact') {
        const replay = await runPactGroup(pactReplay!, pactFiles, target, gateway, options);
        pactOutput = replay.output;
        for (const result of replay.results) report(result);
        if (options.logLevel === 'debug' || options.logLevel === 'trace')
          for (const line of replay.output.split('\n')) out(`    | ${line}`);
        continue;
      }
      for (const check of LIVE_CHECKS.filter((c) => c.group === group)) {
        report(await runCheck(check.group, check.name, () => check.run(context), gateway));
      }
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await cleanUp();
  }

  function report(result: CheckResult) {
    results.push(result);
    out(progressLine(result));
    if (result.detail && (result.status === 'failed' || result.status === 'error'))
      for (const line of detailLines(result.detail)) out(line);
  }

  // A run that judged nothing proves nothing: never let it pass.
  if (results.length === 0)
    results.push({
      group: 'preflight',
      name: 'run at least one check',
      status: 'error',
      durationMs: 0,
      detail: { message: 'no check ran' },
    });
  const failed = results.filter((r) => r.status === 'failed').length;
  const notChecked = results.filter((r) => r.status === 'error');
  const exitCode =
    failed > 0 ? ExitCode.ContractBroken : notChecked.length > 0 ? ExitCode.ProviderUnavailable : ExitCode.Ok;
  const verdict =
    exitCode === ExitCode.Ok
      ? 'The contract holds.'
      : exitCode === ExitCode.ContractBroken
        ? `The contract is broken: ${failed} of ${results.length} checks failed.`
        : `The provider could not be checked: ${gateway.failures[0]?.cause ?? notChecked[0].detail?.message}`;

  const verifyReport: VerifyReport = {
    target: `${targetUrl.origin}${targetUrl.pathname.replace(/\/$/, '')}`,
    interactionId,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    checks: results,
    exitCode,
    restore: restoreLine,
  };
  const files = writeReports(verifyReport, options.reportDir, redact, pactOutput, env);
  out('');
  for (const line of summaryTable(results)) out(line);
  out('');
  out(`${verdict} (exit ${exitCode})`);
  out(`Reports: ${files.map(displayPath).join(', ')}`);
  return exitCode;
}

/**
 * Reads the interaction's current name before anything changes it. Failing
 * here says what to fix: unreachable (exit 3), unknown id or refused
 * credentials (exit 2, a setting is wrong).
 */
async function preflight(
  target: TargetConnection,
  gateway: TargetGateway,
  targetUrl: URL,
): Promise<{ name: string; via: string }> {
  let reading: NameReading;
  try {
    reading = await readCurrentName(target);
  } catch (error) {
    throw new ProviderUnavailableError(
      `Cannot reach the provider at ${targetUrl.origin}: ${gateway.failures[0]?.cause ?? (error as Error).message}.`,
    );
  }
  if (reading.via !== undefined) return reading;
  if (gateway.targetDown)
    throw new ProviderUnavailableError(
      `Cannot reach the provider at ${targetUrl.origin}: ${gateway.failures[0].cause}.`,
    );
  if (reading.status >= 300 && reading.status < 400) {
    throw new InputError(
      `The target redirects (HTTP ${reading.status}${reading.location ? ` to ${reading.location}` : ''}): the suite does not follow redirects, so credentials never leave for another address.`,
      'Use the address it redirects to as --base-url (PROFICIENT_BASE_URL), often the https:// one.',
    );
  }
  if (reading.status === 404) {
    throw new InputError(
      `The target has no interaction ${target.interactionId} (404 ${apiErrorCode(reading.text)}).`,
      'Pass --interaction-id (or PROFICIENT_INTERACTION_ID) naming an interaction that exists on the target.',
    );
  }
  if (reading.status === 401 || reading.status === 403) {
    throw new InputError(
      `The target refused the credentials (${reading.status} ${apiErrorCode(reading.text)}).`,
      'Set PROFICIENT_API_KEY and PROFICIENT_USER_EXTERNAL_ID (or PROFICIENT_SECRET_KEY) for this target.',
    );
  }
  // The target answered, but not with a name: the checks will say how it breaks the contract.
  return { name: '', via: `nothing: the current name could not be read (HTTP ${reading.status})` };
}

function apiErrorCode(text: string): string {
  try {
    return String((JSON.parse(text) as { error?: { code?: unknown } }).error?.code ?? 'without an ApiError code');
  } catch {
    return 'without a JSON body';
  }
}

async function runCheck(
  group: CheckGroup,
  name: string,
  run: () => Promise<CheckOutcome>,
  gateway: TargetGateway,
): Promise<CheckResult> {
  const started = Date.now();
  const failuresBefore = gateway.failures.length;
  let outcome: CheckOutcome;
  try {
    outcome = await run();
  } catch (error) {
    outcome = outcomeOfError(error);
  }
  // A transport failure during the check means the target was not judged, whatever the check concluded.
  const transport =
    gateway.failures[failuresBefore] ??
    (gateway.targetDown && outcome.status === 'failed' ? gateway.failures[0] : undefined);
  if (transport && outcome.status !== 'passed')
    outcome = { status: 'error', detail: { message: transport.cause, request: transport.request } };
  const durationMs = Date.now() - started;
  if (outcome.status === 'passed') return { group, name, status: 'passed', durationMs };
  if (outcome.status === 'skipped')
    return { group, name, status: 'skipped', durationMs, detail: { message: outcome.reason } };
  return { group, name, status: outcome.status, durationMs, detail: outcome.detail };
}

async function runPactGroup(
  pactReplay: PactReplay,
  pactFiles: string[],
  target: TargetConnection,
  gateway: TargetGateway,
  options: VerifyOptions,
) {
  const failuresBefore = gateway.failures.length;
  const replay = await pactReplay.replay(
    {
      gatewayUrl: gateway.url,
      pactFiles,
      interactionId: target.interactionId,
      budget: options.budget,
      logLevel: options.logLevel,
      broker: options.broker && verifierBrokerOptions(options.broker.verification),
    },
    // Generous: the gateway already bounds every request; this only catches a wedged verifier.
    60_000 + requestDeadlineMs(options.budget) * 4,
  );
  const transport = gateway.failures[failuresBefore];
  // The request each interaction sends, as its pact shows it (the id is the provider state's, at run time).
  const requests = new Map(
    pactFiles.flatMap((file) =>
      readPactFile(file).interactions.map(
        (i) =>
          [
            i.description,
            `${i.request.method} ${i.request.path} ${JSON.stringify(bodyOf(i.request)) ?? ''}`.trim(),
          ] as const,
      ),
    ),
  );
  // Pact could not run (a pact that would not load, a broker that would not answer): the provider was not judged.
  const notRun: CheckResult[] = replay.crashed
    ? [
        {
          group: 'pact',
          name: replay.interactions.length ? 'load every pact' : 'replay the pacts',
          status: 'error',
          durationMs: 0,
          detail: { message: transport?.cause ?? replay.crashed },
        },
      ]
    : [];
  const results: CheckResult[] = replay.interactions.map((interaction) => {
    if (interaction.ok)
      return { group: 'pact', name: interaction.description, status: 'passed', durationMs: interaction.durationMs };
    // Pact passed the run although this failed: the pact is pending, its failure must not fail the build.
    if (replay.passed)
      return {
        group: 'pact',
        name: interaction.description,
        status: 'skipped',
        durationMs: interaction.durationMs,
        detail: {
          message: `pending pact: it fails (${interaction.mismatches[0]?.message ?? 'see the Pact output'}), which does not fail the build until it is verified once`,
        },
      };
    if (transport)
      return {
        group: 'pact',
        name: interaction.description,
        status: 'error',
        durationMs: interaction.durationMs,
        detail: { message: transport.cause, request: transport.request },
      };
    const [first, ...rest] = interaction.mismatches;
    return {
      group: 'pact',
      name: interaction.description,
      status: 'failed',
      durationMs: interaction.durationMs,
      detail: {
        message: [
          first?.message ?? 'Pact reported a failure',
          ...rest.map((m) => `${m.path ? `${m.path}: ` : ''}${m.message}`),
        ].join('; '),
        request: requests.get(interaction.description),
        path: first?.path,
        expected: first?.expected,
        actual: first?.actual,
      },
    };
  });
  return { output: replay.output, results: [...results, ...notRun, ...publishingOutcome(replay.output, options)] };
}

/** Pact publishes results on its own and only logs a failure: make it a result people see. */
function publishingOutcome(output: string, options: VerifyOptions): CheckResult[] {
  if (!options.broker?.verification.publish) return [];
  const name = `publish the verification results (provider version ${options.broker.verification.publish.providerVersion})`;
  const failure = /Publishing of verification results failed with an error: (.*)/.exec(output);
  if (failure) return [{ group: 'pact', name, status: 'error', durationMs: 0, detail: { message: failure[1].trim() } }];
  if (/Publishing verification results back to the Pact Broker/.test(output))
    return [{ group: 'pact', name, status: 'passed', durationMs: 0 }];
  return [];
}

/** Puts the original name back and says so; never throws (it runs on the way out). */
async function restoreName(
  target: TargetConnection,
  original: { name: string; via: string } | undefined,
): Promise<string | undefined> {
  if (!original) return undefined; // nothing was sent that could change it
  if (original.via.startsWith('nothing')) return 'Name not restored: it could not be read before the run.';
  try {
    // Raw, not the typed client: a response that breaks the contract elsewhere must not stop the name going back.
    // A target that kept nothing (a static stub, a run stopped early) needs nothing put back.
    if ((await readCurrentName(target, true)).name === original.name)
      return `The name is unchanged: ${JSON.stringify(original.name)}.`;
    const put = await target.raw('POST', target.pathOf(), {
      body: JSON.stringify({ name: original.name }),
      credentials: true,
      cleanUp: true,
    });
    if (put.status !== 200) throw new Error(put.gatewayFailure ?? `HTTP ${put.status} ${put.text.slice(0, 120)}`);
    const now = await readCurrentName(target, true);
    return now.name === original.name
      ? `Restored the name ${JSON.stringify(original.name)}.`
      : `WARNING: tried to restore the name ${JSON.stringify(original.name)}, but the target now says ${JSON.stringify(now.name ?? `HTTP ${now.status}`)}. Set it by hand.`;
  } catch (error) {
    return `WARNING: could not restore the name ${JSON.stringify(original.name)}: ${(error as Error).message}. Set it by hand.`;
  }
}
