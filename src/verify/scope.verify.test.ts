/**
 * A pact file is untrusted input: it cannot steer a request (and the
 * credentials the gateway adds) past the contract, to another operation or
 * another interaction. A pact on disk that tries is refused before anything
 * is sent (exit 2).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACT_FILE } from '../pacticipants';
import { listen, type RunningServer } from '../test-support/http-server';
import { runCli } from '../test-support/run-cli';

let target: RunningServer;
let seen: string[];
beforeEach(async () => {
  seen = [];
  target = await listen((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    response.writeHead(500);
    response.end();
  });
});
afterEach(() => target.close());

/** The committed pact with its first interaction's request changed. */
function pactWith(request: { method: string; path: string; fromProviderState: boolean }): string {
  const pact = JSON.parse(fs.readFileSync(PACT_FILE, 'utf8'));
  const first = pact.interactions[0];
  first.request.method = request.method;
  first.request.path = request.path;
  if (!request.fromProviderState) delete first.request.generators;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scope-pact-')), 'pact.json');
  fs.writeFileSync(file, JSON.stringify(pact));
  return file;
}

describe('a pact that reaches past the contract', () => {
  it.each([
    [
      { method: 'DELETE', path: '/agents/ag_1', fromProviderState: false },
      /outside this contract: DELETE \/agents\/ag_1/,
    ],
    [
      { method: 'POST', path: '/interactions/int_someone_elses', fromProviderState: false },
      /interaction "int_someone_elses" is not the run's interaction/,
    ],
  ])('is refused before anything is sent (exit 2): %o', async (request, says) => {
    const run = await runCli([
      'verify',
      '--base-url',
      target.url,
      '--interaction-id',
      'int_1',
      '--pacts',
      pactWith(request),
      '--checks',
      'pact',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(says);
    expect(run.stderr).toMatch(/fromProviderState/);
    expect(seen).toEqual([]);
  });
});
