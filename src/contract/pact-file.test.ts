import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACTS_DIR } from '../pacticipants';
import { InputError } from '../errors';
import { pactContractMismatches, pactFilesAt, readPactFile, type PactDocument } from './pact-file';
import { loadContract, SCHEMA_NAMES } from './schemas';

const contract = loadContract();
const committedPacts = pactFilesAt(PACTS_DIR);

describe('the committed pacts agree with the documented contract', () => {
  it('there is at least one pact to check', () => {
    expect(committedPacts.length).toBeGreaterThan(0);
  });

  it.each(committedPacts.map((file) => [path.basename(file), file]))(
    '%s: every request and response body obeys the schemas',
    (_name, file) => {
      const pact = readPactFile(file);
      expect(pact.interactions.length).toBeGreaterThan(0);
      expect(pactContractMismatches(pact, contract)).toEqual([]);
    },
  );

  it.each(SCHEMA_NAMES)('every example in contracts/schemas/%s obeys its schema', (name) => {
    const examples = contract.schemas[name].examples as unknown[];
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) expect(contract.validate(name, example)).toEqual({ valid: true });
  });
});

describe('pactContractMismatches', () => {
  const pact = readPactFile(committedPacts[0]);

  it('catches a response the documentation does not back', () => {
    const tampered: PactDocument = structuredClone(pact);
    const ok = tampered.interactions.find((i) => i.response.status === 200)!;
    (ok.response.body as { content: Record<string, unknown> }).content.initial_turn = 'assistant';
    expect(pactContractMismatches(tampered, contract)).toEqual([
      expect.objectContaining({
        interaction: ok.description,
        part: 'response body',
        violation: expect.objectContaining({ path: '/initial_turn' }),
      }),
    ]);
  });

  it('catches an error body that is not an ApiError, and a request the schema refuses', () => {
    const tampered: PactDocument = structuredClone(pact);
    const failing = tampered.interactions.find((i) => i.response.status === 404 && i.request.method === 'POST')!;
    (failing.response.body as { content: unknown }).content = { message: 'not found' };
    (failing.request.body as { content: unknown }).content = { title: 'x' };
    const found = pactContractMismatches(tampered, contract).map((m) => `${m.part} ${m.violation.path}`);
    expect(found).toEqual(['request body /title', 'response body /error']);
  });
});

describe('reading a pact file', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacts-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['{"consumer": ', /not valid JSON/],
    ['[]', /it is not a JSON object/],
    ['{"consumer":{"name":"a"}}', /no consumer\.name or provider\.name/],
    ['{"consumer":{"name":"a"},"provider":{"name":"b"}}', /no "interactions" list/],
    [
      '{"consumer":{"name":"a"},"provider":{"name":"b"},"interactions":[{"request":{}}]}',
      /interaction 0 has no request method/,
    ],
  ])('refuses %s with an InputError naming the file', (text, message) => {
    const file = path.join(dir, 'broken.json');
    fs.writeFileSync(file, text);
    expect(() => readPactFile(file)).toThrow(InputError);
    expect(() => readPactFile(file)).toThrow(message);
    expect(() => readPactFile(file)).toThrow(/broken\.json/);
  });

  it('says so when a folder holds no pacts, or the path does not exist', () => {
    expect(() => pactFilesAt(dir)).toThrow(/No pact files \(\*\.json\)/);
    expect(() => pactFilesAt(path.join(dir, 'nope'))).toThrow(/it does not exist/);
  });
});
