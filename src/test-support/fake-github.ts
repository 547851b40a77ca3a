import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listen, readBody, sendJson, type RunningServer } from './http-server';

/** A comment as the fake keeps it. */
interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: string };
}

export interface FakeGitHub extends RunningServer {
  /** Comments by issue number. */
  comments: Map<number, FakeComment[]>;
  /** Every request: method, path and query, and the Authorization header it carried. */
  requests: { method: string; url: string; authorization?: string }[];
}

interface FakeGitHubOptions {
  /** Tokens and what they may do: a fork's pull request gets a token that reads only. */
  tokens: Record<string, 'write' | 'read'>;
  /** Answers the comment list with this many bytes of JSON-looking text instead (a hostile or broken API). */
  endlessList?: boolean;
}

/**
 * The part of GitHub's REST API that the pull-request comment uses: list an
 * issue's comments (paginated), create one, edit one. On 127.0.0.1, port 0.
 */
export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const comments = new Map<number, FakeComment[]>();
  const requests: FakeGitHub['requests'] = [];
  let nextId = 1000;
  const server = await listen(async (request, response) => {
    const url = new URL(request.url!, 'http://fake');
    const authorization = request.headers.authorization;
    requests.push({ method: request.method!, url: `${url.pathname}${url.search}`, authorization });
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const may = token ? options.tokens[token] : undefined;
    if (!may) return sendJson(response, 401, { message: 'Bad credentials' });
    const list = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const one = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(url.pathname);
    const body = await readBody(request);
    if (list && request.method === 'GET') {
      if (options.endlessList) {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        const chunk = `[${'{"id":1,"body":"x"},'.repeat(5_000)}`;
        const drip = () => {
          if (!response.destroyed) response.write(chunk, () => setImmediate(drip));
        };
        return drip();
      }
      const all = comments.get(Number(list[1])) ?? [];
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      return sendJson(response, 200, all.slice((page - 1) * perPage, page * perPage));
    }
    // GitHub's answer to a read-only token that tries to write.
    if (may === 'read') return sendJson(response, 403, { message: 'Resource not accessible by integration' });
    if (list && request.method === 'POST') {
      const comment = {
        id: nextId++,
        body: JSON.parse(body).body,
        user: { login: 'github-actions[bot]', type: 'Bot' },
      };
      comments.set(Number(list[1]), [...(comments.get(Number(list[1])) ?? []), comment]);
      return sendJson(response, 201, { ...comment, html_url: `https://github.example/c/${comment.id}` });
    }
    if (one && request.method === 'PATCH') {
      const comment = [...comments.values()].flat().find((c) => c.id === Number(one[1]));
      if (!comment) return sendJson(response, 404, { message: 'Not Found' });
      comment.body = JSON.parse(body).body;
      return sendJson(response, 200, { ...comment, html_url: `https://github.example/c/${comment.id}` });
    }
    sendJson(response, 404, { message: 'Not Found' });
  });
  return { ...server, comments, requests };
}

/** A pull_request event payload, written where the runner writes it ($GITHUB_EVENT_PATH). */
export function pullRequestEvent(number: number): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'github-event-')), 'event.json');
  fs.writeFileSync(file, JSON.stringify({ action: 'synchronize', number, pull_request: { number } }));
  return file;
}
