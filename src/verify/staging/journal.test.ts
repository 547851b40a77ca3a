import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { journalFile, readJournal, removeJournal, stateDirFrom, writeJournal, type Journal } from './journal';

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'journal-'));
const journal: Journal = {
  target: 'https://staging.example.com',
  interactionId: 'int_1',
  originalName: 'Trip planning — ✓',
  runId: '0123456789ab',
  startedAt: '2026-12-01T10:00:00.000Z',
  pid: 42,
  hostname: 'runner-1',
};

describe('the journal', () => {
  it('is written whole through a temporary file renamed into place, and read back as written', () => {
    const state = dir();
    const file = journalFile(state, journal.target, journal.interactionId);
    writeJournal(file, journal);
    expect(readJournal(file)).toEqual(journal);
    expect(fs.readdirSync(state)).toEqual([path.basename(file)]); // no temporary file left behind
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('has one file per target and interaction', () => {
    const state = dir();
    const files = new Set([
      journalFile(state, 'https://a.example.com', 'int_1'),
      journalFile(state, 'https://a.example.com', 'int_2'),
      journalFile(state, 'https://b.example.com', 'int_1'),
      journalFile(state, 'https://a.example.com/v2', 'int_1'),
    ]);
    expect(files.size).toBe(4);
  });

  it('is absent once removed, and a missing journal is no error', () => {
    const file = journalFile(dir(), journal.target, journal.interactionId);
    expect(readJournal(file)).toBeUndefined();
    writeJournal(file, journal);
    removeJournal(file);
    expect(readJournal(file)).toBeUndefined();
  });

  it('refuses a file that is not a journal, rather than ignoring what may hold the real name', () => {
    const file = journalFile(dir(), journal.target, journal.interactionId);
    fs.writeFileSync(file, '{"something":"else"}');
    expect(() => readJournal(file)).toThrow(/is not a journal of this suite/);
  });

  it('lives in --state-dir, else PROFICIENT_STATE_DIR, else the XDG state folder (never reports/)', () => {
    expect(stateDirFrom('/tmp/flag', { PROFICIENT_STATE_DIR: '/tmp/env' })).toBe('/tmp/flag');
    expect(stateDirFrom(undefined, { PROFICIENT_STATE_DIR: '/tmp/env' })).toBe('/tmp/env');
    expect(stateDirFrom(undefined, { XDG_STATE_HOME: '/xdg', HOME: '/home/u' })).toBe('/xdg/proficient-contract');
    expect(stateDirFrom(undefined, { HOME: '/home/u' })).toBe('/home/u/.local/state/proficient-contract');
  });
});
