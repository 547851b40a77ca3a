import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../cli/main';
import { PROJECT_ROOT } from '../pacticipants';
import { startPactReplay, type PactReplay } from '../verify/pact/replay';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  reportDir: string;
}

/** A fresh report folder per run, so tests never read each other's reports. */
export function tempReportDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'contract-reports-'));
}

let stateDir: string | undefined;
/** One state folder per test file (journals, locks): tests never touch the user's own. */
function testStateDir(): string {
  stateDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'contract-state-'));
  return stateDir;
}

let sharedWorker: PactReplay | undefined;

/**
 * One Pact process per test file, shared by its verify runs: loading Pact is
 * most of a run's cost. Closed after each file (jest-after-env.ts).
 */
function sharedPactWorker(): PactReplay {
  sharedWorker ??= startPactReplay();
  return sharedWorker;
}

export function closeSharedPactWorker(): void {
  sharedWorker?.close();
  sharedWorker = undefined;
}

/**
 * Runs the CLI in this process, capturing what it prints. Verify runs share
 * this file's Pact process unless `ownPactWorker` is set: a run from a broker
 * (its worker gets the broker's settings), or one that must start Pact afresh.
 */
export async function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  options: { ownPactWorker?: boolean } = {},
): Promise<CliRun> {
  const reportDir = tempReportDir();
  const stdout: string[] = [];
  const stderr: string[] = [];
  const withReports =
    args[0] === 'verify' && !args.includes('--report-dir') ? [...args, '--report-dir', reportDir] : args;
  const code = await main(withReports, {
    out: (line) => stdout.push(line),
    err: (line) => stderr.push(line),
    env: { PATH: process.env.PATH, PROFICIENT_STATE_DIR: testStateDir(), ...env },
    readStdin: async () => env.__STDIN ?? '',
    pactWorker: args[0] === 'verify' && !options.ownPactWorker ? sharedPactWorker() : undefined,
  });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n'), reportDir };
}

/** The built CLI (dist/), started as its own process: for signals and for everything the process itself prints. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'cli', 'main.js'), ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, PACT_DO_NOT_TRACK: 'true', PROFICIENT_STATE_DIR: testStateDir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the built CLI to completion and collects its output. */
export function runCliProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const child = spawnCli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const reportDir = args.includes('--report-dir')
    ? args[args.indexOf('--report-dir') + 1]
    : path.join(PROJECT_ROOT, 'reports');
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, reportDir })),
  );
}
