/**
 * Safe on a shared staging: whatever happens to a run (killed with SIGKILL at
 * any moment, overlapped by another run, interrupted twice, a target without
 * GET, a restore that fails) the interaction's original name survives, no
 * child process outlives the run, and no run that left staging changed is green.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seededInteractionId } from '../provider/store';
import { runCli, spawnCli, tempReportDir } from '../test-support/run-cli';
import { startTamperingProvider, type Passing, type TamperingProvider } from '../test-support/tampering-provider';
import { probeRunOf } from './staging/marker';
import { gone } from '../test-support/processes';

const ORIGINAL = 'Quarterly planning — ünïcode ✓';
const ID = seededInteractionId();
let provider: TamperingProvider;
let stateDir: string;
let children: ChildProcess[] = [];

type Before = Parameters<typeof startTamperingProvider>[1];

async function start(before?: Before, delayMs = 0, tamper: (p: Passing) => void = () => undefined) {
  provider = await startTamperingProvider(tamper, before, delayMs);
  provider.honest.store.seed({ ...provider.honest.store.get(ID)!, name: ORIGINAL });
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'contract-state-'));
}
afterEach(async () => {
  for (const child of children) child.kill('SIGKILL');
  children = [];
  await provider.close();
});

const nameNow = () => provider.honest.store.get(ID)!.name;
const env = (dir = stateDir) => ({ PROFICIENT_STATE_DIR: dir });
const verify = (...args: string[]) => runCli(['verify', '--base-url', provider.url, ...args], env());

/** The CLI in a process of its own (for signals and SIGKILL), with its output collected as it comes. */
function spawnVerify(args: string[], dir = stateDir) {
  const child = spawnCli(['verify', '--base-url', provider.url, '--report-dir', tempReportDir(), ...args], env(dir));
  children.push(child);
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const closed = new Promise<number | null>((resolve) =>
    child.on('close', (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
  return { child, output, closed };
}

/** Resolves once the run has printed this. */
function progressed(run: ReturnType<typeof spawnVerify>, text: string): Promise<void> {
  return new Promise((resolve) => run.child.stdout!.on('data', () => run.output.stdout.includes(text) && resolve()));
}

/** The request body's name, for hooks that act when a given kind of request arrives. */
const sentName = (body: string): unknown => (body.startsWith('{') ? JSON.parse(body).name : undefined);

/** The processes a run started (its Pact worker, guardians), read before it is killed. */
function childPids(pid: number): number[] {
  try {
    const out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
    return out.split('\n').map(Number).filter(Boolean);
  } catch {
    return [];
  }
}
describe('a run killed with SIGKILL loses nothing', () => {
  it('mid-checks: the next run puts the name back from the journal first, says so, then goes on', async () => {
    let run: ReturnType<typeof spawnVerify>;
    let renames = 0;
    await start((request, body) => {
      // The third rename of the run: well inside the checks, the name is a probe now.
      if (request.method === 'POST' && typeof sentName(body) === 'string' && ++renames === 3) run.child.kill('SIGKILL');
      return undefined;
    });
    run = spawnVerify(['--checks', 'behaviour,names']);
    await run.closed;
    expect(probeRunOf(nameNow())).toBeDefined(); // killed while a probe name was on the interaction
    const next = await verify('--checks', 'behaviour');
    expect(next.stdout).toMatch(/recovered: run [0-9a-f]{12} \(started .*\) did not finish; Restored the name/);
    expect(next.stdout).toContain(`current name ${JSON.stringify(ORIGINAL)} (read with GET`);
    expect(next.code).toBe(0);
    expect(nameNow()).toBe(ORIGINAL);
    expect(fs.readdirSync(stateDir).filter((f) => f.startsWith('journal-'))).toEqual([]);
  });

  it('mid-replay: restore puts the name back, and the Pact worker dies with its parent', async () => {
    let run: ReturnType<typeof spawnVerify>;
    let workers: number[] = [];
    await start((_request, body) => {
      if (sentName(body) === 'Trip planning') {
        workers = childPids(run.child.pid!);
        run.child.kill('SIGKILL');
      }
      return undefined;
    });
    run = spawnVerify(['--checks', 'pact']);
    await run.closed;
    expect(workers.length).toBeGreaterThan(0);
    expect(await gone(workers)).toBe(true);
    const restore = await runCli(['restore', '--base-url', provider.url, '--interaction-id', ID], env());
    expect(restore.stdout).toMatch(
      new RegExp(`Journal of run [0-9a-f]{12} .*the name was ${JSON.stringify(ORIGINAL)}`),
    );
    expect(restore.code).toBe(0);
    expect(nameNow()).toBe(ORIGINAL);
    const again = await runCli(['restore', '--base-url', provider.url, '--interaction-id', ID], env());
    expect(again.stdout).toMatch(/^Nothing to restore: no unfinished run's journal/);
  });

  it('mid-restore, and before the first change: the original survives both', async () => {
    let run: ReturnType<typeof spawnVerify>;
    let kill = (_method: string, _name: unknown) => false;
    await start((request, body) => {
      if (kill(request.method!, sentName(body))) run.child.kill('SIGKILL');
      return undefined;
    });
    // Before the first change: at the first read.
    kill = (method) => method === 'GET';
    run = spawnVerify(['--checks', 'behaviour']);
    await run.closed;
    expect(nameNow()).toBe(ORIGINAL);
    // Mid-restore: as the name is being put back.
    kill = (method, name) => method === 'POST' && name === ORIGINAL;
    run = spawnVerify(['--checks', 'behaviour']);
    await run.closed;
    kill = () => false;
    const next = await verify('--checks', 'behaviour');
    expect(next.code).toBe(0);
    expect(nameNow()).toBe(ORIGINAL);
  });
});

describe('runs that overlap', () => {
  it('on one machine, together or staggered: the second waits for the lock; the original survives', async () => {
    // Staggered: the first run's first rename is held until the second run says it waits for the lock.
    let second: ReturnType<typeof spawnVerify> | undefined;
    let held = false;
    await start(async (request, body) => {
      if (held || request.method !== 'POST' || typeof sentName(body) !== 'string') return undefined;
      held = true;
      second = spawnVerify(['--checks', 'behaviour']);
      await progressed(second, 'waiting up to 30 s for run');
      return undefined;
    });
    const first = spawnVerify(['--checks', 'behaviour']);
    expect(await first.closed).toBe(0);
    expect(await second!.closed).toBe(0);
    expect(second!.output.stdout).toMatch(/waiting up to 30 s for run [0-9a-f]{12} \(process \d+ on /);
    expect(nameNow()).toBe(ORIGINAL);
    // Together: whichever takes the lock first, both hold and the original survives.
    held = true;
    const [a, b] = [spawnVerify(['--checks', 'behaviour']), spawnVerify(['--checks', 'behaviour'])];
    expect(await Promise.all([a.closed, b.closed])).toEqual([0, 0]);
    expect(nameNow()).toBe(ORIGINAL);
  });

  it("on another machine: a run that finds another run's probe name changes nothing and is not verified", async () => {
    let other: Promise<Awaited<ReturnType<typeof runCli>>> | undefined;
    let run: ReturnType<typeof spawnVerify>;
    await start((request, body) => {
      // While the first run's probe name is on the interaction, a run from another machine (its own state) starts.
      if (!other && request.method === 'POST' && probeRunOf(String(sentName(body))) !== undefined) {
        other = new Promise((resolve) => setTimeout(resolve, 20)).then(() =>
          runCli(
            ['verify', '--base-url', provider.url, '--checks', 'behaviour'],
            env(fs.mkdtempSync(path.join(os.tmpdir(), 'elsewhere-'))),
          ),
        );
      }
      return undefined;
    }, 10);
    run = spawnVerify(['--checks', 'behaviour,names', '--samples', '0']);
    expect(await run.closed).toBe(0);
    const found = await other!;
    expect(found.code).toBe(3);
    expect(found.stdout).toMatch(/holds a probe name of contract-suite run [0-9a-f]{12} .*Nothing was changed/);
    expect(found.stdout).toMatch(/restore --name/);
    expect(nameNow()).toBe(ORIGINAL);
  });

  it('started together on two machines: whatever the interleaving, the original survives', async () => {
    await start(undefined, 5);
    const a = spawnVerify(
      ['--checks', 'behaviour,fields,names', '--samples', '0'],
      fs.mkdtempSync(path.join(os.tmpdir(), 'a-')),
    );
    const b = spawnVerify(
      ['--checks', 'behaviour,fields,names', '--samples', '0'],
      fs.mkdtempSync(path.join(os.tmpdir(), 'b-')),
    );
    const codes = await Promise.all([a.closed, b.closed]);
    // A run that met the other says so and is not verified; one that never met it holds.
    for (const [i, run] of [a, b].entries()) {
      if (codes[i] !== 0) expect(run.output.stdout).toMatch(/another writer changed interaction|holds a probe name/);
    }
    expect(nameNow()).toBe(ORIGINAL);
  });
});

describe('signals', () => {
  it('a second SIGINT during the restore is acknowledged, and the name still goes back', async () => {
    let run: ReturnType<typeof spawnVerify>;
    let restoring = false;
    await start((request, body) => {
      if (!restoring && request.method === 'POST' && sentName(body) === ORIGINAL) {
        restoring = true;
        run.child.kill('SIGINT');
      }
      return undefined;
    }, 20);
    run = spawnVerify(['--checks', 'behaviour,names', '--samples', '50']);
    await progressed(run, '✓ behaviour › the name sent is the name returned');
    run.child.kill('SIGINT');
    expect(await run.closed).toBe(130);
    expect(run.output.stderr).toMatch(/SIGINT again: still putting the interaction's name back/);
    expect(nameNow()).toBe(ORIGINAL);
  });

  it('SIGHUP (a closed terminal) stops the run in the same order: restore, then reports', async () => {
    await start(undefined, 20);
    const run = spawnVerify(['--checks', 'behaviour,names', '--samples', '50']);
    await progressed(run, '✓ behaviour › the name sent is the name returned');
    run.child.kill('SIGHUP');
    expect(await run.closed).toBe(129);
    expect(run.output.stdout).toContain(`Restored the name ${JSON.stringify(ORIGINAL)}.`);
    expect(nameNow()).toBe(ORIGINAL);
  });
});

describe('a target without GET', () => {
  const noGet: Before = (request) =>
    request.method === 'GET' ? { status: 405, body: { error: 'no GET' } } : undefined;

  it('is never "read" with a write: its {} clears names, yet its name stays; the run says how to go on', async () => {
    const posts: string[] = [];
    await start(
      (request, body) => {
        if (request.method === 'POST') posts.push(body);
        return noGet(request, body);
      },
      0,
      // The bug the suite exists to catch: {} clears the name.
      (p) => void (p.method === 'POST' && p.requestBody === '{}' && p.status === 200 && (p.body.name = '')),
    );
    const run = await verify();
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/answered HTTP 405, so the current name cannot be recorded.*--current-name/);
    expect(posts).toEqual([]);
    expect(nameNow()).toBe(ORIGINAL);
  });

  it('with --current-name, is judged and gets its name back', async () => {
    await start(noGet);
    const run = await verify('--checks', 'behaviour,fields', '--current-name', ORIGINAL);
    expect(run.stdout).toContain(`current name ${JSON.stringify(ORIGINAL)} (as given`);
    expect(run.stdout).toContain(`Restored the name ${JSON.stringify(ORIGINAL)}.`);
    expect(nameNow()).toBe(ORIGINAL);
  });
});

describe('a restore that fails', () => {
  it('is never green: exit 3, a failed cleanup case in junit.xml, and the journal kept for restore', async () => {
    let failRestore = true;
    await start((request, body) =>
      failRestore && request.method === 'POST' && sentName(body) === ORIGINAL
        ? { status: 500, body: { error: { code: 'unknown', message: 'boom' } } }
        : undefined,
    );
    const run = await verify('--checks', 'behaviour');
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(
      /The contract holds\. But staging is left changed: Could not put the name .* back: HTTP 500/,
    );
    expect(run.stdout).toMatch(/✗ cleanup › leaves no trace: the original name is back/);
    const junit = fs.readFileSync(path.join(run.reportDir, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testcase [^>]*name="leaves no trace: the original name is back"[^>]*>\s*<failure/);
    expect(nameNow()).not.toBe(ORIGINAL);
    failRestore = false;
    const restore = await runCli(['restore', '--base-url', provider.url, '--interaction-id', ID], env());
    expect(restore.code).toBe(0);
    expect(nameNow()).toBe(ORIGINAL);
  });
});
