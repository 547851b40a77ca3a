import { verifierBrokerOptions } from '../../broker/settings';
import { bounded } from '../../shared/safe-text';
import type { CheckResult, FailureDetail } from '../results';
import type { ReplayOutcome } from '../pact/replay';
import type { PactSource } from '../pact/source';
import type { CheckContext, CheckGroup, CheckOutcome } from './check';
import { markOf, notJudgedIfNotSent, toResult, type RunMark } from './group-of-checks';
import { nameRecorded, pacts } from './preconditions';
import type { Exchange } from '../transport/gateway';
import { needsMarkers, sentOf, settleOnProbeName } from './renames';
import { isUnknownIdPath } from '../transport/scope';

/** The file Pact's own output is kept in, beside the reports. */
const PACT_OUTPUT_FILE = 'pact-output.txt';
// A request line shows this much of a pact's own body.
const BODY_SHOWN = 120;

/** Its results: one per interaction, one when Pact could not run, one for publishing the results. */
const CHECKS = {
  interaction: { id: 'pact.interaction', group: 'pact', promise: 'pacts' },
  replay: { id: 'pact.replay', group: 'pact', promise: 'pacts' },
  publish: { id: 'pact.publish', group: 'pact' },
} as const;

/**
 * The pacts, replayed by Pact's own Verifier through the gateway: one result
 * per interaction. Pact runs in a child process started when the run began,
 * so it loads while the live checks run; this group waits for it.
 */
export const pact = {
  name: 'pact',
  replaysPacts: true,
  summary: "replays every interaction in the pacts with Pact's Verifier (provider states answer the target's real id)",
  order: 30,
  needs: [pacts, nameRecorded],
  checks: Object.values(CHECKS),
  attaches: [PACT_OUTPUT_FILE],
  async run(context, report) {
    const { settings } = context;
    const before = markOf(context);
    context.print(`  replaying ${settings.pacts!.label}`);
    const replay = await context.replay!.replay(
      {
        gatewayUrl: context.target.gatewayUrl,
        callerToken: settings.callerToken,
        runId: settings.runId,
        // On a shared target every interaction starts from a marked name: a pact's example name stands
        // only between its own request and the next state, never through the whole replay.
        state: context.readBack && !needsMarkers(context) ? 'read' : 'set',
        pactFiles: settings.pacts!.files,
        interactionId: context.target.interactionId,
        budget: settings.budget,
        logLevel: settings.logLevel,
        broker: settings.broker && verifierBrokerOptions(settings.broker),
      },
      settings.replayDeadlineMs,
    );
    context.attach(PACT_OUTPUT_FILE, replay.output);
    if (settings.logLevel === 'debug' || settings.logLevel === 'trace') {
      for (const line of replay.output.split('\n')) context.print(`    | ${line}`);
    }
    // The pacts' own names carry no marker: the interaction goes back to a marked one before the next group.
    await settleOnProbeName(context);
    for (const result of resultsOf(replay, context, before)) report(result);
  },
} as const satisfies CheckGroup;

function resultsOf(replay: ReplayOutcome, context: CheckContext, before: RunMark): CheckResult[] {
  const sent = context.exchanges().slice(before.exchanges);
  const pacts = new Map(context.settings.pacts!.interactions.map((i) => [i.description, i]));
  const named = (description: string) => ({ ...CHECKS.interaction, name: description });
  const results: CheckResult[] = replay.interactions.map((interaction) => {
    // Pact passed the run although this failed: the pact is pending, its failure must not fail the build.
    if (!interaction.ok && replay.passed) {
      const why = interaction.mismatches[0]?.message ?? 'see the Pact output';
      return toResult(
        named(interaction.description),
        {
          status: 'skipped',
          reason: `pending pact: it fails (${why}), which does not fail the build until it is verified once`,
        },
        interaction.durationMs,
      );
    }
    const written = pacts.get(interaction.description);
    const exchange = exchangeOf(written, sent, context.settings.runId) ?? refusalOf(written, sent);
    // The gateway answered it itself (refused it, or the target gave none): whatever Pact concluded, not judged.
    if (exchange && unanswered(exchange))
      return toResult(named(interaction.description), notSent(exchange), interaction.durationMs);
    const [first, ...rest] = interaction.mismatches;
    const outcome = interaction.ok
      ? ({ status: 'passed' } as const)
      : ({
          status: 'failed',
          detail: {
            message: [
              first?.message ?? 'Pact reported a failure',
              ...rest.map((m) => `${m.path ? `${m.path}: ` : ''}${m.message}`),
            ].join('; '),
            ...requestOf(written, exchange),
            path: first?.path,
            expected: first?.expected,
            actual: first?.actual,
          },
        } as const);
    // Judged on a real answer from the target: a transport failure elsewhere in the replay does not undo that.
    const answered = exchange?.status !== undefined && !exchange.failure;
    return toResult(
      named(interaction.description),
      answered ? outcome : notJudgedIfNotSent(outcome, context, before),
      interaction.durationMs,
    );
  });
  // Pact could not run (a pact that would not load, a broker that would not answer): the provider was not judged.
  if (replay.crashed) {
    const transport = context.transportFailures()[before.failures];
    results.push(
      toResult(
        { ...CHECKS.replay, name: replay.interactions.length ? 'load every pact' : 'replay the pacts' },
        { status: 'error', detail: { message: transport?.cause ?? replay.crashed } },
        0,
      ),
    );
  }
  return [...results, ...publishingOutcome(replay.output, context)];
}

