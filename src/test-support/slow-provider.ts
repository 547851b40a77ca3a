import http from 'node:http';
import https from 'node:https';
import { startReferenceProvider, type ReferenceProvider } from '../provider/server';
import { readBody } from './http-server';
import { closeServer, listenOn } from '../shared/listen';

/** Ways an honest provider can be slow or plain, as real staging platforms are. */
export interface SlowProviderOptions {
  /** The first request waits this long (a cold start). */
  firstDelayMs?: number;
  /** `Connection: close` on every response. */
  connectionClose?: boolean;
  /** Idle kept-alive sockets are closed after this long. */
  keepAliveTimeoutMs?: number;
  /** Every body is sent chunked, in two pieces a moment apart. */
  chunked?: boolean;
  /** The API lives below this path (e.g. /staging/v1); anything else is a 404. */
  pathPrefix?: string;
  /** Serve HTTPS with this key and certificate. */
  tls?: { key: string; cert: string };
}

export interface SlowProvider {
  /** The base URL, path prefix included. */
  url: string;
  honest: ReferenceProvider;
  /** Requests that came, those that missed the path prefix, and the connections they came on. */
  seen: { requests: number; outsidePrefix: number; connections: number };
  close(): Promise<void>;
}

/** The honest reference provider behind a front that is slow or plain in the ways `options` say. */
export async function startSlowProvider(options: SlowProviderOptions): Promise<SlowProvider> {
  const honest = await startReferenceProvider();
  const prefix = options.pathPrefix ?? '';
  const seen = { requests: 0, outsidePrefix: 0, connections: 0 };
  const handler: http.RequestListener = async (request, response) => {
    seen.requests += 1;
    const body = await readBody(request);
    if (seen.requests === 1 && options.firstDelayMs) await pause(options.firstDelayMs);
    if (options.connectionClose) response.setHeader('Connection', 'close');
    const url = request.url ?? '/';
    if (!url.startsWith(`${prefix}/`)) {
      seen.outsidePrefix += 1;
      response.writeHead(404, { 'Content-Type': 'application/json' });
      return response.end(JSON.stringify({ error: { code: 'resource_not_found', message: 'no such route' } }));
    }
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name)),
    ) as Record<string, string>;
    const upstream = await fetch(`${honest.url}${url.slice(prefix.length)}`, {
      method: request.method,
      headers,
      body: request.method === 'POST' ? body : undefined,
    });
    const text = await upstream.text();
    const contentType = upstream.headers.get('content-type') ?? 'application/json';
    if (!options.chunked) {
      response.writeHead(upstream.status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
      return response.end(text);
    }
    // No Content-Length: Node sends Transfer-Encoding: chunked.
    response.writeHead(upstream.status, { 'Content-Type': contentType });
    const half = Math.floor(text.length / 2);
    response.write(text.slice(0, half));
    await pause(5);
    response.end(text.slice(half));
  };
  const server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler);
  if (options.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = options.keepAliveTimeoutMs;
  server.on(options.tls ? 'secureConnection' : 'connection', () => (seen.connections += 1));
  const port = await listenOn(server);
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}${prefix}`,
    honest,
    seen,
    close: async () => {
      await closeServer(server);
      await honest.close();
    },
  };
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
