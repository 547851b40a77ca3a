import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { Deadline, loadOpenApi } from '../contract/openapi';
import { CONTRACTS_DIR, PACTS_DIR } from '../pacticipants';
import { pactUses } from './consumer';
import { compare, judgeFindings } from './pipeline';
import { findingLines } from './report';
import type { Finding } from './findings';
import { diffOperations } from './operation-diff';

type Json = Record<string, any>;

const PROVIDER = path.join(__dirname, 'fixtures', 'provider-client-api.yaml');
let dir: string;
let before: string;
let after: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-diff-'));
  before = path.join(dir, 'before');
  after = path.join(dir, 'after');
  fs.cpSync(CONTRACTS_DIR, before, { recursive: true });
  fs.cpSync(CONTRACTS_DIR, after, { recursive: true });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function editJson(file: string, edit: (json: Json) => void): void {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(json);
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
}
const schemaFile = (root: string, name: string) => path.join(root, 'schemas', `${name}.schema.json`);
const write = (name: string, document: Json, asYaml = name.endsWith('.yaml')) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, asYaml ? stringify(document) : JSON.stringify(document, null, 2));
  return file;
};

async function findings(old: string, now: string, scope: 'all' | 'pacts' = 'all'): Promise<Finding[]> {
  const [a, b] = await Promise.all([loadOpenApi(old), loadOpenApi(now)]);
  const raw = diffOperations({ root: a.document, version: a.version }, { root: b.document, version: b.version });
  return judgeFindings(raw, { uses: pactUses(PACTS_DIR), scope, failOn: 'breaking', today: '2026-12-01' });
}
const rules = (list: Finding[]) =>
  list.map((f) => `${f.level} ${f.rule} ${f.method ?? ''} ${f.status ?? ''} ${f.pointer ?? ''}`.trim());

/** One operation returning `schema` as its 200 body, with `components` beside it. */
function api(version: '3.0.3' | '3.1.0', schema: Json, components: Json = {}): Json {
  return {
    openapi: version,
    info: { title: 't', version: '1' },
    paths: {
      '/things/{id}': {
        get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } } },
      },
    },
    components: { schemas: components },
  };
}

describe('cosmetic changes report nothing', () => {
  it('descriptions, examples, key order, YAML instead of JSON, a $ref inlined, a component renamed', async () => {
    const bundled = (await loadOpenApi(CONTRACTS_DIR)).document as Json;
    const schemas = bundled.components.schemas;
    // Inline Interaction into the POST 200 response, rename ApiError everywhere, reword and reorder.
    const post = bundled.paths['/interactions/{interaction_id}'].post;
    post.responses['200'].content['application/json'].schema = structuredClone(schemas.Interaction);
    schemas.ErrorBody = schemas.ApiError;
    delete schemas.ApiError;
    const renamed = JSON.stringify(bundled).replace(
      /#\/components\/schemas\/ApiError/g,
      '#/components/schemas/ErrorBody',
    );
    const reword = (node: unknown): unknown =>
      Array.isArray(node)
        ? node.map(reword)
        : typeof node === 'object' && node !== null
          ? Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === 'description' ? 'Reworded' : reword(v)]))
          : node;
    const reworded = reword(JSON.parse(renamed)) as Json;
    reworded.components.schemas.Interaction.examples = [];
    reworded.components.schemas.Interaction.properties = Object.fromEntries(
      Object.entries(reworded.components.schemas.Interaction.properties).reverse(),
    );
    const yaml = write('reworded.yaml', reworded);
    expect(await findings(CONTRACTS_DIR, yaml)).toEqual([]);
    expect(await findings(yaml, CONTRACTS_DIR)).toEqual([]);
  });

  it('the three spellings of nullable, allOf merged, const as a one-value enum', async () => {
    const name = { type: 'string', minLength: 1 };
    const spellings = [
      write(
        'a.json',
        api('3.0.3', {
          type: 'object',
          properties: { name: { ...name, nullable: true }, kind: { type: 'string', enum: ['x'] } },
        }),
      ),
      write(
        'b.yaml',
        api('3.1.0', {
          type: 'object',
          properties: { name: { ...name, type: ['string', 'null'] }, kind: { type: 'string', const: 'x' } },
        }),
      ),
      write(
        'c.json',
        api(
          '3.1.0',
          { allOf: [{ $ref: '#/components/schemas/Base' }, { properties: { kind: { type: 'string', enum: ['x'] } } }] },
          { Base: { type: 'object', properties: { name: { oneOf: [name, { type: 'null' }] } } } },
        ),
      ),
    ];
    for (const a of spellings) for (const b of spellings) expect(await findings(a, b)).toEqual([]);
  });

  it('a recursive schema compares without end', async () => {
    const tree = {
      Node: {
        type: 'object',
        properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } },
      },
    };
    const a = write('tree-a.json', api('3.1.0', { $ref: '#/components/schemas/Node' }, tree));
    const grown = structuredClone(tree) as Json;
    grown.Node.properties.label = { type: 'string' };
    const b = write('tree-b.json', api('3.1.0', { $ref: '#/components/schemas/Node' }, grown));
    expect(rules(await findings(a, b))).toEqual(['info response-optional-property-added GET 200 /properties/label']);
  });
});

