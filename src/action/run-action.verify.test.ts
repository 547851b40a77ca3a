/**
 * The action's step in a simulated runner: INPUT_* and GITHUB_* variables,
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY as files, the CLI run for real against
 * local providers. Each exit code of the suite becomes the status, the
 * annotation, the summary and the step result the action promises.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runActionStep } from '../test-support/action-runner';
import { pullRequestEvent, startFakeGitHub, type FakeGitHub } from '../test-support/fake-github';
import { closedPort } from '../test-support/http-server';
import { isInteraction, startTamperingProvider } from '../test-support/tampering-provider';
import { CONTRACTS_DIR } from '../pacticipants';

const TOKEN = 'ghs_tokenOfTheSimulatedRunner0000001';
const API_KEY = 'pk_live_keyOfTheSimulatedRunner00001';

describe('the action step, by exit code', () => {
  it('0: status holds, every report path as an output, no annotation, the step passes', async () => {
    const step = await runActionStep({ command: 'verify', checks: 'behaviour' });
    expect(step.code).toBe(0);
    expect(step.outputs).toEqual({
      'exit-code': '0',
      status: 'holds',
      'report-dir': step.reportDir,
      'html-report': path.join(step.reportDir, 'report.html'),
      'json-report': path.join(step.reportDir, 'verify-report.json'),
      'junit-report': path.join(step.reportDir, 'junit.xml'),
      'summary-file': path.join(step.reportDir, 'summary.md'),
    });
    for (const file of ['html-report', 'json-report', 'junit-report', 'summary-file'])
      expect(fs.existsSync(step.outputs[file])).toBe(true);
    expect(step.annotations).toEqual([]);
    expect(step.summary).toMatch(/^## Contract verification: The contract holds\./);
  });

  it('1: status broken, an error annotation with the verdict, the step fails', async () => {
    const provider = await startTamperingProvider((p) => isInteraction(p) && (p.body.name = 'not what was sent'));
    try {
      const step = await runActionStep({ command: 'verify', 'base-url': provider.url, checks: 'behaviour' });
      expect(step.code).toBe(1);
      expect(step.outputs).toMatchObject({ 'exit-code': '1', status: 'broken' });
      expect(step.annotations).toEqual([
        expect.stringMatching(/^error Contract broken: The contract is broken: \d+ of \d+ checks failed\.: see the/),
      ]);
      expect(fs.readFileSync(step.outputs['html-report'], 'utf8')).toContain('not what was sent');
    } finally {
      await provider.close();
    }
  });

  it('3: status not-verified, a warning and a NOT verified summary, never silently green', async () => {
    const step = await runActionStep({ command: 'verify', 'base-url': `http://127.0.0.1:${await closedPort()}` });
    expect(step.code).toBe(0);
    expect(step.outputs).toMatchObject({ 'exit-code': '3', status: 'not-verified' });
    expect(step.annotations).toEqual([
      expect.stringMatching(
        /^warning NOT verified: The provider could not be checked: .*The contract was not judged\.$/,
      ),
    ]);
    expect(step.summary).toContain('\n### NOT verified\n\nThe provider could not be checked');
    expect(fs.readFileSync(step.outputs['html-report'], 'utf8')).toContain(
      '<span class="badge unsure">NOT verified</span>',
    );
  });

  it('2: status invalid, an error annotation, the step fails: for the CLI and for the action itself', async () => {
    // Reports an earlier run left in the folder are not this run's.
    const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stale-reports-'));
    for (const file of ['report.html', 'summary.md', 'verify-report.json']) {
      fs.writeFileSync(path.join(reportDir, file), 'an earlier run');
      fs.utimesSync(path.join(reportDir, file), new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    }
    const cli = await runActionStep({ command: 'verify', 'base-url': 'staging.example.com', 'report-dir': reportDir });
    expect(cli.code).toBe(2);
    expect(cli.outputs).toMatchObject({ 'exit-code': '2', status: 'invalid', 'html-report': '', 'summary-file': '' });
    expect(cli.annotations).toEqual([
      expect.stringMatching(/^error Contract suite: invalid settings or input: verify exited 2/),
    ]);

    const own = await runActionStep({ command: 'verify', scope: 'pacts' });
    expect(own.code).toBe(2);
    expect(own.outputs).toEqual({
      'exit-code': '2',
      status: 'invalid',
      'report-dir': '',
      'html-report': '',
      'json-report': '',
      'junit-report': '',
      'summary-file': '',
    });

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'action-')), 'a-file');
    fs.writeFileSync(file, '');
    const folder = await runActionStep({ command: 'verify', 'report-dir': path.join(file, 'reports') });
    expect(folder.code).toBe(2);
    expect(folder.annotations).toEqual([
      expect.stringMatching(/input report-dir ".*a-file\/reports" cannot be created \(ENOTDIR\)/),
    ]);
    expect(own.annotations).toEqual([
      expect.stringMatching(
        /^error The contract action was used wrongly: The input scope is not used by command verify\./,
      ),
    ]);
  });

  it('runs diff with its two versions and gives its Markdown table as the summary file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'action-diff-'));
    const after = path.join(dir, 'after');
    fs.cpSync(CONTRACTS_DIR, after, { recursive: true });
    const schema = path.join(after, 'schemas', 'Interaction.schema.json');
    fs.writeFileSync(schema, fs.readFileSync(schema, 'utf8').replace('"integer"', '"string"'));
    const step = await runActionStep({ command: 'diff', old: CONTRACTS_DIR, new: after });
    expect(step.code).toBe(1);
    expect(step.outputs).toMatchObject({
      status: 'broken',
      'summary-file': path.join(step.reportDir, 'diff-summary.md'),
    });
    expect(fs.readFileSync(step.outputs['summary-file'], 'utf8')).toMatch(/^## OpenAPI diff: \d+ breaking change/);
    expect(step.annotations).toEqual([expect.stringMatching(/^error Breaking change: diff found/)]);
  });
});

describe('the pull-request comment from the action', () => {
  let github: FakeGitHub;
  beforeEach(async () => {
    github = await startFakeGitHub({ tokens: { [TOKEN]: 'write', read_only_token_of_a_fork: 'read' } });
  });
  afterEach(() => github.close());
  const onPullRequest = (token?: string) => ({
    GITHUB_API_URL: github.url,
    GITHUB_EVENT_PATH: pullRequestEvent(12),
    GITHUB_TOKEN: token,
    PROFICIENT_API_KEY: API_KEY,
  });

  it('is posted once, then edited by the next run, and carries no secret', async () => {
    const first = await runActionStep(
      { command: 'verify', checks: 'behaviour', comment: 'true' },
      onPullRequest(TOKEN),
    );
    const second = await runActionStep(
      { command: 'verify', checks: 'behaviour', comment: 'true' },
      onPullRequest(TOKEN),
    );
    expect(first.log).toContain('Pull-request comment created: https://github.example/c/1000');
    expect(second.log).toContain('Pull-request comment updated: https://github.example/c/1000');
    const comments = github.comments.get(12)!;
    expect(comments).toHaveLength(1);
    expect(comments[0].body).toMatch(
      /^<!-- proficient-contract:verify -->\n## Contract verification: The contract holds\./,
    );
    for (const text of [comments[0].body, ...first.log, first.summary, JSON.stringify(first.outputs)]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(API_KEY);
    }
    expect([first.code, second.code]).toEqual([0, 0]);
  });

  it('says NOT verified at the top of the comment when the provider could not be checked', async () => {
    const unreachable = `http://127.0.0.1:${await closedPort()}`;
    const step = await runActionStep(
      { command: 'verify', 'base-url': unreachable, comment: 'true' },
      onPullRequest(TOKEN),
    );
    expect(step.outputs.status).toBe('not-verified');
    expect(github.comments.get(12)![0].body).toMatch(
      /^<!-- proficient-contract:verify -->\n> \[!WARNING\]\n> \*\*NOT verified\*\*: this run says nothing/,
    );
  });

  it('without a token: a notice and the step summary alone; the step result is unchanged', async () => {
    const step = await runActionStep({ command: 'verify', checks: 'behaviour', comment: 'true' }, onPullRequest());
    expect(step.code).toBe(0);
    expect(step.annotations).toEqual([
      expect.stringMatching(/^notice Pull-request comment: No pull-request comment: GITHUB_TOKEN is not set/),
    ]);
    expect(step.summary).toMatch(/^## Contract verification: The contract holds\./);
    expect(github.requests).toEqual([]);
  });

  it("with a fork's read-only token: a notice, never a failure", async () => {
    const step = await runActionStep(
      { command: 'verify', checks: 'behaviour', comment: 'true' },
      onPullRequest('read_only_token_of_a_fork'),
    );
    expect(step.code).toBe(0);
    expect(step.annotations).toEqual([
      expect.stringMatching(/^notice Pull-request comment: No pull-request comment: GitHub answered 403.*fork/),
    ]);
    expect(step.log.join('\n')).not.toContain('read_only_token_of_a_fork');
  });

  it('on a run that is not for a pull request: a notice, and no request', async () => {
    const step = await runActionStep(
      { command: 'verify', checks: 'behaviour', comment: 'true' },
      { GITHUB_TOKEN: TOKEN },
    );
    expect(step.annotations).toEqual([
      'notice Pull-request comment: No pull-request comment: this run is not for a pull request.',
    ]);
    expect(github.requests).toEqual([]);
  });
});
