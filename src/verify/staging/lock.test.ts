import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireLock, LockHeldError } from './lock';

const lockFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lock-')), 'lock.json');

describe('the advisory lock', () => {
  it('is held by one run at a time; the second waits, then names the holder', async () => {
    const file = lockFile();
    const release = await acquireLock(file, 'aaaaaaaaaaaa', 0);
    const second = acquireLock(file, 'bbbbbbbbbbbb', 150);
    await expect(second).rejects.toThrow(LockHeldError);
    await expect(acquireLock(file, 'bbbbbbbbbbbb', 0)).rejects.toThrow(
      new RegExp(`run aaaaaaaaaaaa, process ${process.pid} on ${os.hostname()}`),
    );
    release();
    const next = await acquireLock(file, 'bbbbbbbbbbbb', 0);
    next();
  });

  it('is taken by a waiting run as soon as the holder lets go', async () => {
    const file = lockFile();
    const release = await acquireLock(file, 'aaaaaaaaaaaa', 0);
    setTimeout(release, 50);
    const waitedFor: unknown[] = [];
    const next = await acquireLock(file, 'bbbbbbbbbbbb', 5_000, { onWait: (holder) => waitedFor.push(holder?.runId) });
    expect(waitedFor).toEqual(['aaaaaaaaaaaa']); // said once that it waits, and for whom
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ runId: 'bbbbbbbbbbbb' });
    next();
  });

  it("is taken over when its holder's process on this host is gone (killed)", async () => {
    const file = lockFile();
    fs.writeFileSync(file, JSON.stringify({ pid: 999_999, hostname: os.hostname(), runId: 'dead', since: 'x' }));
    const release = await acquireLock(file, 'aaaaaaaaaaaa', 0, { isAlive: (pid) => pid !== 999_999 });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ runId: 'aaaaaaaaaaaa' });
    release();
  });

  it("is never taken over from a live holder, nor from another host's", async () => {
    const file = lockFile();
    fs.writeFileSync(file, JSON.stringify({ pid: 999_999, hostname: 'another-host', runId: 'far', since: 'x' }));
    await expect(acquireLock(file, 'aaaaaaaaaaaa', 0, { isAlive: () => false })).rejects.toThrow(/run far/);
  });

  it('is released only by its own holder', async () => {
    const file = lockFile();
    const stale = await acquireLock(file, 'aaaaaaaaaaaa', 0);
    // Another run took it over (the first one's process looked dead) ...
    fs.writeFileSync(file, JSON.stringify({ pid: process.pid, hostname: os.hostname(), runId: 'new', since: 'x' }));
    stale(); // ... so the first one letting go must not remove it.
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ runId: 'new' });
  });
});
