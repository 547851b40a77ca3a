import { randomBytes } from 'node:crypto';
import { secretValues, type Credentials } from '../contract/credentials';
import { displayPath } from '../contract/json-file';
import { ExitCode, NotVerifiedError } from '../errors';
import { redactorFor } from '../shared/redact';
import { safeLine } from '../shared/safe-text';
import { putNameBack } from './restore';
import { targetLabelOf } from './session';
import { StagingGuard } from './staging/guard';
import { newRunId } from './staging/marker';
import { readCurrentName } from './staging/read-name';
import type { RequestBudget } from './transport/budget';
import { TargetGateway } from './transport/gateway';
import { runScope } from './transport/scope';
import { TargetConnection } from './transport/target';

export interface RestoreOptions {
  baseUrl: URL;
  interactionId: string;
  /** The name to put back, when the user knows it; else the unfinished journal's. */
  name?: string;
  stateDir: string;
  credentials: Credentials;
  budget: RequestBudget;
  maxBodyBytes: number;
}

/**
 * `restore`: puts back what an interrupted or killed verify left changed,
 * from the run's journal on this machine, or the name given. It holds the
 * same lock as verify, and talks to the target through the same gateway
 * (the same credentials, scope and bounds). Resolves to the exit code: 0 the
 * name is back (or nothing was left to do), 3 it could not be put back.
 */
export async function runRestore(options: RestoreOptions, out: (line: string) => void): Promise<ExitCode> {
  const runId = newRunId();
  const callerToken = randomBytes(24).toString('hex');
  const redact = redactorFor([...secretValues(options.credentials), callerToken]);
  const say = (line: string) => out(safeLine(redact(line)));
  const gateway = new TargetGateway({
    target: options.baseUrl,
    credentials: options.credentials,
    budget: options.budget,
    maxBodyBytes: options.maxBodyBytes,
    scope: runScope(options.interactionId, runId),
    callerToken,
  });
  await gateway.start();
  const label = targetLabelOf(options.baseUrl);
  const guard = new StagingGuard({
    stateDir: options.stateDir,
    target: label,
    interactionId: options.interactionId,
    runId,
  });
  try {
    await guard.lock(say);
    const journal = guard.unfinished();
    const name = options.name ?? journal?.originalName;
    if (name === undefined) {
      say(
        `Nothing to restore: no unfinished run's journal for interaction ${options.interactionId} on ${label} ` +
          `in ${displayPath(options.stateDir)}.`,
      );
      say('  If you know the real name, pass it: restore --name "<the real name>".');
      return ExitCode.Ok;
    }
    if (journal)
      say(`Journal of run ${journal.runId} (started ${journal.startedAt}): the name was ${JSON.stringify(name)}.`);
    const target = new TargetConnection(gateway.url, options.interactionId, options.budget, callerToken);
    const readBack = (await readCurrentName(target, true)).via === 'GET';
    // The journal exists because its run died before the name was confirmed back: what stands now is
    // that run's doing (a probe, or a pact's example name), so it is put back whatever it is.
    const put = await putNameBack(target, name, { readBack });
    say(put.line);
    if (put.back || put.leftToOtherWriter) {
      if (journal) guard.finish();
      return ExitCode.Ok;
    }
    say(
      journal
        ? `  The journal is kept (${displayPath(guard.journalFile)}): run restore again.`
        : '  Run restore again.',
    );
    return ExitCode.ProviderUnavailable;
  } catch (error) {
    if (!(error instanceof NotVerifiedError)) throw error;
    say(`Not restored: ${error.message}`);
    if (error.hint) say(`  ${error.hint}`);
    return ExitCode.ProviderUnavailable;
  } finally {
    guard.unlock();
    await gateway.stop();
  }
}
