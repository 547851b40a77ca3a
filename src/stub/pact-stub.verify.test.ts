/**
 * A mock server made from the pacts, proven honest: `verify` holds Pact's
 * stub server to the contract's shape, and names the behaviour a static stub
 * cannot have.
 */
import { PACT_FILE } from '../pacticipants';
import { runCli } from '../test-support/run-cli';
import { startPactStub, type PactStub } from './pact-stub';

let stub: PactStub;
beforeAll(async () => {
  stub = await startPactStub([PACT_FILE]);
});
afterAll(() => stub.close());

describe("Pact's stub server on pacts/", () => {
  it("keeps the contract's shape: verify --checks pact,schema exits 0", async () => {
    const run = await runCli(['verify', '--base-url', stub.url, '--checks', 'pact,schema']);
    expect(run.stdout).toMatch(/The contract holds/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/pact +6 +0 +0 +0/);
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
    expect(run.stdout).toMatch(
      /- behaviour › the change persisted: a read-back equals .* \(skipped: the target does not answer GET/,
    );
    expect(run.stdout).toMatch(/persistence not judged \(skipped\): the target does not answer GET/);
  });
});
