import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CredentialHeader } from './credentials';
import { loadBundledOpenApi, loadOpenApi } from './openapi';

/** The credential headers live in code (the client and the gateway send them) and in the OpenAPI document. */
describe('contracts/openapi.json', () => {
  type Document = {
    components: {
      securitySchemes: Record<string, { type: string; in?: string; name?: string; scheme?: string }>;
      schemas: Record<string, object>;
    };
  };
  let document: Document;
  beforeAll(async () => (document = (await loadBundledOpenApi()) as Document));

  it('documents exactly the credential headers the client sends', () => {
    const schemes = Object.values(document.components.securitySchemes);
    const documented = schemes
      .filter((s) => s.type === 'apiKey' && s.in === 'header')
      .map((s) => s.name)
      .sort();
    const sent = [CredentialHeader.apiKey, CredentialHeader.userExternalId, CredentialHeader.userHmac].sort();
    expect(documented).toEqual(sent);
    expect(schemes).toContainEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
  });

  it('bundles every schema file inline, with no file reference left', () => {
    for (const schema of Object.values(document.components.schemas))
      expect(JSON.stringify(schema)).not.toMatch(/"\$ref":"[^#]/);
    expect(Object.keys(document.components.schemas).sort()).toEqual([
      'ApiError',
      'Interaction',
      'InteractionUpdateParams',
    ]);
  });
});

describe('a document that is not valid OpenAPI is named, with its line or pointer and the problem', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-invalid-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const ok = 'openapi: 3.0.1\ninfo: { title: t, version: "1" }\npaths:\n  /a:\n    get:\n      responses:\n';

  it.each([
    ['bad YAML', 'openapi: 3.0.1\npaths: [\n', /bad\.yaml is not valid YAML or JSON at line \d+/],
    ['bad JSON', '{"openapi": "3.1.0",,}', /bad\.json is not valid YAML or JSON at line 1/],
    ['no version', 'info: {}\npaths: {}\n', /at \/openapi: there is no "openapi" version field/],
    ['Swagger 2', 'swagger: "2.0"\n', /line 1, at \/swagger: Swagger 2\.0 is not supported/],
    ['OpenAPI 4', 'openapi: 4.0.0\n', /at \/openapi: version "4\.0\.0" is not 3\.0\.x or 3\.1\.x/],
    [
      'a bad status',
      `${ok}        "20x": { description: x }\n`,
      /line 7, at \/paths\/~1a\/get\/responses\/20x: "20x" is not/,
    ],
    [
      'a parameter without "in"',
      `${ok}        "200": { description: x }\n      parameters:\n        - name: q\n          in: body\n`,
      /line 10, at \/paths\/~1a\/get\/parameters\/0\/in: "in" must be one of path, query, header, cookie/,
    ],
    [
      'a $ref to nothing',
      `${ok}        "200": { $ref: "#/components/responses/Gone" }\n`,
      /Missing \$ref pointer "#\/components\/responses\/Gone"/,
    ],
    // What only the OpenAPI specification's own schema catches:
    ['no info', 'openapi: 3.0.1\npaths: {}\n', /at \/: the required "info" is missing/],
    [
      'an operation without responses',
      'openapi: 3.0.1\ninfo: { title: t, version: "1" }\npaths:\n  /a:\n    get: { summary: s }\n',
      /line 5, at \/paths\/~1a\/get: the required "responses" is missing/,
    ],
    [
      'a misspelt schema type',
      `${ok}        "200":\n          description: x\n          content:\n            application/json:\n` +
        '              schema: { type: strnig }\n',
      new RegExp(
        'line 11, at /paths/~1a/get/responses/200/content/application~1json/schema/type: "strnig" is not allowed',
      ),
    ],
    ['a 3.1 document without info', 'openapi: 3.1.0\npaths: {}\n', /at \/: the required "info" is missing/],
    [
      'a $ref to a missing file',
      `${ok}        "200": { $ref: "./gone.yaml" }\n`,
      /Cannot read .*gone\.yaml: it does not exist/,
    ],
  ])('%s', async (_case, text, message) => {
    const file = path.join(dir, _case.startsWith('bad JSON') ? 'bad.json' : 'bad.yaml');
    fs.writeFileSync(file, text);
    await expect(loadOpenApi(file)).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(message),
    });
  });
});