describe('operation-level changes on the real contract (each reported "no change" before)', () => {
  const openapi = () => path.join(after, 'openapi.json');

  it('a path moved to /v2/... is a removal, with where it went', async () => {
    editJson(openapi(), (d) => {
      d.paths['/v2/interactions/{interaction_id}'] = d.paths['/interactions/{interaction_id}'];
      delete d.paths['/interactions/{interaction_id}'];
    });
    const list = await findings(before, after);
    expect(list[0]).toMatchObject({
      rule: 'api-path-removed-without-deprecation',
      level: 'breaking',
      new: '/v2/interactions/{interaction_id}',
      touchesPacts: true,
    });
  });

  it('POST changed to PUT, and the 404 response removed', async () => {
    editJson(openapi(), (d) => {
      const item = d.paths['/interactions/{interaction_id}'];
      delete item.get.responses['404'];
      item.put = item.post;
      delete item.post;
    });
    // The pacts read an unknown id with GET and expect the 404: for this consumer its removal breaks.
    expect(rules(await findings(before, after))).toEqual([
      'breaking response-non-success-status-removed GET 404',
      'breaking api-removed-without-deprecation POST',
      'info endpoint-added PUT',
    ]);
  });

  it('a 404 that the pacts expect is breaking for this consumer', async () => {
    editJson(openapi(), (d) => delete d.paths['/interactions/{interaction_id}'].post.responses['404']);
    expect(await findings(before, after)).toEqual([
      expect.objectContaining({ rule: 'response-non-success-status-removed', level: 'breaking', touchesPacts: true }),
    ]);
  });

  it('renaming a path parameter alone is no change', async () => {
    editJson(openapi(), (d) => {
      const item = JSON.parse(
        JSON.stringify(d.paths['/interactions/{interaction_id}']).replace(/"interaction_id"/g, '"id"'),
      );
      d.paths = { '/interactions/{id}': item };
    });
    expect(await findings(before, after)).toEqual([]);
  });

  it('a body pointed at another component is judged field by field', async () => {
    const interaction = JSON.parse(fs.readFileSync(schemaFile(after, 'Interaction'), 'utf8'));
    delete interaction.properties.archived;
    delete interaction.$id;
    editJson(openapi(), (d) => {
      d.components.schemas.Conversation = interaction;
      d.paths['/interactions/{interaction_id}'].post.responses['200'].content['application/json'].schema.$ref =
        '#/components/schemas/Conversation';
    });
    expect(rules(await findings(before, after))).toEqual([
      'info response-body-schema-ref-changed POST 200',
      'breaking response-property-removed POST 200 /properties/archived',
    ]);
  });
});

