import type { GatewayConnection, RawResponse } from './transport/gateway-connection';
import { putNameBack } from './restore';

/** A target that answers from a script of responses, recording what was sent. */
function scripted(...answers: (Partial<RawResponse> | Error)[]) {
  const sent: string[] = [];
  const target = {
    pathOf: () => '/interactions/int_1',
    raw: async (method: string, path: string, options: { body?: string }) => {
      sent.push(`${method} ${path}${options.body ? ` ${options.body}` : ''}`);
      const next = answers.shift();
      if (next instanceof Error) throw next;
      return { status: 200, contentType: 'application/json', text: '{}', ...next };
    },
  } as unknown as GatewayConnection;
  return { target, sent };
}
const named = (name: string) => ({ status: 200, text: JSON.stringify({ name }) });
const withGet = { readBack: true };
const PROBE = 'contract-suite check 2026-12-01T00:00:00.000Z [contract-suite run 0123456789ab]';

describe('putting the name back', () => {
  it('sends no rename when the name is already the original (a static stub)', async () => {
    const { target, sent } = scripted(named('Trip planning'));
    expect(await putNameBack(target, 'Trip planning', withGet)).toEqual({
      line: 'The name is unchanged: "Trip planning".',
      back: true,
    });
    expect(sent).toEqual(['GET /interactions/int_1']);
  });

  it('renames back and confirms by reading again', async () => {
    const { target, sent } = scripted(named(PROBE), named('Trip planning'), named('Trip planning'));
    expect(await putNameBack(target, 'Trip planning', withGet)).toEqual({
      line: 'Restored the name "Trip planning".',
      back: true,
    });
    expect(sent).toEqual([
      'GET /interactions/int_1',
      'POST /interactions/int_1 {"name":"Trip planning"}',
      'GET /interactions/int_1',
    ]);
  });

  it('without GET, renames back and takes the answer as the confirmation', async () => {
    const { target, sent } = scripted(named('Trip planning'));
    expect(await putNameBack(target, 'Trip planning', { readBack: false })).toMatchObject({ back: true });
    expect(sent).toEqual(['POST /interactions/int_1 {"name":"Trip planning"}']);
  });

  it("overwrites this run's names and any run's probe names, never a name someone else set", async () => {
    const own = (name: string) => name === 'mine';
    const { target: probed } = scripted(named(PROBE), named('Trip planning'), named('Trip planning'));
    expect(await putNameBack(probed, 'Trip planning', { readBack: true, isOwn: own })).toMatchObject({ back: true });
    const { target, sent } = scripted(named('Renamed by a person'));
    expect(await putNameBack(target, 'Trip planning', { readBack: true, isOwn: own })).toEqual({
      line:
        'Left the name as someone else set it during the run: "Renamed by a person" ' +
        '(it was "Trip planning" before the run).',
      back: false,
      leftToOtherWriter: true,
    });
    expect(sent).toEqual(['GET /interactions/int_1']);
  });

  it('is not back, naming what the target says now, when the rename did not take', async () => {
    const { target } = scripted(named(PROBE), named('Trip planning'), named('still changed'));
    expect(await putNameBack(target, 'Trip planning', withGet)).toEqual({
      line: 'Could not put the name "Trip planning" back: the target now says "still changed".',
      back: false,
    });
  });

  it('is not back when the rename is refused (a 500, a rate limit that outlasted the retries)', async () => {
    const { target } = scripted(named(PROBE), { status: 500, text: '{"error":{"code":"unknown"}}' });
    expect(await putNameBack(target, 'Trip planning', withGet)).toMatchObject({
      line: expect.stringMatching(/^Could not put the name "Trip planning" back: HTTP 500 /),
      back: false,
    });
  });

  it('sends no rename when the target gave no answer to the read: the cause is the line', async () => {
    const { target, sent } = scripted({
      status: 502,
      gatewayFailure: 'connection reset (ECONNRESET) after 3 attempts',
    });
    expect(await putNameBack(target, 'Trip planning', withGet)).toEqual({
      line: 'Could not put the name "Trip planning" back: connection reset (ECONNRESET) after 3 attempts.',
      back: false,
    });
    expect(sent).toEqual(['GET /interactions/int_1']);
  });

  it('never throws, when the target is gone', async () => {
    const { target: throwing } = scripted(new Error('fetch failed'));
    expect(await putNameBack(throwing, 'x', withGet)).toEqual({
      line: 'Could not put the name "x" back: fetch failed.',
      back: false,
    });
  });
});
