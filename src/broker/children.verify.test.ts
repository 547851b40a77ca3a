/**
 * Every child the suite starts ends with it: the pact binary of `publish`
 * (which holds the broker token) is passed a stop signal and waited for, and
 * the stub server ends even when the command is killed with SIGKILL.
 */
import { execFileSync } from 'node:child_process';
import { listen, type RunningServer } from '../test-support/http-server';
import { alive, gone } from '../test-support/processes';
import { spawnCli } from '../test-support/run-cli';

let silent: RunningServer | undefined;
afterEach(() => silent?.close());

/** Every process below `pid`, children first. */
function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map(Number)
      .filter(Boolean);
  } catch {
    children = [];
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

async function until<T>(value: () => T | undefined, withinMs = 15_000): Promise<T> {
  const end = Date.now() + withinMs;
  for (;;) {
    const got = value();
    if (got !== undefined) return got;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('child processes end with their parent', () => {
  it('publish passes SIGTERM on to the pact binary and waits: nothing keeps talking to the broker', async () => {
    // A broker that accepts and never answers: publish is mid-request when the stop comes.
    silent = await listen(() => undefined);
    const cli = spawnCli(['publish', '--consumer-version', 'v1'], {
      PACT_BROKER_BASE_URL: silent.url,
      PACT_BROKER_TOKEN: 'broker-token-value',
      PACT_BROKER_HTTP_RETRIES: '0',
    });
    const closed = new Promise<number | null>((resolve) => cli.on('close', resolve));
    const children = await until(() => {
      const found = descendants(cli.pid!);
      return found.length >= 2 ? found : undefined; // the guardian and the pact binary
    });
    cli.kill('SIGTERM');
    await closed;
    // By the time publish has ended, its children have too: it waited for them.
    expect(children.filter(alive)).toEqual([]);
  });

  it('stub: the pact stub server ends when the command is killed with SIGKILL', async () => {
    const cli = spawnCli(['stub', '--port', '0']);
    let stdout = '';
    cli.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    await until(() => (/Pact stub server on http/.test(stdout) ? true : undefined));
    const children = descendants(cli.pid!);
    expect(children.length).toBeGreaterThan(0);
    cli.kill('SIGKILL');
    expect(await gone(children)).toBe(true);
  });
});