describe('consumer-aware verdicts', () => {
  it('removing a request property this consumer sends breaks, even with unknown properties allowed', async () => {
    editJson(schemaFile(after, 'InteractionUpdateParams'), (s) => {
      delete s.properties.name;
      delete s.additionalProperties;
    });
    const list = await findings(before, after);
    expect(list).toContainEqual(
      expect.objectContaining({
        rule: 'request-property-removed',
        level: 'breaking',
        touchesPacts: true,
        blocking: true,
      }),
    );
    expect(list.find((f) => f.rule === 'request-property-removed')!.message).toMatch(/this consumer sends it/);
  });

  it('a response field the pacts never carried affects other clients only', async () => {
    editJson(schemaFile(before, 'Interaction'), (s) => (s.properties.colour = { type: 'string' }));
    const list = await findings(before, after, 'pacts');
    const removed = list.filter((f) => f.rule === 'response-property-removed');
    expect(removed.length).toBeGreaterThan(0);
    for (const f of removed)
      expect(f).toMatchObject({ pointer: '/properties/colour', touchesPacts: false, blocking: false });
  });

  it('no credentials needed any more is not breaking: clients that still send them are not refused', async () => {
    const secured = api('3.0.3', { type: 'string' });
    secured.components.securitySchemes = { Key: { type: 'apiKey', in: 'header', name: 'X-Key' } };
    secured.paths['/things/{id}'].get.security = [{ Key: [] }];
    const open = structuredClone(secured);
    delete open.paths['/things/{id}'].get.security;
    const list = await findings(write('secured.json', secured), write('open.json', open));
    expect(list.filter((f) => f.level === 'breaking')).toEqual([]);
  });

  it('--scope pacts: a breaking change to an operation the pacts do not use does not fail the run', async () => {
    const document = fs.readFileSync(PROVIDER, 'utf8');
    const changed = write('provider-new.yaml', {}, true);
    fs.writeFileSync(changed, document.replace(/ {2}\/agents:\n {4}get:/, '  /agents:\n    put:'));
    for (const scope of ['all', 'pacts'] as const) {
      const list = await findings(PROVIDER, changed, scope);
      expect(list).toEqual([
        expect.objectContaining({
          rule: 'api-removed-without-deprecation',
          method: 'GET',
          path: '/agents',
          touchesPacts: false,
          blocking: scope === 'all',
        }),
        expect.objectContaining({ rule: 'endpoint-added', method: 'PUT' }),
      ]);
    }
  });

  it('provider-shaped document: nullable beside $ref is one ambiguity; its headers break us', async () => {
    const list = await findings(CONTRACTS_DIR, PROVIDER, 'pacts');
    const update = list.filter((f) => f.method === 'POST' && f.path === '/interactions/{interaction_id}');
    expect(update.filter((f) => f.where === 'request body')).toEqual([
      expect.objectContaining({
        rule: 'ref-sibling-nullable-ambiguous',
        level: 'warning',
        pointer: '/properties/name/type',
      }),
      expect.objectContaining({ rule: 'request-property-opened', level: 'info' }),
    ]);
    expect(update.filter((f) => f.blocking).map((f) => `${f.rule} ${f.old}`)).toEqual([
      'api-security-removed header X-PROFICIENT-API-KEY + header X-PROFICIENT-USER-EXTERNAL-ID',
      'api-security-removed header X-PROFICIENT-API-KEY + header X-PROFICIENT-USER-EXTERNAL-ID' +
        ' + header X-PROFICIENT-USER-HMAC',
    ]);
    expect(list.filter((f) => f.rule === 'endpoint-added')).toHaveLength(11);
  });
});

