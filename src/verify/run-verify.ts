import { configuredCredentials, secretValues } from '../contract/credentials';
import { bounded, safeLine } from '../shared/safe-text';
import { ExitCode, NotVerifiedError, ProviderUnavailableError } from '../errors';
import { randomBytes } from 'node:crypto';
import { displayPath } from '../contract/json-file';
import { seededInteractionId } from '../provider/store';
import type { CheckContext } from './checks/check';
import { unmet } from './checks/check';
import { CHECK_GROUP_NAMES, CHECK_GROUPS } from './checks/registry';
import { readPactSource } from './pact/source';
import { startPactReplay, type PactReplay } from './pact/replay';
import { readCurrentName } from './staging/read-name';
import { newRunId } from './staging/marker';
import { StagingGuard } from './staging/guard';
import type { Journal } from './staging/journal';
import { planVerify, type RunIdentity, type VerifyOptions, type VerifyPlan } from './plan';
import { judgePreflight, type Original } from './preflight';
import { redactorFor, type Redactor } from '../shared/redact';
import { detailLines, progressLine, summaryTable } from './report/console';
import { writeReports } from './report/files';
import { presentLine, presentResult } from './report/present';
import { pointerLine, RootCauses } from './report/root-causes';
import { putNameBack, type PutBack } from './restore';
import type { CheckResult } from './results';
import { CLEANUP, PREFLIGHT } from './results';
import { VerifySession } from './session';
import { decideVerdict } from './verdict';
import { coverageLines, measureCoverage } from './coverage';

// The longest line printed: a line about a request or a response stays readable whatever was sent.
const MAX_LINE = 4_000;

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
  const identity = { runId: newRunId(), callerToken: randomBytes(24).toString('hex') };
  const redact = redactorFor([
    ...secretValues(options.credentials),
    ...(options.broker?.connection.secrets ?? []),
    identity.callerToken,
  ]);
  try {
    return await verify(options, io, deps, { identity, redact });
  } catch (error) {
    // The CLI prints it on stderr: it may quote the target (an error code, a Location), so like every line
    // about a response it is redacted, escaped and bounded first.
    if (error instanceof Error) error.message = safeLine(presentLine(error.message, redact));
    throw error;
  }
}

