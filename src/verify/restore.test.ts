import type { GatewayConnection, RawResponse } from './transport/gateway-connection';
import { restoreName } from './restore';

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

describe('putting the name back', () => {
  it('sends nothing when nothing was read (the run never reached the target)', async () => {
    const { target, sent } = scripted();
    expect(await restoreName(target, undefined)).toBeUndefined();
    expect(sent).toEqual([]);
  });

  it('says it cannot restore a name it could not read', async () => {
    const { target, sent } = scripted();
    expect(await restoreName(target, { name: '', unreadable: 'HTTP 500' })).toBe(
      'Name not restored: it could not be read before the run.',
    );
    expect(sent).toEqual([]);
  });

  it('sends no rename when the name is already the original (a static stub)', async () => {
    const { target, sent } = scripted(named('Trip planning'));
    expect(await restoreName(target, { name: 'Trip planning', via: 'GET' })).toBe(
      'The name is unchanged: "Trip planning".',
    );
    expect(sent).toEqual(['GET /interactions/int_1']);
  });

  it('renames back and confirms by reading again', async () => {
    const { target, sent } = scripted(named('changed'), named('Trip planning'), named('Trip planning'));
    expect(await restoreName(target, { name: 'Trip planning', via: 'GET' })).toBe('Restored the name "Trip planning".');
    expect(sent).toEqual([
      'GET /interactions/int_1',
      'POST /interactions/int_1 {"name":"Trip planning"}',
      'GET /interactions/int_1',
    ]);
  });

  it('warns, naming what the target says now, when the rename did not take', async () => {
    const { target } = scripted(named('changed'), named('Trip planning'), named('still changed'));
    expect(await restoreName(target, { name: 'Trip planning', via: 'GET' })).toBe(
      'WARNING: tried to restore the name "Trip planning", but the target now says "still changed". Set it by hand.',
    );
  });

  it('sends no rename when the target gave no answer to the read: the cause is the warning', async () => {
    const { target, sent } = scripted({
      status: 502,
      gatewayFailure: 'connection reset (ECONNRESET) after 3 attempts',
    });
    expect(await restoreName(target, { name: 'Trip planning', via: 'GET', interaction: {}, readAt: 0 })).toBe(
      'WARNING: could not restore the name "Trip planning": connection reset (ECONNRESET) after 3 attempts. ' +
        'Set it by hand.',
    );
    expect(sent).toEqual(['GET /interactions/int_1']);
  });

  it('warns with the cause, and never throws, when the target is gone', async () => {
    const { target } = scripted(named('changed'), { status: 502, gatewayFailure: 'connection refused' });
    expect(await restoreName(target, { name: 'Trip planning', via: 'GET' })).toBe(
      'WARNING: could not restore the name "Trip planning": connection refused. Set it by hand.',
    );
    const { target: throwing } = scripted(new Error('fetch failed'));
    expect(await restoreName(throwing, { name: 'x', via: 'GET' })).toBe(
      'WARNING: could not restore the name "x": fetch failed. Set it by hand.',
    );
  });
});
