import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { loadOpenApi } from '../contract/openapi';
import { CONTRACTS_DIR, PACTS_DIR } from '../pacticipants';
import { judge, pactUses } from './consumer';
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
  return judge(raw, pactUses(PACTS_DIR), scope);
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
    expect(rules(await findings(before, after))).toEqual([
      'warning response-non-success-status-removed GET 404',
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
