/**
 * `npm run bench:diff`: how long `diff` takes on two OpenAPI documents of about 1,000 lines each
 * (the size of a provider's whole published client API). Both are built from the provider-shaped
 * test fixture, grown with more paths; the new one carries a handful of real changes. Prints the
 * median in-process time (load, bundle, validate, diff, report) and the CLI end to end (with Node's
 * start-up). Figures go in the README; no test asserts them (these machines are noisy).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { loadOpenApi } from '../contract/openapi';
import { judge, pactUses } from '../diff/consumer';
import { diffOperations } from '../diff/operation-diff';
import { findingLines } from '../diff/report';
import { PACTS_DIR, PROJECT_ROOT } from '../pacticipants';

type Json = Record<string, any>;

const runs = Number(process.argv[2] ?? 15);
const fixture = path.join(PROJECT_ROOT, 'src', 'diff', 'fixtures', 'provider-client-api.yaml');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-bench-'));

/** The fixture with its paths copied under /beta until the YAML is about 1,000 lines. */
function grown(): Json {
  const document = parse(fs.readFileSync(fixture, 'utf8')) as Json;
  const paths = Object.entries(document.paths as Json);
  for (const [route, item] of paths) {
    if (stringify(document).split('\n').length >= 1000) break;
    document.paths[`/beta${route}`] = structuredClone(item);
  }
  return document;
}

const old = grown();
const now = structuredClone(old);
delete now.paths['/agents'];
now.components.schemas.InitialTurn.enum.push('system');
now.components.schemas.Interaction.properties.total_message_count.type = 'number';
delete now.components.schemas.Message.required;
now.paths['/interactions/{interaction_id}'].post.responses['201'] = { description: 'Created' };

const oldFile = path.join(dir, 'old.yaml');
const newFile = path.join(dir, 'new.yaml');
fs.writeFileSync(oldFile, stringify(old));
fs.writeFileSync(newFile, stringify(now));
const lines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').length;

async function once(): Promise<{ ms: number; findings: number }> {
  const started = process.hrtime.bigint();
  const [a, b] = await Promise.all([loadOpenApi(oldFile), loadOpenApi(newFile)]);
  const findings = judge(
    diffOperations({ root: a.document, version: a.version }, { root: b.document, version: b.version }),
    pactUses(PACTS_DIR),
  );
  findingLines(findings);
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, findings: findings.length };
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

void (async () => {
  console.log(`Benchmark: ${runs} runs, Node ${process.version}, ${os.cpus().length} cores`);
  console.log(`Documents: ${lines(oldFile)} and ${lines(newFile)} lines of YAML (OpenAPI ${old.openapi})`);
  const first = await once();
  const inProcess: number[] = [];
  for (let i = 0; i < runs; i++) inProcess.push((await once()).ms);
  const cli: number[] = [];
  for (let i = 0; i < Math.min(runs, 7); i++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [path.join('dist', 'cli', 'main.js'), 'diff', oldFile, newFile], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    });
    if (result.status !== 1) throw new Error(`diff exited ${result.status}, expected 1:\n${result.stderr}`);
    cli.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`Findings: ${first.findings}`);
  console.log(`| in process, first run (cold) | ${Math.round(first.ms)} ms |`);
  console.log(`| in process, median           | ${Math.round(median(inProcess))} ms |`);
  console.log(`| CLI end to end, median       | ${Math.round(median(cli))} ms |`);
})();
