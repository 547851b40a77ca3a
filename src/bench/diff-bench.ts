/**
 * `npm run bench:diff`: how long `diff` takes, and how much memory, on two cases.
 *
 * - provider-shaped: the provider's client API fixture grown to about 1,000 lines of YAML.
 * - large: a description shaped like a big real one, generated here (no real provider's file): about
 *   3 MB of YAML, thousands of operations, components nested five deep and shared by hundreds of
 *   operations (enums of 60 values, allOf, oneOf with discriminators, a recursive schema), and a few
 *   real changes to shared components, so "one change, one finding" and the memoised comparison are
 *   both exercised.
 *
 * Prints the median in-process time (load, bundle, validate, diff, judge, report) and the CLI end to
 * end (with Node's start-up), with its peak memory. Figures go in the README; no test asserts them.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { Deadline } from '../contract/openapi';
import { pactUses } from '../diff/consumer';
import { compare, judgeFindings, load, render } from '../diff/pipeline';
import { PACTS_DIR, PROJECT_ROOT } from '../pacticipants';

type Json = Record<string, any>;

const runs = Number(process.argv[2] ?? 7);
const fixture = path.join(PROJECT_ROOT, 'src', 'diff', 'fixtures', 'provider-client-api.yaml');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-bench-'));

/** The fixture with its paths copied under /beta until the YAML is about 1,000 lines. */
function providerShaped(): [Json, Json] {
  const document = parse(fs.readFileSync(fixture, 'utf8')) as Json;
  for (const [route, item] of Object.entries(document.paths as Json)) {
    if (stringify(document).split('\n').length >= 1000) break;
    document.paths[`/beta${route}`] = structuredClone(item);
  }
  const now = structuredClone(document);
  delete now.paths['/agents'];
  now.components.schemas.InitialTurn.enum.push('system');
  now.components.schemas.Interaction.properties.total_message_count.type = 'number';
  delete now.components.schemas.Message.required;
  now.paths['/interactions/{interaction_id}'].post.responses['201'] = { description: 'Created' };
  return [document, now];
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A large description, built the same way every time. */
function large(): [Json, Json] {
  const schemas: Json = {
    Error: {
      type: 'object',
      required: ['code'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
    Node: {
      type: 'object',
      properties: { label: { type: 'string' }, children: { type: 'array', items: ref('Node') } },
    },
  };
  for (let k = 0; k < 40; k++)
    schemas[`Status${k}`] = { type: 'string', enum: Array.from({ length: 60 }, (_, v) => `status_${k}_${v}`) };
  for (let k = 0; k < 300; k++)
    schemas[`Leaf${k}`] = {
      type: 'object',
      required: ['id', 'status'],
      properties: {
        id: { type: 'string', pattern: '^[a-z0-9_]+$', maxLength: 64 },
        status: ref(`Status${k % 40}`),
        count: { type: 'integer', minimum: 0, maximum: 10_000 },
        amount: { type: 'number', format: 'double' },
        created_at: { type: 'string', format: 'date-time' },
        note: { type: 'string', nullable: true, description: `Free text about leaf ${k}.` },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 20 },
        tree: ref('Node'),
      },
    };
  for (let k = 0; k < 150; k++)
    schemas[`Mid${k}`] = {
      allOf: [
        { type: 'object', properties: { kind: { type: 'string' } }, required: ['kind'] },
        {
          type: 'object',
          properties: {
            primary: ref(`Leaf${(k * 2) % 300}`),
            secondary: ref(`Leaf${(k * 2 + 1) % 300}`),
            history: { type: 'array', items: ref(`Leaf${(k * 7) % 300}`) },
            extra: { type: 'object', additionalProperties: { type: 'string' } },
          },
        },
      ],
    };
  for (let k = 0; k < 60; k++)
    schemas[`Top${k}`] = {
      type: 'object',
      properties: {
        data: ref(`Mid${k % 150}`),
        related: { type: 'array', items: ref(`Mid${(k * 3 + 1) % 150}`) },
        variant: {
          oneOf: [ref(`Mid${(k + 5) % 150}`), ref(`Mid${(k + 9) % 150}`)],
          discriminator: { propertyName: 'kind' },
        },
        meta: { type: 'object', properties: { page: { type: 'integer' }, cursor: { type: 'string' } } },
      },
    };
  const paths: Json = {};
  for (let i = 0; i < 1900; i++) {
    const parameters = [
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
      { name: 'cursor', in: 'query', schema: { type: 'string' } },
      { name: 'X-Request-Id', in: 'header', schema: { type: 'string', format: 'uuid' } },
    ];
    const json = (schema: Json) => ({ 'application/json': { schema } });
    paths[`/area${i % 40}/resource${i}/{id}`] = {
      parameters,
      get: {
        operationId: `get${i}`,
        summary: `Read resource ${i}`,
        responses: {
          '200': { description: 'The resource', content: json(ref(`Top${i % 60}`)) },
          '404': { description: 'Not found', content: json(ref('Error')) },
        },
      },
      post: {
        operationId: `update${i}`,
        summary: `Update resource ${i}`,
        requestBody: { required: true, content: json(ref(`Mid${i % 150}`)) },
        responses: {
          '200': { description: 'Updated', content: json(ref(`Top${(i + 1) % 60}`)) },
          '400': { description: 'Invalid', content: json(ref('Error')) },
        },
      },
    };
  }
  const old = {
    openapi: '3.0.3',
    info: { title: 'A large generated API', version: '1.0.0' },
    paths,
    components: { schemas },
  };
  const now = structuredClone(old) as Json;
  now.components.schemas.Status3.enum.pop();
  now.components.schemas.Leaf7.properties.count.type = 'number';
  now.components.schemas.Mid5.allOf[1].required = ['primary'];
  delete now.paths['/area1/resource1/{id}'];
  now.info.version = '1.1.0';
  return [old, now];
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

async function once(oldFile: string, newFile: string): Promise<{ ms: number; findings: number }> {
  const started = process.hrtime.bigint();
  const deadline = new Deadline();
  const { before, after } = await load(oldFile, newFile, { old: {}, new: {}, deadline });
  const today = '2026-12-01';
  const findings = judgeFindings(compare(before, after, { deadline, today }), {
    uses: pactUses(PACTS_DIR),
    scope: 'all',
    failOn: 'breaking',
    today,
  });
  const lines = render(findings, 'text', { oldLabel: 'old', newLabel: 'new', scope: 'all', locate: () => ({}) });
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, findings: lines.length - 1 };
}

function cli(oldFile: string, newFile: string): { ms: number; peakMiB: number; cpuMs: number } {
  const started = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    [
      '-r',
      path.join(PROJECT_ROOT, 'dist', 'bench', 'report-peak-memory.js'),
      path.join('dist', 'cli', 'main.js'),
      'diff',
      oldFile,
      newFile,
    ],
    { cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 1) throw new Error(`diff exited ${result.status}, expected 1:\n${result.stderr}`);
  const [, peak, cpu] = /peak-rss-kib (\d+) cpu-us (\d+)/.exec(result.stderr) ?? [];
  return { ms, peakMiB: Number(peak) / 1024, cpuMs: Number(cpu) / 1000 };
}

void (async () => {
  console.log(
    `Benchmark: ${runs} runs, Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`,
  );
  for (const [name, [old, now]] of [
    ['provider-shaped', providerShaped()],
    ['large', large()],
  ] as const) {
    const oldFile = path.join(dir, `${name}-old.yaml`);
    const newFile = path.join(dir, `${name}-new.yaml`);
    fs.writeFileSync(oldFile, stringify(old));
    fs.writeFileSync(newFile, stringify(now));
    const size = fs.statSync(oldFile).size;
    const operations = Object.values(old.paths as Json).reduce(
      (n: number, item: Json) => n + Object.keys(item).filter((k) => k !== 'parameters').length,
      0,
    );
    console.log(
      `\n${name}: ${(size / 1024 / 1024).toFixed(2)} MB of YAML, ${operations} operations, ` +
        `${Object.keys(old.components.schemas).length} schemas`,
    );
    const first = await once(oldFile, newFile);
    const inProcess: number[] = [];
    for (let i = 0; i < runs; i++) inProcess.push((await once(oldFile, newFile)).ms);
    const ends = Array.from({ length: Math.min(runs, 5) }, () => cli(oldFile, newFile));
    console.log(`Findings (lines): ${first.findings}`);
    console.log(`| in process, first run (cold) | ${Math.round(first.ms)} ms |`);
    console.log(`| in process, median           | ${Math.round(median(inProcess))} ms |`);
    console.log(`| CLI end to end, median       | ${Math.round(median(ends.map((e) => e.ms)))} ms |`);
    console.log(`| CLI CPU time, median         | ${Math.round(median(ends.map((e) => e.cpuMs)))} ms |`);
    console.log(`| CLI peak memory, median      | ${Math.round(median(ends.map((e) => e.peakMiB)))} MiB |`);
  }
  if (process.env.BENCH_KEEP) console.log(`Kept the documents in ${dir}`);
  else fs.rmSync(dir, { recursive: true, force: true });
})();
