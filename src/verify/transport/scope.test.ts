import { idThatCannotExist, outsideScope, pactRequestOutsideScope, runScope } from './scope';

const RUN = '0123456789ab';
const scope = runScope('int_1', RUN);
const refused = (method: string, target: string) => outsideScope(scope, method, target);

describe("the gateway's scope: only what the contract names, for the run's interaction", () => {
  it('reads the operations from contracts/openapi.json', () => {
    expect(scope.operations).toEqual(
      expect.arrayContaining([
        { method: 'POST', template: '/interactions/{interaction_id}' },
        { method: 'GET', template: '/interactions/{interaction_id}' },
      ]),
    );
  });

  it("lets the documented operations through for the run's interaction and the run's own unknown ids", () => {
    expect(refused('POST', '/interactions/int_1')).toBeUndefined();
    expect(refused('GET', '/interactions/int_1')).toBeUndefined();
    expect(refused('POST', `/interactions/${idThatCannotExist(RUN)}`)).toBeUndefined();
    expect(refused('POST', `/interactions/${encodeURIComponent('int_1')}`)).toBeUndefined();
  });

  it('refuses another operation, path or interaction, naming it', () => {
    expect(refused('DELETE', '/agents/ag_1')).toMatch(/^outside this contract: DELETE \/agents\/ag_1; not sent/);
    expect(refused('DELETE', '/interactions/int_1')).toMatch(/^outside this contract: DELETE \/interactions\/int_1/);
    expect(refused('POST', '/interactions/int_2')).toMatch(/interaction "int_2" is not the run's interaction/);
    expect(refused('POST', '/interactions/int_1/messages')).toMatch(/the contract documents/);
    expect(refused('POST', `/interactions/${idThatCannotExist('ba9876543210')}`)).toMatch(/not the run's/);
  });

  it('refuses what could lead elsewhere: absolute URLs, queries, dot segments, encoded slashes', () => {
    expect(refused('POST', 'http://evil.example.com/interactions/int_1')).toMatch(/not a path under the target/);
    expect(refused('POST', '/interactions/int_1?admin=1')).toMatch(/names no query/);
    expect(refused('POST', '/interactions/..')).toMatch(/outside this contract/);
    expect(refused('POST', '/interactions/int_1%2F..%2Fint_2')).toMatch(/outside this contract/);
    expect(refused('POST', '/interactions/%E0%A4%A')).toMatch(/outside this contract/);
  });

  it('keeps a long request-target short in its reason', () => {
    expect(refused('POST', `/${'x'.repeat(10_000)}`)!.length).toBeLessThan(400);
  });

  it("judges a pact's request before the run: by operation where a provider state gives the id", () => {
    const judge = (method: string, path: string, idFromProviderState: boolean) =>
      pactRequestOutsideScope(scope, { method, path, idFromProviderState });
    expect(judge('POST', '/interactions/int_example', true)).toBeUndefined();
    expect(judge('post', '/interactions/int_1', false)).toBeUndefined();
    expect(judge('POST', '/interactions/int_example', false)).toMatch(/"int_example" is not the run's interaction/);
    expect(judge('DELETE', '/agents/ag_1', true)).toMatch(/^outside this contract: DELETE \/agents\/ag_1/);
  });
});
