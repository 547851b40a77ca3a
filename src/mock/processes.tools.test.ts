/**
 * verify --mock on process-based mocks: WireMock for real (the wiremock
 * devDependency ships its standalone jar; Java 17 runs it), a command (the
 * reference provider, started as a team starts its own server), a stand-in
 * for Mockoon's CLI found on PATH, and the mock stopped when verify is
 * stopped by a signal.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../pacticipants';
import { runCli, spawnCli, tempReportDir } from '../test-support/run-cli';
import { alive } from '../test-support/processes';

const CLI = path.join(PROJECT_ROOT, 'dist', 'cli', 'main.js');
const SERVE = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} serve`;
const wiremock = (name: string) => `wiremock:${path.join('src', 'mock', 'fixtures', 'wiremock', name)}`;

describe('verify --mock wiremock: (the real WireMock)', () => {
  it('passes honest static mappings in the static profile, its default', async () => {
    const run = await runCli(['verify', '--mock', wiremock('honest-static')], { PATH: process.env.PATH });
    expect(run.stdout).toMatch(/Starting the mock: WireMock on .*honest-static, profile static/);
    expect(run.stdout).toMatch(/pact +8 +0 +0 +0/);
    expect(run.stdout).toMatch(/The contract holds\. \(3 skipped: see above\) \(exit 0\)/);
    expect(run.code).toBe(0);
  });

  it('names WireMock\'s "Request was not matched" at the first read, with its body and the fix', async () => {
    const run = await runCli(['verify', '--mock', wiremock('no-route')], { PATH: process.env.PATH });
    expect(run.stdout).toMatch(/GET \/interactions\/int_\w+ answered 404 \(WireMock's own answer\)/);
    expect(run.stdout).toMatch(/ {4}body: Request was not matched =+ -+ \| Closest stub/);
    expect(run.stdout).toMatch(
      / {4}fix: No WireMock stub matched GET \/interactions\/int_\w+: add a mapping under mappings\//,
    );
    expect(run.stdout).toMatch(/Root cause: status 404 explains \d+ failed checks/);
    expect(run.stdout).toContain('Stopped the mock (wiremock).');
    expect(run.code).toBe(1);
  });
});

describe('verify --mock cmd: and mockoon: (stand-in processes)', () => {
  it("runs any command with {port}: the reference provider as a team's own server passes every group", async () => {
    const run = await runCli(['verify', '--mock', `cmd:${SERVE} --port {port}`]);
    expect(run.stdout).toMatch(/profile stateful/);
    expect(run.stdout).toMatch(/total +35 +0 +0 +0/);
    expect(run.code).toBe(0);
  });

  it('starts mockoon-cli from PATH with the environment file, the free port and 127.0.0.1', async () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-mockoon-'));
    const argsFile = path.join(bin, 'args.txt');
    fs.writeFileSync(
      path.join(bin, 'mockoon-cli'),
      `#!/bin/sh\necho "$@" > ${JSON.stringify(argsFile)}\nexec ${SERVE} --port "$PORT"\n`,
      { mode: 0o755 },
    );
    const environment = path.join(bin, 'environment.json');
    fs.writeFileSync(environment, '{}');
    const run = await runCli(['verify', '--mock', `mockoon:${environment}`, '--checks', 'errors'], {
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    });
    expect(run.stdout).toMatch(/Starting the mock: Mockoon on .*environment\.json, profile static/);
    const port = /answering on http:\/\/127\.0\.0\.1:(\d+)/.exec(run.stdout)?.[1];
    expect(fs.readFileSync(argsFile, 'utf8').trim()).toBe(
      `start --data ${environment} --port ${port} --hostname 127.0.0.1 --disable-log-to-file --disable-admin-api`,
    );
    expect(run.code).toBe(0);
  });

  it('says the exact install command for a tool the project does not have', async () => {
    const run = await runCli(['verify', '--mock', 'prism:contracts/openapi.json'], { PATH: '/usr/bin:/bin' });
    expect(run.stderr).toContain('Prism (@stoplight/prism-cli) is not installed');
    expect(run.stderr).toContain('Install it: npm install --save-dev --save-exact @stoplight/prism-cli@5.14.2');
    expect(run.code).toBe(2);
  });

  it('shows the last output of a mock that dies before it answers (exit 2)', async () => {
    const run = await runCli(['verify', '--mock', `cmd:echo "cannot read db.json" >&2; exit 7`]);
    expect(run.stderr).toMatch(
      /The mock \(command .*\) exited \(code 7\) before it answered on http:\/\/127\.0\.0\.1:\d+/,
    );
    expect(run.stderr).toContain('  | cannot read db.json');
    expect(run.code).toBe(2);
  });

  it('says when the mock ends mid-run, with its last output; it never saw the real key (exit 3)', async () => {
    const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dying-mock-')), 'mock.js');
    fs.writeFileSync(
      script,
      `require('node:http').createServer((request, response) => {
         if (request.headers['x-contract-suite-probe']) return response.end('ready');
         console.log('got key ' + request.headers['x-proficient-api-key']);
         process.exit(9);
       }).listen(Number(process.argv[2]), '127.0.0.1');`,
    );
    const run = await runCli(['verify', '--mock', `cmd:${JSON.stringify(process.execPath)} ${script} {port}`], {
      PROFICIENT_API_KEY: 'pk_live_mocksecret',
      PROFICIENT_USER_EXTERNAL_ID: 'u_1',
    });
    expect(run.stdout).toContain('The mock exited (code 9) during the run. Its last output:');
    // A mock the suite started gets the gateway's example credentials, never the ones in the environment.
    expect(run.stdout).toContain('  | got key pk_placeholder_swapped_by_gateway');
    expect(`${run.stdout}${run.stderr}`).not.toContain('pk_live_mocksecret');
    expect(run.code).toBe(3);
  });

  it('stops the mock when verify is stopped by SIGTERM', async () => {
    const pidFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mock-pid-')), 'pid');
    const cli = spawnCli([
      'verify',
      '--mock',
      `cmd:echo $$ > ${pidFile}; exec ${SERVE} --port {port}`,
      '--samples',
      '1000',
      '--report-dir',
      tempReportDir(),
    ]);
    let stdout = '';
    const closed = new Promise<number | null>((resolve) => cli.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve) =>
      cli.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        if (stdout.includes('\nnames\n')) resolve();
      }),
    );
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    expect(alive(pid)).toBe(true);
    cli.kill('SIGTERM');
    expect(await closed).toBe(143);
    expect(stdout).toContain('Stopped the mock (cmd).');
    expect(alive(pid)).toBe(false);
  });

  it('stops a mock that is still starting when verify is interrupted (SIGINT), without waiting for it', async () => {
    const pidFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mock-pid-')), 'pid');
    const cli = spawnCli([
      'verify',
      '--mock',
      `cmd:echo $$ > ${pidFile}; exec sleep 60`,
      '--report-dir',
      tempReportDir(),
    ]);
    const closed = new Promise<number | null>((resolve) => cli.on('close', (code) => resolve(code)));
    while (!fs.existsSync(pidFile) || fs.readFileSync(pidFile, 'utf8') === '') {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    cli.kill('SIGINT');
    expect(await closed).toBe(130);
    expect(alive(pid)).toBe(false);
  });
});
