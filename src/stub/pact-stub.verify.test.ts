/**
 * A mock server made from the pacts, proven honest: `verify` holds Pact's
 * stub server to the contract's shape, and names the behaviour a static stub
 * cannot have.
 */
import { PACT_FILE } from '../pacticipants';
import { runCli, spawnCli } from '../test-support/run-cli';
import { startPactStub, type PactStub } from './pact-stub';

let stub: PactStub;
beforeAll(async () => {
  stub = await startPactStub([PACT_FILE]);
});
afterAll(() => stub.close());

describe("Pact's stub server on pacts/", () => {
  it("keeps the contract's shape but for what a static stub cannot know: a GET of an unknown id", async () => {
    const run = await runCli(['verify', '--base-url', stub.url, '--checks', 'pact,schema']);
    // A GET carries no body: the stub answers every GET of the path alike, so the 404 for an unknown id is
    // a miss. And since it is not a target the run owns, verify puts a marked probe name on it before each
    // pact interaction: a rename the pacts do not hold, which the stub answers with an empty 404.
    expect(run.stdout.match(/^ {2}✗ [^(]*/gm)?.map((line) => line.trim())).toEqual([
      '✗ pact › a request to read an interaction that does not exist',
      '✗ schema › every response is JSON',
      '✗ schema › every error response is an ApiError',
    ]);
    expect(run.stdout).toMatch(/request: {2}POST \/interactions\/\S+ \{"name":"contract-suite pact state/);
    expect(run.stdout).toMatch(/pact +7 +1 +0 +0/);
    expect(run.code).toBe(1);
  });

  it('as a static mock (--mock-profile static): no probe names, only the GET it cannot know', async () => {
    const run = await runCli(['verify', '--base-url', stub.url, '--checks', 'pact,schema', '--mock-profile', 'static']);
    expect(run.stdout.match(/^ {2}✗ [^(]*/gm)?.map((line) => line.trim())).toEqual([
      '✗ pact › a request to read an interaction that does not exist',
    ]);
    expect(run.stdout).not.toMatch(/contract-suite (pact state|between checks)/);
    expect(run.code).toBe(1);
  });

  it('cannot apply a rename: the full verify exits 1 and names each behaviour check it fails', async () => {
    const run = await runCli(['verify', '--base-url', stub.url]);
    expect(run.code).toBe(1);
    for (const check of [
      'the name sent is the name returned',
      'the first rename moves updated_at later than the value read before it',
      'the empty name comes back empty',
      'a request without credentials is refused with 403',
    ]) {
      const escaped = check.replace(/[{}()]/g, '\\$&');
      expect(run.stdout).toMatch(new RegExp(`✗ (behaviour|fields|names|errors) › ${escaped}`));
    }
    // It answers GET (the pacts hold one), always with the name it was written with: nothing persists.
    expect(run.stdout).toMatch(
      /✗ behaviour › the change persisted: a read-back equals the answer in every documented field/,
    );
  });
});

describe('stub --host', () => {
  it('listens on the host asked for (127.0.0.1 by default), and answers the pacts there', async () => {
    const cli = spawnCli(['stub', '--port', '0', '--host', '127.0.0.1']);
    let stdout = '';
    const url = await new Promise<string>((resolve) =>
      cli.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        const started = /Pact stub server on (http:\/\/127\.0\.0\.1:\d+),/.exec(stdout);
        if (started) resolve(started[1]);
      }),
    );
    const answer = await fetch(`${url}/interactions/int_53mfKtX0Da6zaJCp5bNnzxDaEg1xptWvQDr2`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(answer.status).toBe(200);
    const closed = new Promise((resolve) => cli.on('close', resolve));
    cli.kill('SIGTERM');
    expect(await closed).toBe(0);
  });

  it('says which address it cannot listen on (exit 2)', async () => {
    const run = await runCli(['stub', '--port', '0', '--host', '192.0.2.1']);
    expect(run.stderr).toContain('error: stub cannot listen on 192.0.2.1:0 (EADDRNOTAVAIL).');
    expect(run.code).toBe(2);
  });
});
