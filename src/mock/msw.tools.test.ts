/**
 * verify --mock msw: on real MSW handlers (the msw devDependency), as a team
 * writes them: honest ones pass, each typical mistake fails the check that
 * names it, in the profile it belongs to.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../test-support/run-cli';

const fixture = (name: string) => `msw:${path.join('src', 'mock', 'fixtures', 'msw', `${name}.mjs`)}`;

describe('verify --mock msw:', () => {
  it('passes honest stateful handlers written for the production URL, every group judged', async () => {
    const run = await runCli(['verify', '--mock', fixture('honest-stateful')]);
    expect(run.stdout).toMatch(/Starting the mock: MSW handlers .*honest-stateful\.mjs, profile stateful/);
    expect(run.stdout).toMatch(/total +35 +0 +0 +0/);
    expect(run.stdout).toMatch(/The contract holds\. \(exit 0\)/);
    expect(run.stdout).toMatch(/Stopped the mock \(msw\)\./);
    expect(run.code).toBe(0);
  });

  it('passes honest static handlers with --mock-profile static: names by type, behaviour skipped', async () => {
    const run = await runCli(['verify', '--mock', fixture('honest-static'), '--mock-profile', 'static']);
    expect(run.stdout).toMatch(/\(static mock: names held by type\)/);
    for (const group of ['behaviour', 'fields', 'names']) {
      expect(run.stdout).toContain(
        `- ${group} › every check of the group (0 ms) (skipped: not applicable to a static mock (--mock-profile static))`,
      );
    }
    // The pacts hold the consumer's GET read-back too: the static mock answers it (its example, 404 for another id).
    expect(run.stdout).toMatch(/pact +8 +0 +0 +0/);
    expect(run.stdout).toMatch(/errors +3 +0 +0 +0/);
    expect(run.stdout).toMatch(/schema +4 +0 +0 +0/);
    expect(run.stdout).toMatch(/current name "Trip planning" \(read with GET\)/);
    expect(run.stdout).not.toMatch(/No MSW handler matched/);
    expect(run.code).toBe(0);
  });

  it.each(['static', 'stateful'])(
    'fails timestamps in seconds for their own reason (--mock-profile %s)',
    async (profile) => {
      const run = await runCli(['verify', '--mock', fixture('seconds-timestamps'), '--mock-profile', profile]);
      expect(run.stdout).toContain('✗ schema › every 2xx response has millisecond timestamps (created_at, updated_at)');
      expect(run.stdout).toContain('(this looks like seconds, not milliseconds)');
      expect(run.code).toBe(1);
    },
  );

  it('fails a wrong enum value once, at its root cause, and points the other checks at it', async () => {
    const run = await runCli(['verify', '--mock', fixture('wrong-enum'), '--mock-profile', 'static']);
    expect(run.stdout).toMatch(/✗ schema › every 2xx response is an Interaction/);
    // Shown in full once (by the first check it broke), and never repeated by the other five.
    expect(run.stdout.match(/Expected 'assistant' to match '\^\(user\|agent\)\$'/g)).toHaveLength(1);
    expect(run.stdout).not.toContain('must be one of "user", "agent"');
    expect(run.stdout).toMatch(/same cause as pact › a request to clear the name of an interaction \(shown above\)/);
    expect(run.stdout).toMatch(/Root cause: \/initial_turn "assistant" explains 6 failed checks/);
    expect(run.code).toBe(1);
  });

  it('fails a stateful mock whose {} clears the name at "{} changes nothing" (it holds the shape)', async () => {
    const run = await runCli(['verify', '--mock', fixture('empty-update-clears-name')]);
    expect(run.stdout).toMatch(/✗ fields › \{\} changes nothing/);
    expect(run.stdout).toMatch(/The contract is broken: 1 of 35 checks failed\. \(exit 1\)/);
    expect(run.code).toBe(1);
  });

  it('names the requests no handler matched when the handlers are for another origin, and the cause', async () => {
    const run = await runCli([
      'verify',
      '--mock',
      fixture('honest-stateful'),
      '--mock-origin',
      'https://staging.example.com',
    ]);
    // The first read shows what answered, with a curl and the fix.
    expect(run.stdout).toMatch(/GET \/interactions\/int_\w+ answered 404 \(MSW's own answer\)/);
    expect(run.stdout).toContain('    body: {"error":"Mock not found"}');
    expect(run.stdout).toMatch(/ {4}reproduce: curl -sS -i -X GET 'http:\/\/127\.0\.0\.1:\d+\/interactions\/int_\w+'/);
    // Every check that needed an answer fails for the one reason, shown once.
    expect(run.stdout).toMatch(/Root cause: \/error string "Mock not found" explains \d+ failed checks/);
    expect(run.stdout).toMatch(
      /No MSW handler matched \d+ requests \(answered 404\):\n {2}GET \/interactions\/int_\w+( \(\d+×\))?\n {2}POST \/interactions\/int_\w+/,
    );
    expect(run.stdout).toContain('a handler for another origin needs --mock-origin');
    expect(run.code).toBe(1);
  });

  it('says how to install MSW when the project has none (resolved from the working directory)', async () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'no-msw-'));
    const handlers = path.join(project, 'handlers.mjs');
    fs.writeFileSync(handlers, 'export const handlers = [];\n');
    const cwd = process.cwd();
    process.chdir(project);
    try {
      const run = await runCli(['verify', '--mock', `msw:${handlers}`]);
      expect(run.stderr).toContain(`MSW (msw) is not installed in ${project}.`);
      expect(run.stderr).toContain('Install it: npm install --save-dev --save-exact msw@2.15.0');
      expect(run.code).toBe(2);
    } finally {
      process.chdir(cwd);
    }
  });
});
