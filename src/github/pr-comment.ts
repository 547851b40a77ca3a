/**
 * One pull-request comment per command, edited in place: the comment starts
 * with a hidden marker, so the next run finds it and edits it instead of
 * adding another. REST at $GITHUB_API_URL with $GITHUB_TOKEN.
 *
 * A comment is a courtesy, never the verdict: no token, a fork's read-only
 * token (403), an API that is down or slow, all end as a notice, and the step
 * summary still has everything. The token is sent only to $GITHUB_API_URL,
 * never followed through a redirect, and never printed: every text this
 * module returns is redacted of it.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { redactorFor } from '../shared/redact';
import { safeLine } from '../shared/safe-text';
import { readBounded } from '../verify/transport/bounded-body';

/** GitHub refuses a comment over 65,536 characters; the cut leaves room for the note that says so. */
const MAX_COMMENT_CHARS = 60_000;
/** Bounds on what the API may make this step read or wait for. */
const LIMITS = { timeoutMs: 10_000, maxBodyBytes: 2 * 1024 * 1024, maxPages: 20, perPage: 100 };

export interface CommentPlace {
  /** $GITHUB_API_URL, e.g. https://api.github.com */
  apiUrl: string;
  /** $GITHUB_REPOSITORY, owner/name */
  repository: string;
  /** The pull request's number (a pull request is an issue to the comments API). */
  issueNumber: number;
}

export type CommentOutcome = { done: 'created' | 'updated'; url?: string } | { notice: string };

/**
 * The hidden first line of the comment a command owns: `<!-- proficient-contract:verify -->`. Only plain
 * characters are kept of `key` (a mock's name comes from the workflow): nothing in it can end the comment.
 */
export function commentMarker(key: string): string {
  return `<!-- proficient-contract:${key.replace(/[^A-Za-z0-9:._/ -]/g, '_').replace(/--/g, '__')} -->`;
}

/** The pull request this run is for, from the event payload the runner wrote; undefined when it is not one. */
export function pullRequestNumber(env: NodeJS.ProcessEnv): number | undefined {
  const file = env.GITHUB_EVENT_PATH;
  if (!file || !fs.existsSync(file) || fs.statSync(file).size > 25 * 1024 * 1024) return undefined;
  try {
    const event = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      pull_request?: { number?: unknown };
      issue?: { number?: unknown; pull_request?: unknown };
    };
    const number = event.pull_request?.number ?? (event.issue?.pull_request ? event.issue.number : undefined);
    return Number.isSafeInteger(number) && (number as number) > 0 ? (number as number) : undefined;
  } catch {
    return undefined;
  }
}

/** Creates the comment that starts with `marker`, or edits it when an earlier run made it. Never throws. */
export async function upsertComment(
  place: CommentPlace,
  token: string | undefined,
  marker: string,
  markdown: string,
): Promise<CommentOutcome> {
  if (!token) {
    return {
      notice:
        'No pull-request comment: GITHUB_TOKEN is not set. Give the step env GITHUB_TOKEN: ${{ github.token }} ' +
        'and the job permissions pull-requests: write. The summary is in the step summary.',
    };
  }
  const redact = redactorFor([token]);
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(place.repository) || !/^https?:\/\//.test(place.apiUrl)) {
    return {
      notice: redact(
        `No pull-request comment: ${safeLine(`${place.apiUrl} ${place.repository}`)} is not a GitHub API.`,
      ),
    };
  }
  const api = new GitHubApi(place.apiUrl.replace(/\/+$/, ''), token);
  const body = `${marker}\n${shortened(markdown)}`;
  try {
    const issue = `/repos/${place.repository}/issues/${place.issueNumber}`;
    const existing = await findComment(api, `${issue}/comments`, marker);
    const answer = existing
      ? await api.send('PATCH', `/repos/${place.repository}/issues/comments/${existing}`, { body })
      : await api.send('POST', `${issue}/comments`, { body });
    if (answer.status < 200 || answer.status > 299) return { notice: redact(refusal(answer)) };
    const url = (answer.json as { html_url?: unknown } | undefined)?.html_url;
    return { done: existing ? 'updated' : 'created', url: typeof url === 'string' ? safeLine(url) : undefined };
  } catch (error) {
    if (error instanceof Refused) return { notice: redact(refusal(error.answer)) };
    return {
      notice: redact(`No pull-request comment: the GitHub API did not answer (${safeLine((error as Error).message)}).`),
    };
  }
}

/** The id of the comment this command owns on the pull request, reading at most `maxPages` pages. */
async function findComment(api: GitHubApi, path: string, marker: string): Promise<number | undefined> {
  for (let page = 1; page <= LIMITS.maxPages; page++) {
    const answer = await api.send('GET', `${path}?per_page=${LIMITS.perPage}&page=${page}`);
    if (answer.status !== 200) throw new Refused(answer);
    const comments = Array.isArray(answer.json) ? (answer.json as unknown[]) : [];
    for (const comment of comments) {
      const { id, body } = (comment ?? {}) as { id?: unknown; body?: unknown };
      if (typeof body === 'string' && body.startsWith(marker) && Number.isSafeInteger(id)) return id as number;
    }
    if (comments.length < LIMITS.perPage) return undefined;
  }
  return undefined;
}

interface Answer {
  status: number;
  json: unknown;
}

class Refused extends Error {
  constructor(readonly answer: Answer) {
    super(`HTTP ${answer.status}`);
  }
}

/** What a refusal means to the user; 401, 403 and 404 are what a fork's read-only token or missing permissions give. */
function refusal(answer: Answer): string {
  const said = (answer.json as { message?: unknown } | undefined)?.message;
  const why = typeof said === 'string' ? `: ${safeLine(said.slice(0, 200))}` : '';
  const hint =
    answer.status === 401 || answer.status === 403 || answer.status === 404
      ? ' The token may not write here (a pull request from a fork gets a read-only token; ' +
        'the job needs permissions pull-requests: write).'
      : '';
  return `No pull-request comment: GitHub answered ${answer.status}${why}.${hint} The summary is in the step summary.`;
}

/** A long summary cut at a line, with a note, so GitHub accepts the comment. */
function shortened(markdown: string): string {
  if (markdown.length <= MAX_COMMENT_CHARS) return markdown;
  const cut = markdown.lastIndexOf('\n', MAX_COMMENT_CHARS);
  const note = '… cut to fit a comment: the whole summary is in the step summary.';
  return `${markdown.slice(0, cut > 0 ? cut : MAX_COMMENT_CHARS)}\n\n${note}\n`;
}

/** The few REST calls this needs: bounded in time and size, JSON in and out, no redirect followed. */
class GitHubApi {
  constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  async send(method: 'GET' | 'POST' | 'PATCH', path: string, payload?: object): Promise<Answer> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      redirect: 'error',
      signal: AbortSignal.timeout(LIMITS.timeoutMs),
      headers: {
        Accept: 'application/vnd.github+json',
        Authorization: `Bearer ${this.token}`,
        'User-Agent': 'proficient-contract',
        'X-GitHub-Api-Version': '2022-11-28',
        ...(payload ? { 'Content-Type': 'application/json' } : {}),
      },
      body: payload ? JSON.stringify(payload) : undefined,
    });
    const stream = response.body
      ? Readable.fromWeb(response.body as import('node:stream/web').ReadableStream)
      : undefined;
    try {
      const text = stream ? (await readBounded(stream, LIMITS.maxBodyBytes)).toString('utf8') : '';
      return { status: response.status, json: parsed(text) };
    } finally {
      stream?.destroy();
    }
  }
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
