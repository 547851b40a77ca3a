import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ENV } from '../../config';

/**
 * What a run found on the target before it changed anything, kept on disk
 * until the name is confirmed back: a run that is killed (kill -9, a runner
 * out of memory) leaves it behind, and the next run or `restore` puts the
 * name back from it.
 */
export interface Journal {
  /** The target as the run addressed it: origin and path prefix. */
  target: string;
  interactionId: string;
  /** The name the interaction had before the run's first change. */
  originalName: string;
  runId: string;
  startedAt: string;
  /** Which process wrote it, for the message that names a live holder. */
  pid: number;
  hostname: string;
}

/** Where one target's interaction keeps its journal and its lock: one file name per target and interaction. */
export function stateKey(target: string, interactionId: string): string {
  return createHash('sha256').update(`${target}\n${interactionId}`).digest('hex').slice(0, 24);
}

/** The state folder: the flag, PROFICIENT_STATE_DIR, or the XDG state folder of this user. */
export function stateDirFrom(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return path.resolve(flag);
  if (env[ENV.stateDir]) return path.resolve(env[ENV.stateDir]!);
  const base = env.XDG_STATE_HOME || path.join(env.HOME || os.homedir(), '.local', 'state');
  return path.join(base, 'proficient-contract');
}

/** The journal file of a target's interaction. */
export function journalFile(stateDir: string, target: string, interactionId: string): string {
  return path.join(stateDir, `journal-${stateKey(target, interactionId)}.json`);
}

/**
 * Writes the journal durably: to a temporary file, flushed to disk, renamed
 * into place, and the folder flushed, so that it survives kill -9 and power
 * loss whole or not at all, never half-written.
 */
export function writeJournal(file: string, journal: Journal): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temporary, 'w', 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify(journal, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
  syncFolder(path.dirname(file));
}

/** The journal left at this file, if any; one that cannot be read is an error to show, not a journal to ignore. */
export function readJournal(file: string): Journal | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const journal = JSON.parse(text) as Partial<Journal>;
  if (typeof journal.originalName !== 'string' || typeof journal.runId !== 'string') {
    throw new Error(`${file} is not a journal of this suite (no originalName or runId)`);
  }
  return journal as Journal;
}

/** Removes the journal once the name is confirmed back. */
export function removeJournal(file: string): void {
  fs.rmSync(file, { force: true });
  syncFolder(path.dirname(file));
}

function syncFolder(folder: string): void {
  try {
    const fd = fs.openSync(folder, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some file systems cannot flush a folder; the rename is still atomic there.
  }
}
