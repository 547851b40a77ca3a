import { verifierBrokerOptions } from '../../broker/settings';
import type { CheckResult } from '../results';
import type { ReplayOutcome } from '../pact/replay';
import type { CheckContext, CheckGroup } from './check';
import { notJudgedIfTransportFailed, toResult } from './group-of-checks';
import { nameRecorded, pacts } from './preconditions';
import type { PactSource } from '../plan';
import type { FailureDetail } from '../results';
import type { Exchange } from '../transport/gateway';
import { reproduce, sentOf, settleOnProbeName } from './renames';

/** The file Pact's own output is kept in, beside the reports. */
const PACT_OUTPUT_FILE = 'pact-output.txt';

/**
 * The pacts, replayed by Pact's own Verifier through the gateway: one result
 * per interaction. Pact runs in a child process started when the run began,
 * so it loads while the live checks run; this group waits for it.
 */
export const pact: CheckGroup = {
  name: 'pact',
  replaysPacts: true,
  summary: "replays every interaction in the pacts with Pact's Verifier (provider states answer the target's real id)",
  order: 30,
  needs: [pacts, nameRecorded],
  async run(context, report) {
    const { plan } = context;
    const failuresBefore = context.transportFailures().length;
    const exchangesBefore = context.exchanges().length;
    context.print(`  replaying ${plan.pacts!.label}`);
    const replay = await context.replay!.replay(
      {
        gatewayUrl: context.target.gatewayUrl,
        callerToken: plan.callerToken,
        runId: plan.runId,
        readBack: context.readBack,
        pactFiles: plan.pacts!.files,
        interactionId: context.target.interactionId,
        budget: plan.budget,
        logLevel: plan.logLevel,
        broker: plan.broker && verifierBrokerOptions(plan.broker.verification),
      },
      plan.replayDeadlineMs,
    );
    context.attach(PACT_OUTPUT_FILE, replay.output);
    if (plan.logLevel === 'debug' || plan.logLevel === 'trace') {
      for (const line of replay.output.split('\n')) context.print(`    | ${line}`);
    }
    const sent = context.exchanges().slice(exchangesBefore);
    // The pacts' own names carry no marker: the interaction goes back to a marked one before the next group.
    await settleOnProbeName(context);
    for (const result of resultsOf(replay, context, failuresBefore, sent)) report(result);
  },
};

function resultsOf(
  replay: ReplayOutcome,
  context: CheckContext,
  failuresBefore: number,
  sent: readonly Exchange[],
): CheckResult[] {
  const pacts = new Map(context.plan.pacts!.interactions.map((i) => [i.description, i]));
  const results: CheckResult[] = replay.interactions.map((interaction) => {
    // Pact passed the run although this failed: the pact is pending, its failure must not fail the build.
    if (!interaction.ok && replay.passed) {
      const why = interaction.mismatches[0]?.message ?? 'see the Pact output';
      return toResult(
        'pact',
        interaction.description,
        {
          status: 'skipped',
          reason: `pending pact: it fails (${why}), which does not fail the build until it is verified once`,
        },
        interaction.durationMs,
      );
    }
    const [first, ...rest] = interaction.mismatches;
    const exchange = exchangeOf(pacts.get(interaction.description), sent);
    // The gateway would not send it (outside this contract): the target was not judged on it.
    if (exchange?.refused) {
      return toResult('pact', interaction.description, { status: 'skipped', reason: exchange.refused }, 0);
    }
    const outcome = interaction.ok
      ? ({ status: 'passed' } as const)
      : ({
          status: 'failed',
          detail: {
            message: [
              first?.message ?? 'Pact reported a failure',
              ...rest.map((m) => `${m.path ? `${m.path}: ` : ''}${m.message}`),
            ].join('; '),
            ...requestOf(pacts.get(interaction.description), exchange, context),
            path: first?.path,
            expected: first?.expected,
            actual: first?.actual,
          },
        } as const);
    // Judged on a real answer from the target: a transport failure elsewhere in the replay does not undo that.
    const answered = exchange?.status !== undefined && !exchange.failure;
    return toResult(
      'pact',
      interaction.description,
      answered ? outcome : notJudgedIfTransportFailed(outcome, context, failuresBefore),
      interaction.durationMs,
    );
  });
  // Pact could not run (a pact that would not load, a broker that would not answer): the provider was not judged.
  if (replay.crashed) {
    const transport = context.transportFailures()[failuresBefore];
    results.push(
      toResult(
        'pact',
        replay.interactions.length ? 'load every pact' : 'replay the pacts',
        { status: 'error', detail: { message: transport?.cause ?? replay.crashed } },
        0,
      ),
    );
  }
  return [...results, ...publishingOutcome(replay.output, context)];
}

/** Pact publishes results on its own and only logs a failure: make it a result people see. */
function publishingOutcome(output: string, context: CheckContext): CheckResult[] {
  const publish = context.plan.broker?.verification.publish;
  if (!publish) return [];
  const name = `publish the verification results (provider version ${publish.providerVersion})`;
  const failure = /Publishing of verification results failed with an error: (.*)/.exec(output);
  if (failure) return [toResult('pact', name, { status: 'error', detail: { message: failure[1].trim() } }, 0)];
  if (/Publishing verification results back to the Pact Broker/.test(output))
    return [toResult('pact', name, { status: 'passed' }, 0)];
  return [];
}

type PactRequest = PactSource['interactions'][number];

/**
 * The request Pact sent for an interaction, as the gateway saw it (the id is
 * the provider state's, known only at run time): the replay's exchange with
 * the pact's method and body (every pact request has a body of its own).
 */
function exchangeOf(pact: PactRequest | undefined, sent: readonly Exchange[]): Exchange | undefined {
  if (!pact) return undefined;
  const sameBody = (text: string) => normalised(text) === normalised(pact.body);
  return [...sent].reverse().find((e) => e.method === pact.method && sameBody(e.requestBody));
}

/** The request of a failure: the exchange Pact sent, or where none is found, the pact's own, as written. */
function requestOf(
  pact: PactRequest | undefined,
  exchange: Exchange | undefined,
  context: CheckContext,
): Pick<FailureDetail, 'request' | 'curl'> {
  if (!pact) return {};
  if (exchange) return reproduce(context, sentOf(exchange));
  return { request: `${pact.method} ${pact.path}${pact.body === undefined ? '' : ` ${pact.body}`}` };
}

function normalised(json: string | undefined): string {
  try {
    return JSON.stringify(JSON.parse(json ?? ''));
  } catch {
    return json ?? '';
  }
}
