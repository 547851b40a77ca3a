import { secretValues } from '../contract/credentials';
import { safeLine } from '../shared/safe-text';
import { ExitCode, ProviderUnavailableError } from '../errors';
import { seededInteractionId } from '../provider/store';
import type { CheckContext } from './checks/check';
import { unmet } from './checks/check';
import { CHECK_GROUP_NAMES } from './checks/registry';
import { readPactSource } from './pact/source';
import { startPactReplay, type PactReplay } from './pact/replay';
import { readCurrentName } from './pact/state-handlers';
import { planVerify, type VerifyOptions, type VerifyPlan } from './plan';
import { judgePreflight, type Original } from './preflight';
import { redactorFor, type Redactor } from '../shared/redact';
import { detailLines, progressLine, summaryTable } from './report/console';
import { writeReports } from './report/files';
import { pointerLine, RootCauses } from './report/root-causes';
import { restoreName } from './restore';
import type { CheckResult } from './results';
import { PREFLIGHT } from './results';
import { VerifySession } from './session';
import { decideVerdict } from './verdict';
import { coverageLines, measureCoverage } from './coverage';

/** Where verify writes, and what it reads of its surroundings. */
export interface VerifyIo {
  out(line: string): void;
  env: NodeJS.ProcessEnv;
}

export interface VerifyDeps {
  /** A Pact process already loading (the CLI starts it first) or shared (tests); else one is started here. */
  replay?: PactReplay;
  /** Whether the run ends that process when it is done (a shared one outlives the run). */
  ownsReplay?: boolean;
  /** Aborted when the user interrupts: no further check starts, the name is put back, the reports are written. */
  interrupted?: AbortSignal;
}

/**
 * `verify` as a pipeline: plan (pure) → session (starts what the plan needs)
 * → preflight → the check groups in run order → restore → verdict (pure) →
 * reports. Resolves to the exit code (0 holds, 1 broken, 3 not checkable);
 * bad input throws InputError (exit 2) before anything is sent.
 */
export async function runVerify(options: VerifyOptions, io: VerifyIo, deps: VerifyDeps = {}): Promise<ExitCode> {
  const redact = redactorFor([...secretValues(options.credentials), ...(options.broker?.connection.secrets ?? [])]);
  // One line each: server text inside (a name, a message, Pact's quotes of them) can break no line.
  const out = (line: string) => io.out(safeLine(redact(line)));
  const started = Date.now();

  // Everything that can be wrong with the input is found before a request is sent.
  const plan = planVerify(options, readPactSource(options), seededInteractionId);
  const ownsReplay = deps.replay ? (deps.ownsReplay ?? false) : true;
  const replay = plan.pacts ? (deps.replay ?? startPactReplay(plan.broker?.connection.env)) : undefined;
  const session = await VerifySession.open(plan, replay, ownsReplay);

  const results: CheckResult[] = [];
  const attachments = new Map<string, string>();
  const causes = new RootCauses();
  const report = (result: CheckResult) => {
    results.push(result);
    out(progressLine(result));
    if (result.detail && (result.status === 'failed' || result.status === 'error')) {
      // A cause already shown (one wrong enum value breaks every check that reads a body) is pointed at, not repeated.
      const shownBy = causes.shownBy(result);
      if (shownBy) out(pointerLine(shownBy, result.detail));
      else for (const line of detailLines(result.detail)) out(line);
    }
  };
  const stop = () => void session.stopChecks();
  deps.interrupted?.addEventListener('abort', stop);

  let original: Original | undefined;
  let restore: string | undefined;
  try {
    out(`Verifying ${session.targetLabel}${plan.embedded ? ' (the embedded reference provider)' : ''}`);
    out(
      `  interaction ${plan.interactionId} · checks: ${plan.groups.map((g) => g.name).join(', ')} · ` +
        `timeout ${plan.budget.attemptMs} ms per request`,
    );
    original = await preflight(session, plan, report, redact);
    if (original) {
      out(
        original.via
          ? `  current name ${JSON.stringify(original.name)} (read with ${original.via}); it is put back at the end`
          : `  ${original.unreadable}: it cannot be put back at the end`,
      );
      for (const line of original.surprise ?? []) out(`  ${line}`);
      const readBack = original.via === 'GET';
      const memo = new Map<string, Promise<unknown>>();
      const context: CheckContext = {
        plan,
        target: session.target,
        targetUrl: session.targetUrl,
        original,
        readBack,
        exchanges: () => session.gateway.exchanges,
        transportFailures: () => session.gateway.failures,
        replay: session.replay,
        once: <T>(key: string, make: () => Promise<T>) => {
          if (!memo.has(key)) memo.set(key, make());
          return memo.get(key) as Promise<T>;
        },
        print: out,
        attach: (fileName, text) => attachments.set(fileName, text),
        stopped: () => deps.interrupted?.aborted ?? false,
      };
      for (const group of plan.groups) {
        if (context.stopped()) break;
        out(group.name);
        const reason = unmet(group.needs, context);
        if (reason)
          report({
            group: group.name,
            name: 'every check of the group',
            status: 'skipped',
            durationMs: 0,
            detail: { message: reason },
          });
        else await group.run(context, report);
      }
    }
  } finally {
    deps.interrupted?.removeEventListener('abort', stop);
    await session.stopChecks();
    restore = await restoreName(session.target, original);
    if (restore) out(restore);
    await session.close();
  }

  const verdict = decideVerdict(results, CHECK_GROUP_NAMES, {
    transportCause: session.gateway.failures[0]?.cause,
    interruptedBy: deps.interrupted?.aborted ? (deps.interrupted.reason as NodeJS.Signals) : undefined,
  });
  const coverage = measureCoverage(results, session.gateway.exchanges);
  const files = writeReports(
    {
      target: session.targetLabel,
      interactionId: plan.interactionId,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      checks: results,
      verdict,
      restore,
      coverage,
    },
    { dir: plan.reportDir, redact, attachments, env: io.env },
  );
  out('');
  for (const line of coverageLines(coverage)) out(line);
  out('');
  for (const line of summaryTable(verdict)) out(line);
  out('');
  for (const line of causes.summaryLines()) out(line);
  out(`${verdict.sentence} (exit ${verdict.exitCode})`);
  out(`Reports: ${files.join(', ')}`);
  return verdict.exitCode;
}

/**
 * Reads the interaction's current name before anything changes it. An
 * unreachable target is recorded as a result (the reports then say "not
 * verified"); a wrong setting throws InputError.
 */
async function preflight(
  session: VerifySession,
  plan: VerifyPlan,
  report: (r: CheckResult) => void,
  redact: Redactor,
): Promise<Original | undefined> {
  const started = Date.now();
  const origin = session.targetUrl.origin;
  try {
    const reading = await readCurrentName(session.target).catch((error: Error) => {
      throw new ProviderUnavailableError(
        `Cannot reach the provider at ${origin}: ${session.gateway.failures[0]?.cause ?? error.message}.`,
      );
    });
    return judgePreflight(
      reading,
      {
        baseUrl: session.targetUrl,
        interactionId: plan.interactionId,
        path: session.target.pathOf(),
        credentials: plan.credentials,
        redact,
      },
      session.gateway.failures[0]?.cause,
    );
  } catch (error) {
    if (!(error instanceof ProviderUnavailableError)) throw error;
    // Not a usage error: record it, so the reports say "not verified" rather than nothing.
    report({
      group: PREFLIGHT,
      name: 'reach the provider and read the interaction',
      status: 'error',
      durationMs: Date.now() - started,
      detail: { message: error.message },
    });
    return undefined;
  }
}
