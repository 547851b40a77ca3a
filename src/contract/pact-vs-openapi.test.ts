import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONTRACTS_DIR, PACT_FILE, PACTS_DIR } from '../pacticipants';
import { closedPort, listen } from '../test-support/http-server';
import { runCli } from '../test-support/run-cli';
import { pactFilesAt } from './pact-file';
import { comparePactsWithOpenApi } from './pact-vs-openapi';

describe('the pacts against the OpenAPI document (bi-directional check)', () => {
  it('every committed pact is backed by contracts/openapi.json', async () => {
    const { outcomes } = await comparePactsWithOpenApi(pactFilesAt(PACTS_DIR));
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.flatMap((o) => o.errors)).toEqual([]);
  });

  describe('catches a consumer that expects what the provider never promised', () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bidi-'))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    function tamperedPact(edit: (pact: any) => void): string {
      const pact = JSON.parse(fs.readFileSync(PACT_FILE, 'utf8'));
      edit(pact);
      const file = path.join(dir, 'tampered.json');
      fs.writeFileSync(file, JSON.stringify(pact));
      return file;
    }
    const renameOf = (pact: any) =>
      pact.interactions.find((i: any) => i.description === 'a request to rename an interaction');

    it.each([
      [
        'an enum value the document does not list',
        (p: any) => (renameOf(p).response.body.content.initial_turn = 'assistant'),
        /must be equal to one of the allowed values.*response\.body\.incompatible/,
      ],
      [
        'a status the document does not list',
        (p: any) => (renameOf(p).response.status = 409),
        /Response status code not defined in spec file: 409/,
      ],
      [
        'a retyped field',
        (p: any) => (renameOf(p).response.body.content.created_at = '2026-01-01'),
        /response\.body\.incompatible/,
      ],
      [
        'a path the document does not have',
        (p: any) => (renameOf(p).request.path = '/interactions/x/rename'),
        /request\.path-or-method\.unknown/,
      ],
    ])('check-pacts exits 1 on %s', async (_case, edit, message) => {
      const run = await runCli(['check-pacts', '--pacts', tamperedPact(edit)]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/INCOMPATIBLE {2}"a request to rename an interaction"/);
      expect(run.stdout).toMatch(message);
    });

    it('check-pacts exits 0 on the committed pacts and 2 on a malformed one', async () => {
      expect((await runCli(['check-pacts'])).code).toBe(0);
      fs.writeFileSync(path.join(dir, 'bad.json'), '{"consumer":');
      const run = await runCli(['check-pacts', '--pacts', path.join(dir, 'bad.json')]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/bad\.json is not valid JSON/);
    });
  });

  describe("the provider's published description: YAML, OpenAPI 3.0, from a URL", () => {
    const provider = path.join(__dirname, '..', 'diff', 'fixtures', 'provider-client-api.yaml');

    it('nullable beside $ref is one AMBIGUOUS line; undeclared credential headers are incompatible', async () => {
      const server = await listen((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/yaml' });
        response.end(fs.readFileSync(provider));
      });
      try {
        const run = await runCli(['check-pacts', '--openapi', `${server.url}/openapi.yml`]);
        expect(run.code).toBe(1);
        const ambiguous = run.stdout.split('\n').filter((line) => line.startsWith('AMBIGUOUS'));
        expect(ambiguous).toEqual([
          expect.stringMatching(
            new RegExp(
              '^AMBIGUOUS {2}"a request to clear the name of an interaction" request\\.body\\.name: .*' +
                'nullable: true beside a \\$ref at /components/schemas/InteractionUpdateParams/properties/name; ' +
                'OpenAPI 3\\.0 ignores it',
            ),
          ),
        ]);
        expect(run.stdout).not.toMatch(/INCOMPATIBLE.*request\.body\.name/);
        expect(run.stdout).toMatch(
          /INCOMPATIBLE {2}"a request to rename an interaction" request\.headers: Request Authorization header/,
        );
      } finally {
        await server.close();
      }
    });

    it('exits 3 when the URL cannot be fetched, and when it does not answer in time', async () => {
      const refused = await runCli(['check-pacts', '--openapi', `http://127.0.0.1:${await closedPort()}/openapi.yml`]);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toMatch(/Cannot fetch http:\/\/127\.0\.0\.1:\d+\/openapi\.yml: ECONNREFUSED/);
      const silent = await listen(() => undefined);
      try {
        const slow = await runCli(['check-pacts', '--openapi', `${silent.url}/openapi.yml`, '--timeout-ms', '200']);
        expect(slow.code).toBe(3);
        expect(slow.stderr).toMatch(/no answer within 200 ms/);
      } finally {
        await silent.close();
      }
    });
  });

  describe('an untrusted document cannot reach outside itself, hang the check or echo what it reads', () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bidi-untrusted-'))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('a URL document that $refs file:///proc/self/environ: exit 2 naming the $ref; not read', async () => {
      const document = JSON.parse(fs.readFileSync(path.join(CONTRACTS_DIR, 'openapi.json'), 'utf8'));
      document.components.schemas = { Interaction: { $ref: 'file:///proc/self/environ' } };
      const server = await listen((_request, response) => response.end(JSON.stringify(document)));
      const spy = jest.spyOn(fs, 'readFileSync');
      try {
        const run = await runCli(['check-pacts', '--openapi', `${server.url}/openapi.json`], {
          PROFICIENT_SECRET_KEY: 'sk_live_never_printed',
        });
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/\$ref "file:\/\/\/proc\/self\/environ" leads outside the document/);
        expect(run.stderr).toMatch(/--allow-ref/);
        expect(`${run.stdout}${run.stderr}`).not.toContain('sk_live');
        expect(spy.mock.calls.map(([file]) => String(file))).not.toContainEqual(expect.stringMatching(/environ/));
      } finally {
        spy.mockRestore();
        await server.close();
      }
    });

    it('a catastrophic pattern is not evaluated, and says so; the rest is judged', async () => {
      const contracts = path.join(dir, 'contracts');
      fs.cpSync(CONTRACTS_DIR, contracts, { recursive: true });
      const file = path.join(contracts, 'schemas', 'InteractionUpdateParams.schema.json');
      const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
      schema.properties.name.pattern = '^(([^x]*)*)*x$';
      fs.writeFileSync(file, JSON.stringify(schema));
      const run = await runCli(['check-pacts', '--openapi', contracts]);
      expect(run.stdout).toMatch(
        /^warning {2}pattern not evaluated at \/components\/schemas\/InteractionUpdateParams\/properties\/name\/pattern/m,
      );
      expect(run.code).toBe(0);
    });

    it('stops at --time-limit-ms with exit 2, naming the limit', async () => {
      // 20,000 schemas take far longer than 1 ms to bundle: the clock is looked at while bundling.
      const contracts = path.join(dir, 'contracts');
      fs.cpSync(CONTRACTS_DIR, contracts, { recursive: true });
      const document = JSON.parse(fs.readFileSync(path.join(contracts, 'openapi.json'), 'utf8'));
      for (let i = 0; i < 20_000; i++)
        document.components.schemas[`S${i}`] = { type: 'object', properties: { a: { type: 'string' } } };
      fs.writeFileSync(path.join(contracts, 'openapi.json'), JSON.stringify(document));
      const run = await runCli(['check-pacts', '--openapi', contracts, '--time-limit-ms', '1']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/took longer than the time limit of 1 ms/);
    });
  });
});