describe('documents other tools read are compared; what only a strict reading refuses is a warning', () => {
  const minimal = (extra: Json = {}) => ({
    openapi: '3.0.3',
    paths: { '/things': { get: { responses: { '200': { description: 'ok' } } } } },
    ...extra,
  });

  it("a document without info is compared, with a 'document-invalid' warning (file, line, pointer)", async () => {
    const a = write('no-info-a.yaml', minimal());
    const changed = minimal();
    delete (changed.paths['/things'].get.responses as Json)['200'];
    const b = write('no-info-b.yaml', changed);
    const [old, now] = await Promise.all([loadOpenApi(a), loadOpenApi(b)]);
    const list = compare(old, now, { deadline: new Deadline(), today: '2026-12-01' });
    expect(list).toContainEqual(
      expect.objectContaining({
        rule: 'document-invalid',
        level: 'warning',
        where: expect.stringMatching(/^new document .*no-info-b\.yaml, line 1$/),
        pointer: '',
        message: 'the required "info" is missing',
      }),
    );
    expect(list).toContainEqual(
      expect.objectContaining({ rule: 'response-success-status-removed', level: 'breaking' }),
    );
  });

  it('a $ref standing for a properties map is resolved: one note, and the change inside it found', async () => {
    const withRef = (type: string) => ({
      ...api(
        '3.0.3',
        { type: 'object', properties: { $ref: '#/components/schemas/Fields' } },
        {
          Fields: { name: { type } },
        },
      ),
    });
    const [old, now] = await Promise.all([
      loadOpenApi(write('map-a.json', withRef('string'))),
      loadOpenApi(write('map-b.json', withRef('integer'))),
    ]);
    const list = compare(old, now, { deadline: new Deadline(), today: '2026-12-01' });
    expect(list.filter((f) => f.rule === 'document-ref-stands-for-map')).toHaveLength(2);
    expect(list).toContainEqual(
      expect.objectContaining({ rule: 'response-property-type-changed', pointer: '/properties/name/type' }),
    );
  });

  it("no silent depth limit: 600 levels down is 'schema-depth-not-compared', which fails the run", async () => {
    const nested = (leaf: string, depth: number) => {
      let schema: Json = { type: leaf };
      for (let i = 0; i < depth; i++) schema = { type: 'object', properties: { next: schema } };
      return schema;
    };
    const list = await findings(
      write('deep-a.json', api('3.1.0', nested('string', 600))),
      write('deep-b.json', api('3.1.0', nested('integer', 600))),
    );
    expect(list).toContainEqual(
      expect.objectContaining({ rule: 'schema-depth-not-compared', level: 'breaking', blocking: true }),
    );
    // 45 levels down (below the old silent limit of 40) is compared and found.
    const found = await findings(
      write('mid-a.json', api('3.1.0', nested('string', 45))),
      write('mid-b.json', api('3.1.0', nested('integer', 45))),
    );
    expect(found).toEqual([expect.objectContaining({ rule: 'response-property-type-changed', blocking: true })]);
  });
});

