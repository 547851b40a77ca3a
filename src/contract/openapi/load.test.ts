import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CredentialHeader } from '../credentials';
import { listen } from '../../test-support/http-server';
import { Deadline, loadBundledOpenApi, loadOpenApi } from '.';

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

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-load-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
const ok = 'openapi: 3.0.1\ninfo: { title: t, version: "1" }\npaths:\n  /a:\n    get:\n      responses:\n';
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
};

describe('a document that cannot be compared ends the run, named with its line or pointer and the problem', () => {
  it.each([
    ['bad YAML', 'openapi: 3.0.1\npaths: [\n', /bad\.yaml is not valid YAML or JSON at line \d+/],
    ['bad JSON', '{"openapi": "3.1.0",,}', /bad\.json is not valid YAML or JSON at line 1/],
    ['no version', 'info: {}\npaths: {}\n', /at \/openapi: there is no "openapi" version field/],
    ['Swagger 2', 'swagger: "2.0"\n', /line 1, at \/swagger: Swagger 2\.0 is not supported/],
    ['OpenAPI 4', 'openapi: 4.0.0\n', /at \/openapi: version "4\.0\.0" is not 3\.0\.x or 3\.1\.x/],
    ['paths that are a list', 'openapi: 3.1.0\npaths: []\n', /at \/paths: paths must be an object/],
    [
      'a $ref to nothing',
      `${ok}        "200": { $ref: "#/components/responses/Gone" }\n`,
      /\$ref "#\/components\/responses\/Gone" points at nothing/,
    ],
    [
      'a $ref to a missing file',
      `${ok}        "200": { $ref: "./gone.yaml" }\n`,
      /Cannot read .*gone\.yaml: it does not exist/,
    ],
  ])('%s', async (_case, text, message) => {
    const file = write(_case.startsWith('bad JSON') ? 'bad.json' : 'bad.yaml', text);
    await expect(loadOpenApi(file)).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(message),
    });
  });
});

