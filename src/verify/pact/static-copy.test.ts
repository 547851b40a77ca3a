import fs from 'node:fs';
import { readPactFile } from '../../contract/pact-file';
import { PACT_FILE } from '../../pacticipants';
import { withNamesByType, writeStaticCopies } from './static-copy';

const byType = { combine: 'AND', matchers: [{ match: 'type' }] };

describe('the pacts a static mock is replayed with', () => {
  const pact = readPactFile(PACT_FILE);
  const before = JSON.stringify(pact);
  const copy = withNamesByType(pact);
  const rulesOf = (p: typeof pact, description: string) =>
    (p.interactions.find((i) => i.description === description)!.response as { matchingRules?: { body?: object } })
      .matchingRules?.body as Record<string, unknown>;

  it("holds each successful response's $.name by type, where the pact held it by value", () => {
    for (const description of [
      'a request to rename an interaction',
      'a request to rename an interaction with a non-ASCII name',
    ]) {
      expect(rulesOf(pact, description)['$.name']).toBeUndefined();
      expect(rulesOf(copy, description)['$.name']).toEqual(byType);
    }
  });

  it('changes nothing else: every other rule, example and interaction stays as the pact has it', () => {
    const restored = structuredClone(copy);
    for (const description of [
      'a request to rename an interaction',
      'a request to rename an interaction with a non-ASCII name',
    ]) {
      delete rulesOf(restored, description)['$.name'];
    }
    expect(restored).toEqual(pact);
    expect(rulesOf(copy, 'a request to rename an interaction that does not exist')).toEqual(
      rulesOf(pact, 'a request to rename an interaction that does not exist'),
    );
  });

  it('leaves the pact it was given, and the committed file, untouched', () => {
    const committed = fs.readFileSync(PACT_FILE, 'utf8');
    const files = writeStaticCopies([{ file: PACT_FILE, pact }]);
    expect(JSON.stringify(pact)).toBe(before);
    expect(fs.readFileSync(PACT_FILE, 'utf8')).toBe(committed);
    expect(files[0]).not.toBe(PACT_FILE);
    expect(JSON.parse(fs.readFileSync(files[0], 'utf8'))).toEqual(copy);
  });

  it('spells the rule the V2 way for a V2 pact', () => {
    const v2 = {
      consumer: { name: 'c' },
      provider: { name: 'p' },
      metadata: { pactSpecification: { version: '2.0.0' } },
      interactions: [
        {
          description: 'rename',
          request: { method: 'POST', path: '/interactions/1' },
          response: { status: 200, body: { name: 'x' } },
        },
      ],
    };
    const copied = withNamesByType(v2) as unknown as typeof v2 & {
      interactions: { response: { matchingRules: object } }[];
    };
    expect(copied.interactions[0].response.matchingRules).toEqual({ '$.body.name': { match: 'type' } });
  });
});
