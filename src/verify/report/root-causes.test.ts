import type { CheckResult, FailureDetail } from '../results';
import { causeOf, pointerLine, RootCauses } from './root-causes';

const failure = (group: string, name: string, detail: FailureDetail): CheckResult => ({
  group,
  id: `${group}.${name}`,
  name,
  status: 'failed',
  durationMs: 1,
  detail,
});

describe('root causes', () => {
  it("sees one cause in Pact's, the schema's and the client's words for one wrong enum value", () => {
    const pact = {
      message: "Expected 'assistant' to match '^(user|agent)$'",
      path: '$.initial_turn',
      actual: '"assistant"',
    };
    const schema = {
      message: '3 of 3 responses break the Interaction schema: ...',
      path: '/initial_turn',
      actual: '/initial_turn must be one of "user", "agent" (got "assistant")',
    };
    const client = {
      message:
        'HTTP 200 body breaks the Interaction schema: /initial_turn must be one of "user", "agent" (got "assistant")',
      path: '/initial_turn',
    };
    expect([pact, schema, client].map(causeOf)).toEqual(Array(3).fill('/initial_turn "assistant"'));
  });

  it('sees one cause in a wrong status, however it is said', () => {
    expect(causeOf({ message: 'expected 200 but was 201', expected: '200', actual: '201' })).toBe('status 201');
    expect(
      causeOf({ message: 'Expected HTTP 403, got 401', path: 'status', actual: '401 application/json "{}"' }),
    ).toBe('status 401');
  });

  it('tells different values at one place apart; without a place, the message is the cause', () => {
    expect(causeOf({ message: 'x', path: '/created_at', actual: '1764072000' })).not.toBe(
      causeOf({ message: 'x', path: '/created_at', actual: '1764072999999' }),
    );
    expect(causeOf({ message: 'HTTP 200 with Content-Type text/html: not JSON' })).toBe(
      'HTTP 200 with Content-Type text/html: not JSON',
    );
    expect(causeOf({ message: 'A read-back differs', path: '/name' })).toBeUndefined();
  });

  it('shows a cause once: later failures point at the first, and the summary counts them', () => {
    const causes = new RootCauses();
    const enumDetail = { message: 'm', path: '/initial_turn', actual: '"assistant"' };
    expect(causes.shownBy(failure('behaviour', 'first', enumDetail))).toBeUndefined();
    expect(causes.shownBy(failure('pact', 'second', { ...enumDetail, path: '$.initial_turn' }))).toBe(
      'behaviour › first',
    );
    expect(causes.shownBy(failure('names', 'other', { message: 'n', path: '/name', actual: '"a"' }))).toBeUndefined();
    expect(causes.shownBy({ ...failure('errors', 'e', enumDetail), status: 'error' })).toBeUndefined();
    expect(causes.summaryLines()).toEqual([
      'Root cause: /initial_turn "assistant" explains 2 failed checks (shown at behaviour › first).',
    ]);
  });

  it('points at the cause in one short line, a long message by its start', () => {
    expect(pointerLine('pact › a', { message: 'm', path: '$.initial_turn', actual: '"assistant"' })).toBe(
      '      same cause as pact › a (shown above): /initial_turn "assistant"',
    );
    const long = pointerLine('pact › a', { message: `Expected a body of 'application/json' ${'x'.repeat(200)}` });
    expect([...long.split('(shown above): ')[1]]).toHaveLength(100);
    expect(long.endsWith('…')).toBe(true);
  });
});
