import http from 'node:http';
import zlib from 'node:zlib';
import { startReferenceProvider, type ReferenceProvider } from '../provider/server';
import { InteractionStore, seededInteractionId } from '../provider/store';
import { listen, readBody, type RunningServer } from './http-server';

/** One response on its way back, for a tamperer to change. */
export interface Passing {
  method: string;
  path: string;
  requestHeaders: http.IncomingHttpHeaders;
  requestBody: string;
  status: number;
  headers: Record<string, string>;
  /** The parsed JSON body; a tamperer may replace it or set `raw` instead. */
  body: any;
  raw?: string;
}

export interface TamperingProvider extends RunningServer {
  /** The honest reference provider behind the tampering. */
  honest: ReferenceProvider;
}

/** How the honest provider behind the proxy differs from the plain one. */
export interface Variation {
  /** Its clock runs this far off the suite's (every time it stamps, and its seeded interaction's updated_at). */
  clockOffsetMs?: number;
  /** Changes a request body before the honest provider sees it (what it stores follows). */
  rewriteRequest?: (body: string) => string;
}

/**
 * An honest reference provider behind a proxy that changes its answers: one
 * way to build each deliberately broken (or harmlessly different) provider.
 * `before` may answer a request itself, without asking the honest provider, or hold it back a while.
 */
export async function startTamperingProvider(
  tamper: (passing: Passing) => void,
  before?: (
    request: http.IncomingMessage,
    body: string,
  ) => Partial<Passing> | undefined | Promise<Partial<Passing> | undefined>,
  delayMs = 0,
  variation: Variation = {},
): Promise<TamperingProvider> {
  const offset = variation.clockOffsetMs ?? 0;
  const honest = await startReferenceProvider({ store: new InteractionStore(() => Date.now() + offset) });
  if (offset !== 0) {
    const seeded = honest.store.get(seededInteractionId())!;
    honest.store.seed({ ...seeded, updated_at: Date.now() + offset });
  }
  const proxy = await listen(async (request, response) => {
    const received = await readBody(request);
    const requestBody = variation.rewriteRequest ? variation.rewriteRequest(received) : received;
    // A `before` may also hold a request back (a test's gate) before it answers or passes it on.
    const own = await before?.(request, requestBody);
    let passing: Passing;
    if (own) {
      passing = {
        method: request.method!,
        path: request.url!,
        requestHeaders: request.headers,
        requestBody,
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: undefined,
        ...own,
      };
    } else {
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(([k]) => k !== 'host' && k !== 'content-length'),
      ) as Record<string, string>;
      const upstream = await fetch(`${honest.url}${request.url}`, {
        method: request.method,
        headers,
        body: request.method === 'POST' ? requestBody : undefined,
      });
      const text = await upstream.text();
      passing = {
        method: request.method!,
        path: request.url!,
        requestHeaders: request.headers,
        requestBody,
        status: upstream.status,
        headers: { 'content-type': upstream.headers.get('content-type') ?? '' },
        body: JSON.parse(text),
      };
    }
    tamper(passing);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const body = passing.raw ?? JSON.stringify(passing.body);
    response.writeHead(passing.status, passing.headers);
    // A tamperer that sets Content-Encoding: gzip gets a compressed body, whatever the client asked for.
    response.end(passing.headers['content-encoding'] === 'gzip' ? zlib.gzipSync(body) : body);
  });
  return {
    ...proxy,
    honest,
    close: async () => {
      await proxy.close();
      await honest.close();
    },
  };
}

/** True for a successful Interaction body. */
export const isInteraction = (p: Passing) => p.status === 200 && p.body && typeof p.body === 'object' && 'id' in p.body;
/** True for an ApiError body. */
export const isApiError = (p: Passing) => p.status >= 400 && p.body && typeof p.body === 'object' && 'error' in p.body;
