/**
 * `npm run bench`: how long `verify` takes end to end on the embedded default,
 * and its overhead over Pact's bare Verifier on the same pacts, in the same
 * run. Prints medians (and peak memory where GNU time is installed). Figures
 * go in the README; no test asserts them (these machines are noisy).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../pacticipants';

const runs = Number(process.argv[2] ?? 7);
const GNU_TIME = '/usr/bin/time';
const hasGnuTime = fs.existsSync(GNU_TIME);
const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-reports-'));

interface Sample {
  ms: number;
  peakKb?: number;
}

const BENCH_STATE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-state-'));

function measureOnce(args: string[]): Sample {
  const command = hasGnuTime ? GNU_TIME : process.execPath;
  const commandArgs = hasGnuTime ? ['-f', '%M', process.execPath, ...args] : args;
  const started = process.hrtime.bigint();
  const result = spawnSync(command, commandArgs, {
    cwd: PROJECT_ROOT,
    // A state folder of its own: the benchmark's journals and locks never touch the user's.
    env: { ...process.env, PACT_DO_NOT_TRACK: 'true', PROFICIENT_STATE_DIR: BENCH_STATE_DIR },
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0)
    throw new Error(`${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return { ms, peakKb: hasGnuTime ? Number(result.stderr.trim().split('\n').pop()) : undefined };
}

/** Runs each command `runs` times, alternating between them, so a busy moment weighs on all alike. */
function measureAlternating(commands: string[][]): Sample[][] {
  const samples: Sample[][] = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    commands.forEach((args, c) => samples[c].push(measureOnce(args)));
    process.stdout.write('.');
  }
  process.stdout.write('\n');
  return samples;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const cli = path.join('dist', 'cli', 'main.js');

/** Starts the reference provider 50 ms away (its own process: the measuring here blocks) and resolves to its URL. */
function startDelayedTarget(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [path.join('dist', 'bench', 'delayed-target.js'), '50'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve) =>
    child.stdout.once('data', (chunk: Buffer) => resolve({ url: chunk.toString().trim(), stop: () => child.kill() })),
  );
}

async function bench(): Promise<void> {
  console.log(`Benchmark: ${runs} alternating runs each, Node ${process.version}, ${os.cpus().length} cores`);
  const far = await startDelayedTarget();
  let samples: Sample[][];
  try {
    samples = measureAlternating([
      [path.join('dist', 'bench', 'bare-verifier.js')],
      [cli, 'verify', '--checks', 'pact', '--report-dir', reportDir],
      [cli, 'verify', '--report-dir', reportDir],
      [cli, 'verify', '--base-url', far.url, '--report-dir', reportDir],
    ]);
  } finally {
    // A failed run must not leave the distant target running.
    far.stop();
    fs.rmSync(reportDir, { recursive: true, force: true });
  }
  const [bare, pactOnly, full, distant] = samples;

  const rows = [
    row("Pact's bare Verifier, same pacts", bare),
    row('verify --checks pact', pactOnly),
    row('verify (all checks)', full),
    row('verify (all checks), the reference provider 50 ms away', distant),
  ];
  console.log('\n| run (median) | wall time | peak RSS |\n|---|---:|---:|');
  for (const r of rows) console.log(r.line);
  const ratio = (r: (typeof rows)[number]) => (r.ms / rows[0].ms).toFixed(2);
  console.log(
    `\nOverhead over the bare Verifier: verify --checks pact ${ratio(rows[1])}x, ` +
      `verify with every check ${ratio(rows[2])}x.`,
  );
}

function row(label: string, samples: Sample[]) {
  const ms = median(samples.map((s) => s.ms));
  const memory = samples[0].peakKb ? `${Math.round(median(samples.map((s) => s.peakKb!)) / 1024)} MiB` : 'n/a';
  return { label, ms, line: `| ${label} | ${Math.round(ms)} ms | ${memory} |` };
}

void bench();
