/**
 * action.yml and the step behind it cannot drift apart: every input declared
 * is mapped and handed to the step, every output declared is written by it,
 * and the step runs as the runner would run it (built entry, own process,
 * the caller's workspace as its folder).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { CONTRACTS_DIR, PROJECT_ROOT } from '../pacticipants';
import { readOutputs } from '../test-support/action-runner';
import { ACTION_COMMANDS, ACTION_INPUTS, FLAG_INPUTS, inputVariable } from './inputs';

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}
const action = YAML.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
};
const runStep = action.runs.steps.find((s) => s.id === 'run')!;

// One run of the built step, as the runner runs it, shared by the tests that read what it wrote.
let built: Awaited<ReturnType<typeof runBuiltStep>>;
beforeAll(async () => {
  built = await runBuiltStep({ command: 'diff', old: CONTRACTS_DIR, new: CONTRACTS_DIR });
});

describe('action.yml', () => {
  it('is a composite action whose inputs are exactly the ones the step maps', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs).sort()).toEqual([...Object.keys(FLAG_INPUTS), ...ACTION_INPUTS].sort());
    expect(action.inputs.command).toMatchObject({ required: true });
    for (const command of ACTION_COMMANDS) expect(action.inputs.command.description).toContain(command);
  });

  it('hands every input to the step as its INPUT_ variable, and nothing else as one', () => {
    const handed = Object.entries(runStep.env ?? {}).filter(([name]) => name.startsWith('INPUT_'));
    expect(Object.fromEntries(handed)).toEqual(
      Object.fromEntries(Object.keys(action.inputs).map((name) => [inputVariable(name), `\${{ inputs.${name} }}`])),
    );
  });

  it('takes no credential as an input: they come as environment variables from secrets', () => {
    expect(Object.keys(action.inputs).filter((name) => /token|key|secret|hmac|password/i.test(name))).toEqual([]);
  });

  it("installs the suite in the action's own checkout, cached on a hash of its lock file", () => {
    const install = action.runs.steps.find((s) => s.run?.startsWith('npm ci'))!;
    expect(install['working-directory']).toBe('${{ github.action_path }}');
    const hash = action.runs.steps.find((s) => s.id === 'lock')!;
    expect(hash.run).toContain('sha256sum "$GITHUB_ACTION_PATH/package-lock.json"');
    const cache = action.runs.steps.find((s) => s.uses?.startsWith('actions/cache@'))!;
    expect(cache.with?.key).toContain('${{ steps.lock.outputs.hash }}');
    expect(runStep.run).toBe('node "$GITHUB_ACTION_PATH/dist/action/run-action.js"');
  });

  it('declares as outputs what the step writes, each from the step', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(Object.keys(built.outputs).sort());
    for (const [name, { value }] of Object.entries(action.outputs))
      expect(value).toBe(`\${{ steps.run.outputs.${name} }}`);
  });
});

describe("the README's workflows", () => {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const workflows = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((block) => YAML.parse(block[1]) as { jobs: Record<string, { steps: Step[] }> })
    .filter((workflow) => JSON.stringify(workflow).includes('proficient-interaction-contract@v1'));

  it('show each use: staging nightly, a mock on every push, diff on pull requests', () => {
    const commands = workflows.flatMap((w) =>
      Object.values(w.jobs).flatMap((job) =>
        job.steps.filter((s) => s.uses?.includes('@v1')).map((s) => s.with?.command),
      ),
    );
    expect(commands).toEqual(['verify', 'mock', 'diff']);
  });

  it('use the action with the inputs it declares, and credentials only as environment variables', () => {
    for (const step of workflows.flatMap((w) => Object.values(w.jobs).flatMap((job) => job.steps))) {
      if (!step.uses?.includes('proficient-interaction-contract@v1')) continue;
      for (const name of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs)).toContain(name);
      for (const value of Object.values(step.with ?? {})) expect(String(value)).not.toMatch(/secrets\.|github\.token/);
    }
  });
});

describe('the built step, run as the runner runs it', () => {
  it("runs the CLI as its own process in the caller's workspace: relative paths are the caller's", () => {
    const step = built;
    expect(step.code).toBe(0);
    expect(step.stdout).toContain('No changes between');
    expect(step.outputs).toMatchObject({
      'exit-code': '0',
      status: 'holds',
      'summary-file': path.join('reports', 'diff-summary.md'),
    });
    expect(fs.readFileSync(path.join(step.workspace, 'reports', 'diff-summary.md'), 'utf8')).toContain(
      '## OpenAPI diff: no breaking changes',
    );
  });
});

/** dist/action/run-action.js in a fresh workspace folder, with the environment a runner gives a composite step. */
async function runBuiltStep(inputs: Record<string, string>) {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'action-workspace-'));
  const output = path.join(workspace, '..', `${path.basename(workspace)}-output`);
  fs.writeFileSync(output, '');
  const env = {
    PATH: process.env.PATH,
    PACT_DO_NOT_TRACK: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_ACTION_PATH: PROJECT_ROOT,
    GITHUB_OUTPUT: output,
    ...Object.fromEntries(
      Object.entries({ 'report-dir': 'reports', ...inputs }).map(([k, v]) => [inputVariable(k), v]),
    ),
  };
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'action', 'run-action.js')], {
    cwd: workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  return { code, stdout, workspace, outputs: readOutputs(fs.readFileSync(output, 'utf8')) };
}
