import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pullRequestEvent, startFakeGitHub, type FakeGitHub } from '../test-support/fake-github';
import { commentMarker, pullRequestNumber, upsertComment } from './pr-comment';

const WRITE_TOKEN = 'ghs_writeTokenForTheTestOnly0001';
const READ_TOKEN = 'ghs_readOnlyTokenOfAFork00000002';
const marker = commentMarker('verify');

let github: FakeGitHub;
beforeEach(async () => {
  github = await startFakeGitHub({ tokens: { [WRITE_TOKEN]: 'write', [READ_TOKEN]: 'read' } });
});
afterEach(() => github.close());

const place = () => ({ apiUrl: github.url, repository: 'acme/app', issueNumber: 7 });

describe('the pull-request comment', () => {
  it('is created once, then edited in place by the next run', async () => {
    // Someone else's comments come first, over more than one page.
    github.comments.set(
      7,
      Array.from({ length: 120 }, (_, i) => ({
        id: i + 1,
        body: `comment ${i}`,
        user: { login: 'dev', type: 'User' },
      })),
    );
    expect(await upsertComment(place(), WRITE_TOKEN, marker, '## first run\n')).toMatchObject({ done: 'created' });
    expect(await upsertComment(place(), WRITE_TOKEN, marker, '## second run\n')).toMatchObject({ done: 'updated' });

    const ours = github.comments.get(7)!.filter((c) => c.body.startsWith(marker));
    expect(ours).toHaveLength(1);
    expect(ours[0].body).toBe(`${marker}\n## second run\n`);
    expect(github.comments.get(7)).toHaveLength(121);
    expect(github.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /repos/acme/app/issues/7/comments?per_page=100&page=1',
      'GET /repos/acme/app/issues/7/comments?per_page=100&page=2',
      'POST /repos/acme/app/issues/7/comments',
      'GET /repos/acme/app/issues/7/comments?per_page=100&page=1',
      'GET /repos/acme/app/issues/7/comments?per_page=100&page=2',
      `PATCH /repos/acme/app/issues/comments/${ours[0].id}`,
    ]);
    expect(github.requests.every((r) => r.authorization === `Bearer ${WRITE_TOKEN}`)).toBe(true);
  });

  it('without a token: a notice, and no request at all', async () => {
    const outcome = await upsertComment(place(), undefined, marker, '## summary\n');
    expect(outcome).toEqual({ notice: expect.stringMatching(/^No pull-request comment: GITHUB_TOKEN is not set/) });
    expect(github.requests).toEqual([]);
  });

  it("with a fork's read-only token (403): a notice that says why, without the token", async () => {
    const outcome = await upsertComment(place(), READ_TOKEN, marker, '## summary\n');
    expect(outcome).toEqual({
      notice: expect.stringMatching(/GitHub answered 403: Resource not accessible by integration\. .*fork/),
    });
    expect(JSON.stringify(outcome)).not.toContain(READ_TOKEN);
    expect(github.comments.get(7)).toBeUndefined();
  });

  it('an answer larger than it reads is a notice, not a hang or a crash', async () => {
    await github.close();
    github = await startFakeGitHub({ tokens: { [WRITE_TOKEN]: 'write' }, endlessList: true });
    const outcome = await upsertComment(place(), WRITE_TOKEN, marker, '## summary\n');
    expect(outcome).toEqual({ notice: expect.stringMatching(/did not answer \(body larger than 2 MiB\)/) });
  });

  it('an API that is not there is a notice', async () => {
    await github.close();
    const outcome = await upsertComment(place(), WRITE_TOKEN, marker, '## summary\n');
    expect(outcome).toEqual({
      notice: expect.stringMatching(/^No pull-request comment: the GitHub API did not answer/),
    });
  });

  it('a summary too long for a comment is cut at a line, with a note', async () => {
    const long = Array.from({ length: 3_000 }, (_, i) => `| row ${i} | ${'x'.repeat(20)} |`).join('\n');
    await upsertComment(place(), WRITE_TOKEN, marker, long);
    const body = github.comments.get(7)![0].body;
    expect(body.length).toBeLessThan(65_536);
    expect(body).toMatch(
      /\| row \d+ \| x+ \|\n\n… cut to fit a comment: the whole summary is in the step summary\.\n$/,
    );
  });
});

describe('the marker', () => {
  it('keeps to plain characters, so a name from the workflow cannot end the hidden comment', () => {
    expect(commentMarker('verify')).toBe('<!-- proficient-contract:verify -->');
    expect(commentMarker('mock msw:src/mocks/handlers.ts')).toBe(
      '<!-- proficient-contract:mock msw:src/mocks/handlers.ts -->',
    );
    expect(commentMarker('mock cmd:x --><script>')).toBe('<!-- proficient-contract:mock cmd:x ____script_ -->');
  });
});

describe('the pull request of the run', () => {
  it('is read from the event payload; any other event has none', () => {
    expect(pullRequestNumber({ GITHUB_EVENT_PATH: pullRequestEvent(42) })).toBe(42);
    const push = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'event-')), 'push.json');
    fs.writeFileSync(push, JSON.stringify({ ref: 'refs/heads/main' }));
    expect(pullRequestNumber({ GITHUB_EVENT_PATH: push })).toBeUndefined();
    expect(pullRequestNumber({})).toBeUndefined();
  });
});
