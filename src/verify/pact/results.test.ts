import { parseResults } from './results';

const PREFIX =
  'Verifying a pact between ProficientInteractionClient and ProficientInteractionsAPI Given an interaction exists';

describe("parsing Pact's JSON results", () => {
  it('gives one verdict per interaction, with the mismatches of the failed ones', () => {
    const parsed = parseResults(
      JSON.stringify({
        interactionResults: [
          { description: 'a rename', duration: '31', result: 'OK' },
          { description: 'an empty update', duration: '24', result: 'Failed' },
        ],
        errors: [
          {
            interaction: `${PREFIX} - an empty update`,
            mismatch: {
              type: 'mismatches',
              mismatches: [
                {
                  type: 'BodyMismatch',
                  mismatch: "Expected 'assistant' to match '^(user|agent)$'",
                  path: '$.initial_turn',
                  expected: 'user',
                  actual: 'assistant',
                },
                { type: 'StatusMismatch', mismatch: 'expected 200 but was 201', expected: 200, actual: 201 },
              ],
            },
          },
        ],
      }),
    );
    expect(parsed.crashed).toBeUndefined();
    expect(parsed.interactions).toEqual([
      { description: 'a rename', ok: true, durationMs: 31, mismatches: [] },
      {
        description: 'an empty update',
        ok: false,
        durationMs: 24,
        mismatches: [
          {
            message: "Expected 'assistant' to match '^(user|agent)$'",
            path: '$.initial_turn',
            expected: 'user',
            actual: 'assistant',
          },
          { message: 'expected 200 but was 201', path: undefined, expected: '200', actual: '201' },
        ],
      },
    ]);
  });

  it('takes an error without listed mismatches as one, colour codes removed', () => {
    const parsed = parseResults(
      JSON.stringify({
        interactionResults: [{ description: 'a rename', result: 'Failed' }],
        errors: [{ interaction: 'a rename', mismatch: { type: 'error', message: '\\x1b[31mRequest failed\\x1b[0m' } }],
      }),
    );
    expect(parsed.interactions[0].mismatches).toEqual([{ message: 'Request failed' }]);
  });

  it('says Pact could not run when an error belongs to no interaction (a pact that would not load)', () => {
    const parsed = parseResults(
      JSON.stringify({
        interactionResults: [],
        errors: [{ interaction: 'pacts/broken.json', mismatch: { type: 'error', message: 'Failed to load pact' } }],
      }),
    );
    expect(parsed.crashed).toBe('pacts/broken.json: Failed to load pact');
  });

  it('says Pact replayed nothing when there were no interactions', () => {
    expect(parseResults('{}').crashed).toBe('Pact replayed no interactions (no pacts were found)');
  });
});
