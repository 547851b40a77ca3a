import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Who holds a lock, as its file says. */
export interface LockHolder {
  pid: number;
  hostname: string;
  runId: string;
  since: string;
}

/** The lock of another run that did not let go within the wait. */
export class LockHeldError extends Error {
  constructor(
    readonly holder: LockHolder | undefined,
    waitedMs: number,
  ) {
    super(
      holder
        ? `another run holds the lock on this interaction: run ${holder.runId}, process ${holder.pid} on ` +
            `${holder.hostname}, since ${holder.since} (waited ${waitedMs} ms)`
        : `another run holds the lock on this interaction (waited ${waitedMs} ms)`,
    );
  }
}

// How often a waiting run looks again.
const POLL_MS = 100;
// A lock file nobody could read for this long was left half-written by a killed writer.
const UNREADABLE_STALE_MS = 10_000;

/**
 * An advisory lock per target and interaction, for runs on one machine: the
 * file is created exclusively and names its holder. A holder on this host
 * whose process is gone (killed) left a stale lock, which is taken over.
 * Resolves to a release function; rejects with LockHeldError after `waitMs`.
 */
export async function acquireLock(
  file: string,
  runId: string,
  waitMs: number,
  options: { isAlive?: (pid: number) => boolean; onWait?: (holder: LockHolder | undefined) => void } = {},
): Promise<() => void> {
  const { isAlive = processAlive, onWait } = options;
  let waiting = false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const mine: LockHolder = { pid: process.pid, hostname: os.hostname(), runId, since: new Date().toISOString() };
  const started = Date.now();
  for (;;) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx', mode: 0o600 });
      return () => releaseLock(file, runId);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(file);
    if (holder === 'gone') continue;
    if (holder ? holder.hostname === mine.hostname && !isAlive(holder.pid) : olderThan(file, UNREADABLE_STALE_MS)) {
      // Killed without letting go: its journal (if any) is what the next run recovers from.
      fs.rmSync(file, { force: true });
      continue;
    }
    const waited = Date.now() - started;
    if (waited >= waitMs) throw new LockHeldError(holder, waited);
    if (!waiting) onWait?.(holder);
    waiting = true;
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, waitMs - waited)));
  }
}

/** Lets go, if the lock is still this run's (a lock taken over as stale is not removed from under its new holder). */
function releaseLock(file: string, runId: string): void {
  const holder = readHolder(file);
  if (holder !== 'gone' && holder?.runId === runId) fs.rmSync(file, { force: true });
}

function readHolder(file: string): LockHolder | undefined | 'gone' {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
  } catch (error) {
    // Removed between our attempt and this read: try again. Half-written (its writer just created it): unknown holder.
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : undefined;
  }
}

function olderThan(file: string, ms: number): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs > ms;
  } catch {
    return false;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