describe('a document that is merely not valid is compared, its problems reported (or refused with --strict)', () => {
  it.each([
    [
      'a bad status',
      `${ok}        "20x": { description: x }\n`,
      7,
      '/paths/~1a/get/responses/20x',
      /"20x" is not an HTTP status/,
    ],
    [
      'a parameter in the body',
      `${ok}        "200": { description: x }\n      parameters:\n        - name: q\n          in: body\n`,
      10,
      '/paths/~1a/get/parameters/0/in',
      /"in" must be one of path, query, header, cookie/,
    ],
    [
      'a path parameter without required: true',
      'openapi: 3.0.1\ninfo: { title: t, version: "1" }\npaths:\n  /a/{id}:\n    get:\n      parameters:\n' +
        '        - { name: id, in: path, schema: { type: string } }\n      responses: { "200": { description: x } }\n',
      7,
      '/paths/~1a~1{id}/get/parameters/0/required',
      /path parameter "id" must say "required: true"/,
    ],
    [
      'a path parameter the template does not name',
      'openapi: 3.0.1\ninfo: { title: t, version: "1" }\npaths:\n  /a:\n    get:\n      parameters:\n' +
        '        - { name: id, in: path, required: true }\n      responses: { "200": { description: x } }\n',
      7,
      '/paths/~1a/get/parameters/0/in',
      /path parameter "id" is not in the path template "\/a"/,
    ],
    ['no info', 'openapi: 3.0.1\npaths: {}\n', 1, '', /the required "info" is missing/],
    ['a 3.1 document without info', 'openapi: 3.1.0\npaths: {}\n', 1, '', /the required "info" is missing/],
    [
      'an operation without responses',
      'openapi: 3.0.1\ninfo: { title: t, version: "1" }\npaths:\n  /a:\n    get: { summary: s }\n',
      5,
      '/paths/~1a/get',
      /the required "responses" is missing/,
    ],
    [
      'responses that are not an object',
      'openapi: 3.0.1\ninfo: { title: t, version: "1" }\npaths:\n  /a:\n    get: { responses: [] }\n',
      5,
      '/paths/~1a/get/responses',
      /responses must be an object/,
    ],
    [
      'a misspelt schema type',
      `${ok}        "200":\n          description: x\n          content:\n            application/json:\n` +
        '              schema: { type: strnig }\n',
      11,
      '/paths/~1a/get/responses/200/content/application~1json/schema/type',
      /"strnig" is not allowed here/,
    ],
  ])('%s', async (_case, text, line, pointer, problem) => {
    const file = write('invalid.yaml', text);
    const loaded = await loadOpenApi(file);
    expect(loaded.problems).toContainEqual({
      level: 'warning',
      line,
      pointer,
      problem: expect.stringMatching(problem),
    });
    await expect(loadOpenApi(file, { strict: true })).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(new RegExp(`line ${line}, at ${pointer.replace(/[{}]/g, '\\$&') || '/'}: `)),
    });
  });

  it('a $ref standing for a whole properties map or parameter list is resolved, with one note', async () => {
    write('attributes.yml', 'load_balancer: { ids: { type: array, items: { type: integer } } }\n');
    write('parameters.yml', '- { name: page, in: query, schema: { type: integer } }\n');
    const file = write(
      'map-refs.yaml',
      `${ok.replace('    get:\n', "    get:\n      parameters: { $ref: 'parameters.yml' }\n")}` +
        '        "200":\n          description: x\n          content:\n            application/json:\n' +
        "              schema: { type: object, properties: { $ref: 'attributes.yml#/load_balancer' } }\n" +
        '        "201":\n          description: x\n          content:\n            application/json:\n' +
        "              schema: { type: object, properties: { $ref: 'attributes.yml#/load_balancer' } }\n",
    );
    const loaded = await loadOpenApi(file);
    const get = (loaded.document as any).paths['/a'].get;
    expect(get.parameters).toEqual([{ name: 'page', in: 'query', schema: { type: 'integer' } }]);
    expect(get.responses['200'].content['application/json'].schema.properties).toEqual({
      ids: { type: 'array', items: { type: 'integer' } },
    });
    expect(get.responses['201'].content['application/json'].schema.properties).toEqual({
      ids: { type: 'array', items: { type: 'integer' } },
    });
    expect(loaded.problems).toEqual([
      expect.objectContaining({
        level: 'info',
        problem: expect.stringMatching(/^3 \$refs stand for a whole map or list/),
      }),
    ]);
  });

  it('YAML aliases are read within a count: an alias bomb is refused, a small alias is read', async () => {
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      laughs.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const bomb = write(
      'bomb.yaml',
      `openapi: 3.1.0\ninfo: { title: t, version: "1" }\nx-bomb:\n  ${laughs.join('\n  ')}\npaths: {}\n`,
    );
    await expect(loadOpenApi(bomb)).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(/is not valid YAML or JSON/),
    });
    const small = write('alias.yaml', `${ok}        "200": &ok { description: x }\n        "201": *ok\n`);
    const loaded = await loadOpenApi(small);
    const responses = (loaded.document as any).paths['/a'].get.responses;
    expect(responses['201']).toEqual({ description: 'x' });
  });

  it('reads a local path with # or % in it as the file it names', async () => {
    const file = write('a#b/100%/openapi.yaml', `${ok}        "200": { description: x }\n`);
    const loaded = await loadOpenApi(file);
    expect(loaded).toMatchObject({ version: '3.0', problems: [] });
  });
});