/** Pact publishes results on its own and only logs a failure: make it a result people see. */
function publishingOutcome(output: string, context: CheckContext): CheckResult[] {
  const publish = context.settings.broker?.publish;
  if (!publish) return [];
  const check = {
    ...CHECKS.publish,
    name: `publish the verification results (provider version ${publish.providerVersion})`,
  };
  const failure = /Publishing of verification results failed with an error: (.*)/.exec(output);
  if (failure) return [toResult(check, { status: 'error', detail: { message: failure[1].trim() } }, 0)];
  if (/Publishing verification results back to the Pact Broker/.test(output))
    return [toResult(check, { status: 'passed' }, 0)];
  return [];
}

type PactRequest = PactSource['interactions'][number];

/**
 * The request Pact sent for an interaction, as the gateway saw it (the id is
 * the provider state's, known only at run time): the replay's exchange with
 * the pact's method and body (every pact request has a body of its own).
 */
function exchangeOf(pact: PactRequest | undefined, sent: readonly Exchange[], runId: string): Exchange | undefined {
  if (!pact) return undefined;
  const sameBody = (text: string) => normalised(text) === normalised(pact.body);
  // Two GETs have the same (no) body: the one for "no such interaction" went to one of the run's made-up ids.
  const sameTarget = (path: string) => isUnknownIdPath(path, runId) === Boolean(pact.unknownId);
  return [...sent].reverse().find((e) => e.method === pact.method && sameBody(e.requestBody) && sameTarget(e.path));
}

/**
 * The gateway's refusal of an interaction's request (never sent to the
 * target): a recorded exchange with a failure and no answer, for the pact's
 * method and its path but maybe the last segment (a provider state puts the
 * real id there). Its body may not have been read, so it is not matched by body.
 */
function refusalOf(pact: PactRequest | undefined, sent: readonly Exchange[]): Exchange | undefined {
  if (!pact) return undefined;
  const folder = (path: string) => path.split(/[?#]/)[0].replace(/[^/]*$/, '');
  return sent.find((e) => unanswered(e) && e.method === pact.method && folder(e.path) === folder(pact.path));
}

/** The gateway answered it itself (refused it, or the target gave none): the target was not judged on it. */
function unanswered(exchange: Exchange): boolean {
  return exchange.refused !== undefined || (exchange.failure !== undefined && exchange.status === undefined);
}

/**
 * What an unanswered request means: nothing was judged. A request outside
 * the contract is the pact's business, not the provider's (skipped); any other
 * (a body over --max-body-mib, a target that gave no answer) left the check
 * undecided (not checked).
 */
function notSent(unanswered: Exchange): CheckOutcome {
  if (unanswered.refused) return { status: 'skipped', reason: unanswered.refused };
  const { cause, request } = unanswered.failure!;
  return { status: 'error', detail: { message: cause, request } };
}

/** The request of a failure: the exchange Pact sent, or where none is found, the pact's own, as written. */
function requestOf(
  pact: PactRequest | undefined,
  exchange: Exchange | undefined,
): Pick<FailureDetail, 'request' | 'sent'> {
  if (exchange) return { sent: sentOf(exchange) };
  if (!pact) return {};
  const body = pact.body === undefined ? '' : ` ${bounded(pact.body, BODY_SHOWN)}`;
  return { request: `${pact.method} ${bounded(pact.path, BODY_SHOWN)}${body} (as the pact writes it)` };
}

function normalised(json: string | undefined): string {
  try {
    return JSON.stringify(JSON.parse(json ?? ''));
  } catch {
    return json ?? '';
  }
}
