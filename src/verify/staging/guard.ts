import { NotVerifiedError } from '../../errors';
import { journalFile, readJournal, removeJournal, stateKey, writeJournal, type Journal } from './journal';
import { acquireLock, LockHeldError, type LockHolder } from './lock';
import os from 'node:os';
import path from 'node:path';

// A second run on this machine waits this long for the first to finish before it gives up (exit 3).
const LOCK_WAIT_MS = 30_000;

/**
 * What keeps one run's changes to a shared interaction safe on this
 * machine: a lock that one run at a time holds, and a journal that records
 * the original name before the first change and is removed only once the
 * name is confirmed back.
 */
export class StagingGuard {
  readonly journalFile: string;
  private readonly lockFile: string;
  private release?: () => void;

  constructor(private readonly where: { stateDir: string; target: string; interactionId: string; runId: string }) {
    this.journalFile = journalFile(where.stateDir, where.target, where.interactionId);
    this.lockFile = path.join(where.stateDir, `lock-${stateKey(where.target, where.interactionId)}.json`);
  }

  /** Takes the lock, waiting for another run on this machine at most `waitMs`; else not verified (exit 3). */
  async lock(say: (line: string) => void, waitMs = LOCK_WAIT_MS): Promise<void> {
    try {
      this.release = await acquireLock(this.lockFile, this.where.runId, waitMs, {
        onWait: (holder) =>
          say(
            `  waiting up to ${waitMs / 1000} s for ${holder ? holderText(holder) : 'another run'} ` +
              'to finish with this interaction',
          ),
      });
    } catch (error) {
      if (!(error instanceof LockHeldError)) throw error;
      throw new NotVerifiedError(
        `Interaction ${this.where.interactionId} on ${this.where.target}: ${error.message}. Nothing was changed.`,
        `Run again when it has finished; a lock whose process is gone is taken over by itself (${this.lockFile}).`,
      );
    }
  }

  /** An earlier run's journal that was never finished (that run was killed before the name was back). */
  unfinished(): Journal | undefined {
    try {
      return readJournal(this.journalFile);
    } catch (error) {
      throw new NotVerifiedError(
        `The journal ${this.journalFile} cannot be read: ${(error as Error).message}.`,
        'It may hold the real name of the interaction: read it, put the name back by hand (restore --name), ' +
          'then remove the file.',
      );
    }
  }

  /** Records the original durably, before the run changes anything. */
  record(originalName: string): void {
    writeJournal(this.journalFile, {
      target: this.where.target,
      interactionId: this.where.interactionId,
      originalName,
      runId: this.where.runId,
      startedAt: new Date().toISOString(),
      pid: process.pid,
      hostname: os.hostname(),
    });
  }

  /** The name is confirmed back (or someone else's stands): the journal has done its job. */
  finish(): void {
    removeJournal(this.journalFile);
  }

  unlock(): void {
    this.release?.();
    this.release = undefined;
  }
}

function holderText(holder: LockHolder): string {
  return `run ${holder.runId} (process ${holder.pid} on ${holder.hostname})`;
}
