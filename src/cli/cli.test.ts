import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadContract } from '../contract/schemas';
import { PROJECT_ROOT } from '../pacticipants';
import { ENV } from '../config';
import { BROKER_ENV } from '../broker/settings';
import { runCli, spawnCli } from '../test-support/run-cli';

const example = (loadContract().schemas.Interaction.examples as object[])[0];
let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('validate', () => {
  it('exits 0 for a valid document', async () => {
    fs.writeFileSync(path.join(dir, 'ok.json'), JSON.stringify(example));
    const run = await runCli(['validate', path.join(dir, 'ok.json')]);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toMatch(/valid Interaction/);
  });

  it('exits 1 and lists every problem, one line each', async () => {
    fs.writeFileSync(
      path.join(dir, 'bad.json'),
      JSON.stringify({ ...example, initial_turn: 'assistant', created_at: '2026' }),
    );
    const run = await runCli(['validate', path.join(dir, 'bad.json')]);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')).toEqual([
      `${path.join(dir, 'bad.json')}: not a valid Interaction (2 problems)`,
      '  /created_at must be integer (got string "2026")',
      '  /initial_turn must be one of "user", "agent" (got "assistant")',
    ]);
  });

  it('reads standard input with -, and takes the other schemas', async () => {
    const run = await runCli(['validate', '-', '--schema', 'ApiError'], {
      __STDIN: '{"error":{"code":"conflict","message":"busy"}}',
    });
    expect(run).toMatchObject({ code: 0, stdout: 'standard input: valid ApiError' });
  });

  it.each([
    [['validate', 'nope.json'], /Cannot read document nope\.json: it does not exist/],
    [['validate', '-'], /standard input is not valid JSON/],
    [['validate', 'x.json', '--schema', 'Agent'], /argument 'Agent' is invalid/],
    [['validate'], /missing required argument 'file'/],
  ])('exits 2 on %j', async (args, message) => {
    const run = await runCli(args, { __STDIN: '{oops' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe('the command line as a whole', () => {
  it('exits 2 on an unknown command, and 0 for --help', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(2);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['verify', 'serve', 'validate', 'diff', 'check-pacts', 'stub', 'publish', 'can-i-deploy'])
      expect(help.stdout).toContain(command);
  });

  it('serve runs the reference provider until SIGTERM', async () => {
    const child = spawnCli(['serve', '--port', '0']);
    const url = await new Promise<string>((resolve) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (match) resolve(match[1]);
      });
    });
    const response = await fetch(`${url}/interactions/int_53mfKtX0Da6zaJCp5bNnzxDaEg1xptWvQDr2`, {
      headers: { 'X-PROFICIENT-API-KEY': 'pk_x', 'X-PROFICIENT-USER-EXTERNAL-ID': 'u' },
    });
    expect(response.status).toBe(200);
    child.kill('SIGTERM');
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
  });

  it('serve says which port is taken', async () => {
    const first = spawnCli(['serve', '--port', '0']);
    const port = await new Promise<string>((resolve) =>
      first.stdout.on('data', (c: Buffer) => {
        const m = /:(\d+)\n/.exec(c.toString());
        if (m) resolve(m[1]);
      }),
    );
    const run = await runCli(['serve', '--port', port]);
    first.kill('SIGTERM');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
  });
});

describe('the documentation matches the code', () => {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const workflow = fs.readFileSync(path.join(PROJECT_ROOT, '.github', 'workflows', 'contract.yml'), 'utf8');
  const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).scripts);

  it('every npm script the README and the workflow run exists', () => {
    const used = [...`${readme}\n${workflow}`.matchAll(/npm run (?:--silent )?([a-z][\w:-]*)/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(5);
    expect(used.filter((name) => !scripts.includes(name))).toEqual([]);
  });

  it('the README documents every environment variable the suite reads', () => {
    const missing = [...Object.values(ENV), ...Object.values(BROKER_ENV)].filter(
      (name) => !readme.includes(`\`${name}\``),
    );
    expect(missing).toEqual([]);
  });
});
