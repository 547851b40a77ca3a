/**
 * `npm run bench:memory`: the peak memory (RSS) of `verify`, and of every
 * process it starts (the Pact replay), against a server that answers 200 and
 * then streams a body that never ends. The gateway reads a body up to its
 * cap and no further, so the peak must stay under 200 MiB; before that cap,
 * the gateway reached about 860 MiB in 10 s. Two targets: one that streams
 * for every request (the run stops at the first read), and one that answers
 * reads honestly and streams for every update (the Pact replay runs too).
 * A third target answers honestly with large bodies (an extra property, which
 * the contract allows, near the body cap) to a run with many --samples: what
 * a run keeps of each exchange is a bounded summary, so the peak does not grow
 * with the number of requests. Linux (reads /proc); the figure goes in the README.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../pacticipants';
import { startReferenceProvider } from '../provider/server';
import { closeServer, listenOn } from '../shared/listen';

const LIMIT_MIB = 200;
// With answers near the 4 MiB cap, garbage from the bodies in flight dominates: about 100 MiB + 64 x the cap.
const LARGE_LIMIT_MIB = 356;

/** 200, then spaces forever, as fast as the reader takes them (never buffered here). */
function streamForever(response: http.ServerResponse): void {
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.write('{"name": "');
  const chunk = Buffer.alloc(64 * 1024, ' ');
  const pump = () => {
    while (!response.destroyed && response.write(chunk));
    if (!response.destroyed) response.once('drain', pump);
  };
  pump();
}

type Behaviour = 'endless' | 'endless-updates' | 'large-honest';

// The large honest answers: this much padding, just under the default 4 MiB cap.
const PADDING_BYTES = 4 * 1024 * 1024 - 4096;

async function startTarget(behaviour: Behaviour): Promise<{ url: string; close(): Promise<void> }> {
  const honest = await startReferenceProvider();
  const padding = 'x'.repeat(PADDING_BYTES);
  const server = http.createServer(async (request, response) => {
    if (behaviour === 'large-honest') return padded(honest.url, request, response, padding);
    if (behaviour === 'endless' || request.method !== 'GET') return streamForever(response);
    const upstream = await fetch(`${honest.url}${request.url}`, { headers: request.headers as Record<string, string> });
    response.writeHead(upstream.status, { 'Content-Type': upstream.headers.get('content-type') ?? '' });
    response.end(await upstream.text());
  });
  const port = await listenOn(server);
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await closeServer(server);
      await honest.close();
    },
  };
}

/** The honest answer, with an extra property the contract allows, making it nearly as large as the cap. */
async function padded(base: string, request: http.IncomingMessage, response: http.ServerResponse, padding: string) {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const upstream = await fetch(`${base}${request.url}`, {
    method: request.method,
    headers: request.headers as Record<string, string>,
    body: request.method === 'POST' ? Buffer.concat(chunks) : undefined,
  });
  const text = await upstream.text();
  const body = upstream.status === 200 ? JSON.stringify({ ...JSON.parse(text), padding }) : text;
  response.writeHead(upstream.status, { 'Content-Type': upstream.headers.get('content-type') ?? '' });
  response.end(body);
}

/** A process's peak RSS so far (VmHWM), in KiB; undefined once it has gone. */
function peakKb(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Every process below `pid`. */
function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const listed = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (listed) children.push(...listed.split(/\s+/).map(Number));
    }
  } catch {
    children = [];
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/** Runs verify against `url`, polling the peak RSS of it and everything it starts. */
async function measure(
  url: string,
  extraArgs: string[],
): Promise<{ code: number | null; peaks: Map<string, number>; output: string }> {
  const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-memory-'));
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-state-'));
  const cli = path.join(PROJECT_ROOT, 'dist', 'cli', 'main.js');
  const child = spawn(process.execPath, [cli, 'verify', '--base-url', url, '--report-dir', reportDir, ...extraArgs], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PACT_DO_NOT_TRACK: 'true', PROFICIENT_STATE_DIR: stateDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const peaks = new Map<string, number>();
  const poll = () => {
    for (const [label, pid] of [
      ['verify', child.pid!],
      ...descendants(child.pid!).map((pid) => [`child pid ${pid}`, pid] as const),
    ] as const) {
      const kb = peakKb(pid);
      if (kb !== undefined) peaks.set(label, Math.max(peaks.get(label) ?? 0, kb));
    }
  };
  const timer = setInterval(poll, 25);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  fs.rmSync(reportDir, { recursive: true, force: true });
  return { code, peaks, output };
}

async function main(): Promise<void> {
  if (!fs.existsSync('/proc/self/status')) throw new Error('bench:memory reads /proc: run it on Linux.');
  console.log(`Peak RSS of verify against an endless 200 body (Node ${process.version}); limit ${LIMIT_MIB} MiB`);
  let worst = 0;
  // Large honest answers: the peak must not grow with the number of requests (a summary per exchange).
  const largest = new Map<string, number>();
  const cases: [string, Behaviour, string[]][] = [
    ['endless body on every request', 'endless', []],
    ['honest reads, endless body on every update', 'endless-updates', []],
    ...['100', '300'].map((samples): [string, Behaviour, string[]] => [
      `honest answers of ${(PADDING_BYTES / 1024 / 1024).toFixed(1)} MiB, --samples ${samples}`,
      'large-honest',
      ['--samples', samples],
    ]),
  ];
  for (const [label, behaviour, args] of cases) {
    const target = await startTarget(behaviour);
    try {
      const started = Date.now();
      const { code, peaks, output } = await measure(target.url, [...args]);
      const cause =
        /response body larger than [^\n]*/.exec(output)?.[0] ?? /^The contract [^\n]*/m.exec(output)?.[0] ?? '';
      console.log(`\n${label}: exit ${code} in ${((Date.now() - started) / 1000).toFixed(1)} s; ${cause}`);
      for (const [process, kb] of peaks) {
        if (behaviour === 'large-honest') largest.set(args[1], Math.max(largest.get(args[1]) ?? 0, kb));
        else worst = Math.max(worst, kb);
        console.log(`  ${process.padEnd(14)} ${(kb / 1024).toFixed(0).padStart(5)} MiB`);
      }
    } finally {
      await target.close();
    }
  }
  console.log(`\nLargest process against endless bodies: ${(worst / 1024).toFixed(0)} MiB (limit ${LIMIT_MIB} MiB)`);
  const [fewer, more] = ['100', '300'].map((samples) => (largest.get(samples) ?? 0) / 1024);
  console.log(
    `Large honest answers: ${fewer.toFixed(0)} MiB at --samples 100, ${more.toFixed(0)} MiB at --samples 300 ` +
      `(limit ${LARGE_LIMIT_MIB} MiB at the default 4 MiB cap; it must not grow with the samples)`,
  );
  if (worst / 1024 >= LIMIT_MIB || more >= LARGE_LIMIT_MIB || more > fewer * 1.5) process.exitCode = 1;
}

void main();
