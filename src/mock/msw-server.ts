/**
 * Serves a module's MSW request handlers over HTTP on 127.0.0.1, with MSW's
 * own request handling (`getResponse`) behind node:http: no other server
 * library. Started by `verify --mock msw:FILE` as a child process it owns
 * (like every other kind of mock), with: the handlers' file, the origin the
 * handlers are written for, the port.
 *
 * A request arrives as http://127.0.0.1:PORT/path and is handed to the
 * handlers as ORIGIN/path, so handlers written for the production URL (as
 * apps write them) match. A request no handler matches gets MSW's usual 404
 * `{"error":"Mock not found"}` and a line on stderr naming method and path.
 */
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROBE_HEADER } from './mock-process';

/** The line the parent reads to list the requests no handler matched. */
export const UNHANDLED_PREFIX = '[msw] no handler matched ';
/** The header on the 404 for a request no handler matched (the body is MSW's usual one). */
export const UNHANDLED_HEADER = 'x-msw-unhandled';

const MAX_REQUEST_BYTES = 1024 * 1024;

type Handler = { run: unknown; info?: unknown };
type GetResponse = (
  handlers: Handler[],
  request: Request,
  context?: { baseUrl?: string },
) => Promise<Response | undefined>;

// A real dynamic import (TypeScript would turn import() into require(), which cannot load an ES module on Node 20).
const importModule = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;

/** The request handlers a module exports: `handlers`, a default export, or every handler it exports. */
function handlersOf(module: Record<string, unknown>): Handler[] {
  const isHandler = (value: unknown): value is Handler =>
    typeof value === 'object' && value !== null && typeof (value as Handler).run === 'function';
  const flat = (value: unknown): Handler[] =>
    Array.isArray(value) ? value.flatMap(flat) : isHandler(value) ? [value] : [];
  const fromDefault = module.default as Record<string, unknown> | undefined;
  for (const candidate of [module.handlers, fromDefault?.handlers, fromDefault]) {
    const found = flat(candidate);
    if (found.length > 0) return found;
  }
  return Object.values(module).flatMap(flat);
}

/** MSW as the handlers' own project has it (resolved from their file, then from the working directory). */
function resolveMsw(handlersFile: string): string {
  for (const from of [handlersFile, path.join(process.cwd(), 'package.json')]) {
    try {
      return createRequire(from).resolve('msw');
    } catch {
      // try the next place
    }
  }
  throw new Error(`msw is not installed where ${handlersFile} can use it`);
}

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) request.destroy(new Error('request body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

async function main(): Promise<void> {
  const [handlersFile, origin, portText] = process.argv.slice(2);
  const { getResponse } = (await importModule(pathToFileURL(resolveMsw(handlersFile)).href)) as {
    getResponse?: GetResponse;
  };
  if (typeof getResponse !== 'function') throw new Error('this msw has no getResponse: MSW 2.x is needed');
  if (!fs.existsSync(handlersFile)) throw new Error(`${handlersFile} does not exist`);
  const handlers = handlersOf((await importModule(pathToFileURL(handlersFile).href)) as Record<string, unknown>);
  if (handlers.length === 0) {
    throw new Error(`${handlersFile} exports no MSW request handlers (export them as \`handlers\`, an array)`);
  }

  const server = http.createServer(async (incoming, outgoing) => {
    const method = incoming.method ?? 'GET';
    const requestPath = incoming.url ?? '/';
    try {
      const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(incoming);
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (value !== undefined && name !== 'host') headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const request = new Request(new URL(requestPath, origin), { method, headers, body });
      const response = await getResponse(handlers, request, { baseUrl: origin });
      if (!response) {
        if (!incoming.headers[PROBE_HEADER])
          process.stderr.write(`${UNHANDLED_PREFIX}${method} ${requestPath.split('?')[0]}\n`);
        outgoing.writeHead(404, { 'Content-Type': 'application/json', [UNHANDLED_HEADER]: '1' });
        outgoing.end(JSON.stringify({ error: 'Mock not found' }));
        return;
      }
      const answer = Buffer.from(await response.arrayBuffer());
      const out: Record<string, string | string[]> = {};
      response.headers.forEach((value, name) => (out[name] = value));
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) out['set-cookie'] = cookies;
      outgoing.writeHead(response.status, response.statusText || undefined, out);
      outgoing.end(answer);
    } catch (error) {
      // A handler that throws is the mock's bug: a 500 (as MSW answers it in a browser), and the reason on stderr.
      process.stderr.write(`[msw] a handler threw on ${method} ${requestPath}: ${(error as Error).stack ?? error}\n`);
      if (!outgoing.headersSent) outgoing.writeHead(500, { 'Content-Type': 'application/json' });
      outgoing.end(JSON.stringify({ error: 'Unhandled exception in an MSW handler' }));
    }
  });
  server.listen(Number(portText), '127.0.0.1', () => {
    process.stdout.write(`MSW handlers from ${handlersFile} (${handlers.length}) on http://127.0.0.1:${portText}\n`);
  });
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

// Started as a program (the parent imports this file only for its constants).
if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}