async function verify(
  options: VerifyOptions,
  io: VerifyIo,
  deps: VerifyDeps,
  { identity, redact }: { identity: RunIdentity; redact: Redactor },
): Promise<ExitCode> {
  // One line each: server text inside (a name, a message, Pact's quotes of them) can break no line;
  // redacted first, then escaped, then bounded, whatever the server or the pact sent.
  const out = (line: string) => io.out(bounded(safeLine(redact(line)), MAX_LINE));
  const started = Date.now();

  // Everything that can be wrong with the input is found before a request is sent.
  const plan = planVerify(options, readPactSource(options), seededInteractionId, identity);
  const ownsReplay = deps.replay ? (deps.ownsReplay ?? false) : true;
  const replay = plan.pacts ? (deps.replay ?? startPactReplay(plan.broker?.connection.env)) : undefined;
  const session = await VerifySession.open(plan, replay, ownsReplay);
  // A target the run started itself holds nobody's data: no journal, no lock.
  const guard = plan.disposable
    ? undefined
    : new StagingGuard({
        stateDir: plan.stateDir,
        target: session.targetLabel,
        interactionId: plan.interactionId,
        runId: plan.runId,
      });

  const results: CheckResult[] = [];
  const attachments = new Map<string, string>();
  // The reports write a failure's curl from which credentials are set: their names, never the values.
  const reproduction = {
    targetUrl: session.targetUrl,
    configured: configuredCredentials(plan.credentials),
    redact,
  };
  const causes = new RootCauses();
  const report = (raw: CheckResult) => {
    const result = presentResult(raw, reproduction);
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
  let restore: PutBack | undefined;
  try {
    out(`Verifying ${session.targetLabel}${plan.embedded ? ' (the embedded reference provider)' : ''}`);
    out(
      `  interaction ${plan.interactionId} · checks: ${plan.groups.map((g) => g.name).join(', ')} · ` +
        `timeout ${plan.budget.attemptMs} ms per request · run ${plan.runId}`,
    );
    original = await preflight(session, plan, guard, report, out, redact);
    if (original) {
      out(
        original.via
          ? `  current name ${JSON.stringify(original.name)} ` +
              `(${original.via === 'GET' ? 'read with GET' : 'as given'}` +
              `${guard ? `, recorded in ${displayPath(guard.journalFile)}` : ''}); it is put back at the end`
          : plan.disposable
            ? `  ${original.unreadable}: nothing to put back (the run started this target)`
            : `  ${original.unreadable}: nothing that could change the interaction is sent`,
      );
      for (const line of original.surprise ?? []) out(`  ${line}`);
      const readBack = original.via === 'GET';
      const memo = new Map<string, Promise<unknown>>();
      const context: CheckContext = {
        settings: {
          runId: plan.runId,
          callerToken: plan.callerToken,
          disposable: plan.disposable,
          profile: plan.profile,
          samples: plan.samples,
          logLevel: plan.logLevel,
          budget: plan.budget,
          pacts: plan.pacts,
          replayDeadlineMs: plan.replayDeadlineMs,
          broker: plan.broker?.verification,
        },
        target: session.target,
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
        stopped: () => (deps.interrupted?.aborted ?? false) || session.gateway.otherWriter !== undefined,
      };
      for (const group of plan.groups) {
        if (context.stopped()) break;
        out(group.name);
        const reason = unmet(group.needs, context);
        if (reason)
          report({
            id: group.name,
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
    restore = await restoreOriginal(session, original, guard);
    if (restore) {
      out(restore.line);
      report(cleanupResult(restore, guard));
    }
    guard?.unlock();
    await session.close();
  }

  const otherWriter = session.gateway.otherWriter;
  const verdict = decideVerdict(results, CHECK_GROUP_NAMES, {
    transportCause: session.gateway.failures[0] && presentLine(session.gateway.failures[0].cause, redact),
    interruptedBy: deps.interrupted?.aborted ? (deps.interrupted.reason as NodeJS.Signals) : undefined,
    // It quotes a name the target answered: redacted and bounded like every line about a response.
    otherWriter:
      otherWriter &&
      presentLine(
        `another writer changed interaction ${plan.interactionId} during the run: saw ${otherWriter.seen} ` +
          `(${otherWriter.request}), a name this run did not set`,
        redact,
      ),
    leftChanged: restore && !restore.back && !restore.leftToOtherWriter ? presentLine(restore.line, redact) : undefined,
  });
  const coverage = measureCoverage(results, session.gateway.exchanges);
  const written = writeReports(
    {
      target: session.targetLabel,
      interactionId: plan.interactionId,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      checks: results,
      verdict,
      restore: restore && presentLine(restore.line, redact),
      coverage,
    },
    {
      dir: plan.reportDir,
      redact,
      attachments,
      attachmentNames: CHECK_GROUPS.flatMap((group) => group.attaches ?? []),
      env: io.env,
    },
  );
  out('');
  for (const line of coverageLines(coverage)) out(line);
  out('');
  for (const line of summaryTable(verdict)) out(line);
  out('');
  // A report that could not be written is a warning: the verdict and its exit code stand.
  for (const warning of written.warnings) out(`Warning: ${warning}.`);
  for (const line of causes.summaryLines()) out(line);
  out(`${verdict.sentence} (exit ${verdict.exitCode})`);
  out(`Reports: ${written.files.length > 0 ? written.files.join(', ') : 'none written (see the warnings above)'}`);
  return verdict.exitCode;
}

/**
 * The first contact: the lock, an unfinished journal of this machine put back
 * first, then the interaction's current name read (never adopted when it is a
 * probe name) and recorded before anything changes it. An unreachable target,
 * a lock held too long or another run's probe name is recorded as a result
 * (the reports then say "not verified"); a wrong setting throws InputError.
 */
async function preflight(
  session: VerifySession,
  plan: VerifyPlan,
  guard: StagingGuard | undefined,
  report: (r: CheckResult) => void,
  out: (line: string) => void,
  redact: Redactor,
): Promise<Original | undefined> {
  const started = Date.now();
  const origin = session.targetUrl.origin;
  try {
    await guard?.lock(out);
    const unfinished = guard?.unfinished();
    if (unfinished) await recoverJournal(session, unfinished, guard!, out);
    const reading = await readCurrentName(session.target).catch((error: Error) => {
      throw new ProviderUnavailableError(
        `Cannot reach the provider at ${origin}: ${session.gateway.failures[0]?.cause ?? error.message}.`,
      );
    });
    const original = judgePreflight(
      reading,
      {
        baseUrl: session.targetUrl,
        interactionId: plan.interactionId,
        path: session.target.pathOf(),
        currentName: plan.currentName,
        ownsMock: plan.ownsMock,
        configured: configuredCredentials(plan.credentials),
        redact,
      },
      session.gateway.failures[0]?.cause,
    );
    if (original.via) {
      session.watch.adopt(original.name);
      guard?.record(original.name);
    }
    return original;
  } catch (error) {
    if (!(error instanceof ProviderUnavailableError || error instanceof NotVerifiedError)) throw error;
    // Not a usage error: record it, so the reports say "not verified" rather than nothing.
    const hint = error instanceof NotVerifiedError && error.hint ? ` ${error.hint}` : '';
    report({
      id: `${PREFLIGHT}.read-interaction`,
      group: PREFLIGHT,
      name: 'reach the provider and read the interaction',
      status: 'error',
      durationMs: Date.now() - started,
      detail: { message: `${error.message}${hint}` },
    });
    return undefined;
  }
}

/** An earlier run on this machine was killed before it put the name back: that comes first. */
async function recoverJournal(
  session: VerifySession,
  journal: Journal,
  guard: StagingGuard,
  out: (line: string) => void,
): Promise<void> {
  const put = await putNameBack(session.target, journal.originalName, { readBack: true });
  if (!put.back) {
    throw new NotVerifiedError(
      `An unfinished run's journal (run ${journal.runId}, started ${journal.startedAt}) holds the name ` +
        `${JSON.stringify(journal.originalName)}, and it could not be put back: ${put.line}`,
      `The journal is kept (${guard.journalFile}): run restore when the target answers again.`,
    );
  }
  guard.finish();
  out(
    `  recovered: run ${journal.runId} (started ${journal.startedAt}) did not finish; ` +
      `${put.line.replace(/\.$/, '')} from its journal`,
  );
}

/** Puts the original back, if the run recorded one; the journal goes once the name is confirmed back. */
async function restoreOriginal(
  session: VerifySession,
  original: Original | undefined,
  guard: StagingGuard | undefined,
): Promise<PutBack | undefined> {
  if (!original?.via) return undefined; // nothing was sent that could change it
  const put = await putNameBack(session.target, original.name, {
    readBack: original.via === 'GET',
    isOwn: (name) => session.watch.isOwn(name),
  });
  if (put.back || put.leftToOtherWriter) guard?.finish();
  return put;
}

/** "Leaves no trace", as a case in every report: judged apart from the contract's verdict. */
function cleanupResult(put: PutBack, guard: StagingGuard | undefined): CheckResult {
  const kept = guard ? ` The journal ${displayPath(guard.journalFile)} keeps the original.` : '';
  return {
    id: `${CLEANUP}.name-back`,
    group: CLEANUP,
    name: 'leaves no trace: the original name is back',
    // Someone else's name stands: the run put nothing back, so this case judged nothing.
    status: put.back ? 'passed' : put.leftToOtherWriter ? 'skipped' : 'failed',
    durationMs: 0,
    detail: put.back
      ? undefined
      : {
          message: put.leftToOtherWriter
            ? put.line
            : `${put.line} Staging is left changed: run restore with the same settings.${kept}`,
        },
  };
}
