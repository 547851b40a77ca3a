/**
 * Against staging, verify leaves no trace: the name it changes is put back
 * when the run passes, when a check fails, and when the run is interrupted.
 */
import { seededInteractionId } from '../provider/store';
import { runCli, spawnCli } from '../test-support/run-cli';
import {
  isInteraction,
  startTamperingProvider,
  type Passing,
  type TamperingProvider,
} from '../test-support/tampering-provider';

const ORIGINAL = 'Quarterly planning — ünïcode ✓';
let provider: TamperingProvider;
let renamedTo: string[];

async function start(tamper: (p: Passing) => void = () => undefined, delayMs = 0) {
  renamedTo = [];
  provider = await startTamperingProvider(
    (passing) => {
      const sent =
        passing.method === 'POST' && passing.requestBody.startsWith('{') ? JSON.parse(passing.requestBody) : {};
      if (typeof sent.name === 'string' && passing.status === 200) renamedTo.push(sent.name);
      tamper(passing);
    },
    undefined,
    delayMs,
  );
  provider.honest.store.seed({ ...provider.honest.store.get(seededInteractionId())!, name: ORIGINAL });
}
afterEach(() => provider.close());

const nameNow = () => provider.honest.store.get(seededInteractionId())!.name;

describe('verify puts the name back', () => {
  it('after a passing run', async () => {
    await start();
    const run = await runCli(['verify', '--base-url', provider.url]);
    expect(run.code).toBe(0);
    expect(renamedTo.filter((n) => n !== ORIGINAL).length).toBeGreaterThan(3); // it did rename, more than once
    expect(nameNow()).toBe(ORIGINAL);
    expect(run.stdout).toContain(`Restored the name ${JSON.stringify(ORIGINAL)}.`);
  });

  it('after a run in which checks fail', async () => {
    await start((p) => isInteraction(p) && (p.body.initial_turn = 'assistant'));
    const run = await runCli(['verify', '--base-url', provider.url]);
    expect(run.code).toBe(1);
    expect(renamedTo.filter((n) => n !== ORIGINAL).length).toBeGreaterThan(3);
    expect(nameNow()).toBe(ORIGINAL);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'when the run is interrupted by %s',
    async (signal) => {
      // Slow answers, so the signal lands in the middle of the renames (behaviour, then the names group).
      await start(undefined, 40);
      const child = spawnCli(['verify', '--base-url', provider.url, '--checks', 'behaviour,names', '--samples', '50']);
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      await new Promise<void>((resolve) =>
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes('the name sent is the name returned')) resolve();
        }),
      );
      expect(nameNow()).not.toBe(ORIGINAL); // interrupted while the name was changed
      child.kill(signal);
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(signal === 'SIGINT' ? 130 : 143);
      expect(stderr).toContain(`Interrupted by ${signal}`);
      expect(nameNow()).toBe(ORIGINAL);
      expect(stdout).toContain(`Restored the name ${JSON.stringify(ORIGINAL)}.`);
      // An interrupted run judged only part of the contract: it says so, never "holds" or "broken".
      expect(stdout).toMatch(
        new RegExp(`Interrupted by ${signal} after \\d+ checks.*: the contract is not verified\\.`),
      );
      expect(stdout).not.toMatch(/The contract holds|The contract is broken/);
    },
    30_000,
  );
});