describe('judged by what the wire carries', () => {
  const withQuery = (type: string) => {
    const document = api('3.0.3', { type: 'string' });
    document.paths['/things/{id}'].get.parameters = [{ name: 'limit', in: 'query', schema: { type } }];
    return document;
  };

  it('query parameter integer -> string refuses nothing (info); string -> integer names a refused value', async () => {
    const integer = write('q-int.json', withQuery('integer'));
    const string = write('q-str.json', withQuery('string'));
    expect(rules(await findings(integer, string))).toEqual(['info request-property-type-generalized GET  /type']);
    const narrowed = await findings(string, integer);
    expect(narrowed).toEqual([
      expect.objectContaining({
        rule: 'request-property-type-changed',
        level: 'breaking',
        message: 'type changed: a value such as "abc" (string), accepted before, is now refused',
      }),
    ]);
  });

  it('a new required read-only property is not something a client must send', async () => {
    const body = (properties: Json, required: string[]) => {
      const document = api('3.1.0', { type: 'string' });
      document.paths['/things/{id}'].post = {
        requestBody: {
          content: { 'application/json': { schema: { type: 'object', properties, required } } },
        },
        responses: { '200': { description: 'ok' } },
      };
      return document;
    };
    const a = write('ro-a.json', body({ name: { type: 'string' } }, []));
    const b = write('ro-b.json', body({ name: { type: 'string' }, id: { type: 'string', readOnly: true } }, ['id']));
    expect(await findings(a, b)).toEqual([]);
  });

  it('inside anyOf, an optional field added and a nullable: false dropped are judged as such', async () => {
    const shape = (extra: Json) =>
      api(
        '3.0.3',
        {
          anyOf: [
            { $ref: '#/components/schemas/Card' },
            { type: 'object', properties: { iban: { type: 'string', ...extra } } },
          ],
        },
        { Card: { type: 'object', properties: { number: { type: 'string' } } } },
      );
    const grown = shape({});
    grown.components.schemas.Card.properties.brand = { type: 'string' };
    const list = await findings(write('any-a.json', shape({ nullable: false })), write('any-b.json', grown));
    expect(rules(list)).toEqual(['info response-optional-property-added GET 200 /anyOf/0/properties/brand']);
  });

  it('inside an additionalProperties schema, an optional field added is info, not "keyword changed"', async () => {
    const map = (properties: Json) =>
      api('3.1.0', { type: 'object', additionalProperties: { type: 'object', properties } });
    const list = await findings(
      write('ap-a.json', map({ id: { type: 'string' } })),
      write('ap-b.json', map({ id: { type: 'string' }, label: { type: 'string', 'x-internal': true } })),
    );
    expect(rules(list)).toEqual([
      'info response-optional-property-added GET 200 /additionalProperties/properties/label',
    ]);
  });

  it('nullable: true added beside $refs in a revision is named as the ambiguity it is', async () => {
    const doc = (nullable: boolean) =>
      api(
        '3.0.3',
        {
          type: 'object',
          properties: { owner: { $ref: '#/components/schemas/User', ...(nullable ? { nullable } : {}) } },
        },
        {
          User: { type: 'object', properties: { id: { type: 'string' } } },
        },
      );
    const list = await findings(write('amb-a.json', doc(false)), write('amb-b.json', doc(true)));
    expect(list).toEqual([
      expect.objectContaining({
        rule: 'ref-sibling-nullable-ambiguous',
        level: 'warning',
        pointer: '/properties/owner/type',
      }),
    ]);
  });
});

describe('one change, one finding; and paths are paired by their text, not their order', () => {
  it('a change to a schema three operations share is one line naming them; JSON keeps all three', async () => {
    const shared = (type: string) => {
      const document = api(
        '3.1.0',
        { $ref: '#/components/schemas/Thing' },
        { Thing: { type: 'object', properties: { size: { type } } } },
      );
      const get = document.paths['/things/{id}'].get;
      document.paths['/things'] = { get, post: get };
      return document;
    };
    const list = await findings(write('shared-a.json', shared('integer')), write('shared-b.json', shared('string')));
    expect(list.filter((f) => f.rule === 'response-property-type-changed')).toHaveLength(3);
    const lines = findingLines(list);
    expect(lines).toEqual([
      expect.stringMatching(
        /^BREAKING {2}response-property-type-changed {2}GET \/things\/\{id\}, GET \/things, \+1 200 response body #\/properties\/size\/type {2}integer -> string/,
      ),
    ]);
  });

  it('paths that differ only in parameter names keep their partners when their keys are reordered', async () => {
    const document = api('3.1.0', { type: 'string' });
    const item = (tag: string) => ({
      get: {
        operationId: tag,
        responses: {
          '200': {
            description: tag,
            content: { 'application/json': { schema: { type: tag === 'a' ? 'string' : 'integer' } } },
          },
        },
      },
    });
    document.paths = { '/items/{itemId}': item('a'), '/items/{id}': item('b') };
    const reordered = { ...document, paths: { '/items/{id}': item('b'), '/items/{itemId}': item('a') } };
    expect(await findings(write('pairs-a.json', document), write('pairs-b.json', reordered))).toEqual([]);
  });
});