describe('documents stay inside themselves', () => {
  const secret = 'PROFICIENT_SECRET_KEY=sk_live_do_not_print';
  const leaking = (ref: string) =>
    JSON.stringify({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/a': {
          get: {
            responses: { '200': { description: 'x', content: { 'application/json': { schema: { $ref: ref } } } } },
          },
        },
      },
    });

  it('a URL document may $ref only its own origin: file: and other hosts refused, not read or fetched', async () => {
    const outside = write('outside/secret.yaml', `type: string\ndescription: ${secret}\n`);
    const spy = jest.spyOn(fs, 'readFileSync');
    const otherHostHits: string[] = [];
    const otherHost = await listen((request, response) => {
      otherHostHits.push(request.url ?? '');
      response.end('type: string');
    });
    const served: Record<string, string> = {
      '/file.json': leaking(`file://${outside}`),
      '/proc.json': leaking('file:///proc/self/environ'),
      '/other.json': leaking(`${otherHost.url}/schema.yaml`),
      '/own.json': leaking('/schemas/thing.yaml'),
      '/schemas/thing.yaml': 'type: string\n',
    };
    const server = await listen((request, response) => response.end(served[request.url ?? ''] ?? ''));
    try {
      for (const [name, target] of [
        ['file.json', outside],
        ['proc.json', '/proc/self/environ'],
        ['other.json', `${otherHost.url}/schema.yaml`],
      ]) {
        const error = await loadOpenApi(`${server.url}/${name}`).catch((e: Error) => e);
        expect(error).toMatchObject({
          name: 'InputError',
          message: expect.stringContaining(`leads outside the document (to ${target}): refused, not read.`),
          hint: expect.stringContaining('--allow-ref'),
        });
        expect(String((error as Error).message)).not.toContain('sk_live');
      }
      expect(spy.mock.calls.map(([file]) => String(file))).not.toContainEqual(expect.stringMatching(/secret|environ/));
      expect(otherHostHits).toEqual([]);
      // Its own origin is fine; another one, once allowed, too.
      await expect(loadOpenApi(`${server.url}/own.json`)).resolves.toMatchObject({ version: '3.1' });
      await expect(loadOpenApi(`${server.url}/other.json`, { allowRefs: [otherHost.url] })).resolves.toMatchObject({
        version: '3.1',
      });
      expect(otherHostHits).toEqual(['/schema.yaml']);
    } finally {
      spy.mockRestore();
      await Promise.all([server.close(), otherHost.close()]);
    }
  });

  it('a redirect is followed within the origin only: another host is not contacted', async () => {
    const otherHits: string[] = [];
    const other = await listen((request, response) => {
      otherHits.push(request.url ?? '');
      response.end(leaking('#/x'));
    });
    const server = await listen((request, response) => {
      if (request.url === '/moved.json') response.writeHead(302, { location: '/openapi.json' }).end();
      else if (request.url === '/away.json') response.writeHead(302, { location: `${other.url}/openapi.json` }).end();
      else response.end(leaking('/schemas/thing.yaml').replace('/schemas/thing.yaml', '#/info'));
    });
    try {
      await expect(loadOpenApi(`${server.url}/moved.json`)).resolves.toMatchObject({ version: '3.1' });
      await expect(loadOpenApi(`${server.url}/away.json`)).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(/redirects to http:\/\/127\.0\.0\.1:\d+\/openapi\.json: not followed/),
      });
      expect(otherHits).toEqual([]);
    } finally {
      await Promise.all([server.close(), other.close()]);
    }
  });

  it('a local document may $ref only files under its folder (.., absolute paths, links out refused)', async () => {
    const outside = write('secret.yaml', `type: string\ndescription: ${secret}\n`);
    fs.symlinkSync(outside, write('doc/link-target-placeholder', '') && path.join(dir, 'doc', 'link.yaml'));
    const spy = jest.spyOn(fs, 'readFileSync');
    try {
      for (const ref of ['../secret.yaml', outside, `file://${outside}`, './link.yaml', 'http://127.0.0.1:1/x.yaml']) {
        const file = write('doc/openapi.json', leaking(ref));
        await expect(loadOpenApi(file)).rejects.toMatchObject({
          name: 'InputError',
          message: expect.stringMatching(/leads outside the document .*: refused, not read\./),
        });
      }
      expect(spy.mock.calls.map(([file]) => String(file))).not.toContainEqual(expect.stringMatching(/secret\.yaml$/));
      // Allowed explicitly, the file outside is read.
      const file = write('doc/openapi.json', leaking('../secret.yaml'));
      await expect(loadOpenApi(file, { allowRefs: [dir] })).resolves.toMatchObject({ version: '3.1' });
      expect(spy.mock.calls.map(([file]) => String(file))).toContainEqual(expect.stringMatching(/secret\.yaml$/));
    } finally {
      spy.mockRestore();
    }
  });

  it('bundles tens of thousands of internal and cross-file $refs in one pass, with no stack to overflow', async () => {
    const schemas: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i++)
      schemas[`S${i}`] = { type: 'object', properties: { next: { $ref: `#/components/schemas/S${i + 1}` } } };
    schemas.S20000 = { $ref: 'more.json#/Deep' };
    write('more.json', JSON.stringify({ Deep: { type: 'object', properties: { self: { $ref: '#/Deep' } } } }));
    const file = write(
      'many-refs.json',
      JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {}, components: { schemas } }),
    );
    const loaded = await loadOpenApi(file);
    expect((loaded.document as any).components.schemas.S20000).toEqual({
      type: 'object',
      properties: { self: { $ref: '#/components/schemas/S20000' } },
    });
  });

  it('stops at the time limit, naming the step and the flag', async () => {
    const file = write('slow.yaml', `${ok}        "200": { description: x }\n`);
    await expect(loadOpenApi(file, { deadline: new Deadline(-1) })).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(/^Stopped while .*: the documents took longer than the time limit of -1 ms\.$/),
      hint: expect.stringContaining('--time-limit-ms'),
    });
  });
});
