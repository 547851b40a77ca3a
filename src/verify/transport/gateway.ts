import http from 'node:http';
import https from 'node:https';
import {
  CREDENTIAL_HEADER_NAMES,
  CredentialHeader,
  credentialHeaders,
  type Credentials,
} from '../../contract/credentials';
import { backoffBefore, type RequestBudget } from './budget';
import { BodyCollector, decodeBody, DEFAULT_MAX_BODY_BYTES, mib, readBounded, tooLargeCause } from './bounded-body';
import { describeFailure, timeoutCause, type AttemptProgress } from './failure-cause';
import { statusVerdict } from './retry-after';
import { closeServer, listenOn } from '../../shared/listen';
import { CALLER_HEADER, CLEANUP_HEADER, GATEWAY_FAILURE_HEADER } from './gateway-connection';
import { outsideScope, type Scope } from './scope';
import type { WriterWatch } from '../staging/writer-watch';

/** Why a request got no usable answer from the target. */
export interface TransportFailure {
  request: string;
  /** One line naming the real cause, e.g. "connection refused (ECONNREFUSED) by 127.0.0.1:4010". */
  cause: string;
}

/** One request the gateway forwarded, and what came back. */
export interface Exchange {
  method: string;
  path: string;
  requestBody: string;
  /** Whether the request carried credentials (the gateway swapped in the real ones): to send it again alike. */
  credentials: boolean;
  status?: number;
  contentType?: string;
  responseBody?: string;
  attempts: number;
  failure?: TransportFailure;
  /** Set when the gateway refused to send it (outside the contract): why. The target never saw it. */
  refused?: string;
  /** What the run keeps of the answer: judged as it arrived, so no body is kept whole (memory stays bounded). */
  summary?: ResponseSummary;
}

/** What is kept of one answer: a bounded preview for messages, plus whatever the run's judge made of it. */
interface ResponseSummary {
  /** The body's start (RETAINED_BODY_BYTES at most, decoded). */
  preview: string;
  /** The body's length in characters. */
  length: number;
  /** The judge's verdict on the whole body (e.g. its schema violations). */
  judged?: unknown;
}

/** The most of a body an exchange keeps, for messages; the rest is judged as it arrives and let go. */
const RETAINED_BODY_BYTES = 2048;

/** Someone other than this run renamed the interaction while it ran. */
export interface OtherWriter {
  /** The name that was read, JSON-quoted. */
  seen: string;
  request: string;
}

export interface GatewayOptions {
  /** The target's base URL (may carry a path prefix). */
  target: URL;
  /** Real credentials, swapped in for the example values in requests that carry credentials. */
  credentials: Credentials;
  /** How long one attempt may take, how often a transient failure is retried, how long a pause may be. */
  budget: RequestBudget;
  /** The largest body read, each way (--max-body-mib); past it the attempt is abandoned. Default 4 MiB. */
  maxBodyBytes?: number;
  /** What may be sent on at all: the contract's operations, for the run's interaction. */
  scope: Scope;
  /** The per-run secret that the run's own callers (its checks, its Pact worker) send in CALLER_HEADER. */
  callerToken: string;
  /** Watches the names read back, to stop the run when someone else renames the interaction. */
  watch?: WriterWatch;
  /** Judges a whole answer as it arrives; what it returns is kept instead of the body. */
  judge?: (exchange: Exchange, body: string) => unknown;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
  'host',
  'content-length',
  CLEANUP_HEADER,
  CALLER_HEADER,
]);
// What a request to the target may carry besides the credentials: what the contract's requests need.
const FORWARDED_HEADERS = ['accept', 'content-type'];
// A reused keep-alive socket the target had just closed: tried again on a fresh one, this many times at most.
const MAX_STALE_SOCKETS = 3;

/**
 * The one way this suite talks to a target. Pact's verifier and the live
 * checks both send through it, so that:
 * - real credentials are added here and nowhere else (Pact never sees them,
 *   so neither its pact files nor its logs can hold them);
 * - every attempt is bounded by the timeout (the whole body included) and
 *   every body by a size cap; transient failures are retried with backoff and
 *   rate limits waited out as Retry-After asks; Pact itself makes one attempt;
 * - a target that failed for good is not asked again (the run ends fast, exit 3);
 * - every exchange is recorded, for the schema checks and the report.
 */
export class TargetGateway {
  readonly exchanges: Exchange[] = [];
  readonly failures: TransportFailure[] = [];
  /** Set once a read showed a name this run did not set: from then on no check request is sent. */
  otherWriter?: OtherWriter;
  private server?: http.Server;
  private admittingChecks = true;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly agent: http.Agent;
  private readonly realCredentials: Record<string, string>;
  private readonly maxBodyBytes: number;
  /** Aborted when the run ends: waits before a retry stop short. */
  private readonly ending = new AbortController();

  constructor(private readonly options: GatewayOptions) {
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.agent =
      options.target.protocol === 'https:' ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
    this.realCredentials = credentialHeaders(options.credentials);
  }

  /** The local URL to send through (valid after start()). */
  url = '';

  async start(): Promise<string> {
    this.server = http.createServer((request, response) => {
      const forwarding = this.forward(request, response).catch((error: Error) => {
        // A bug here must not leave the caller waiting for an answer that never comes.
        const why = `the gateway failed: ${error.message}`;
        if (response.headersSent) return void response.end();
        response.writeHead(502, { 'Content-Type': 'application/json', [GATEWAY_FAILURE_HEADER]: headerSafe(why) });
        response.end(JSON.stringify({ gatewayFailure: why }));
      });
      this.inFlight.add(forwarding);
      void forwarding.finally(() => this.inFlight.delete(forwarding));
    });
    this.url = `http://127.0.0.1:${await listenOn(this.server)}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.ending.abort();
    this.agent.destroy();
    const server = this.server;
    if (!server) return;
    await closeServer(server);
  }

  /**
   * From now on only clean-up requests reach the target; resolves once every
   * request already on its way has finished, so nothing lands after the clean-up.
   */
  async closeToChecks(): Promise<void> {
    this.admittingChecks = false;
    this.ending.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  /** True once the target has failed for good: later requests are not sent. */
  get targetDown(): boolean {
    return this.failures.length > 0;
  }

  private async forward(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    // Only the run's own callers: another local process (a dev server, a browser page, another job
    // on a shared runner) that reaches this port gets no credentials and sends nothing on.
    if (request.headers[CALLER_HEADER] !== this.options.callerToken || !this.isOwnHost(request.headers.host)) {
      return this.refuse(response, 403, 'refused: not a caller of this run');
    }
    let body: Buffer;
    try {
      body = await readBounded(request, this.maxBodyBytes);
    } catch {
      // Our own side sent it (Pact or a check): refuse it here, the target never sees it.
      const why = `not sent: request body larger than ${mib(this.maxBodyBytes)}`;
      // Recorded with its failure and no answer: the check it belongs to judged nothing (not checked).
      this.exchanges.push({
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        requestBody: '',
        credentials: CREDENTIAL_HEADER_NAMES.some((name) => name in request.headers),
        attempts: 0,
        failure: { request: `${request.method} ${request.url}`, cause: why },
      });
      response.writeHead(413, {
        'Content-Type': 'application/json',
        Connection: 'close',
        [GATEWAY_FAILURE_HEADER]: why,
      });
      response.end(JSON.stringify({ gatewayFailure: why }));
      return;
    }
    const exchange: Exchange = {
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      requestBody: body.toString('utf8'),
      credentials: CREDENTIAL_HEADER_NAMES.some((name) => name in request.headers),
      attempts: 0,
    };
    this.exchanges.push(exchange);
    const label = `${exchange.method} ${exchange.path}`;
    const cleanUp = Boolean(request.headers[CLEANUP_HEADER]);
    const outside = outsideScope(this.options.scope, exchange.method, exchange.path);
    if (outside) {
      exchange.refused = outside;
      return this.refuse(response, 403, outside);
    }
    if (this.otherWriter && !cleanUp) {
      return this.refuse(
        response,
        502,
        `not sent: another writer changed the interaction (saw ${this.otherWriter.seen})`,
      );
    }
    const headers = this.outgoingHeaders(request.headers, body.length);
    const ownInteraction = this.isRunInteraction(exchange.path);
    if (ownInteraction && exchange.method === 'POST') this.options.watch?.sent(nameIn(exchange.requestBody));

    if (!this.admittingChecks && !cleanUp) {
      response.writeHead(502, {
        'Content-Type': 'application/json',
        [GATEWAY_FAILURE_HEADER]: 'not sent: the run is ending',
      });
      response.end(JSON.stringify({ gatewayFailure: 'not sent: the run is ending' }));
      return;
    }
    // Clean-up (putting the name back) is tried even after a failure: the outage may have passed.
    if (this.targetDown && !cleanUp) {
      return this.fail(
        response,
        exchange,
        { request: label, cause: `not sent: the target already failed (${this.failures[0].cause})` },
        false,
      );
    }

    const { budget } = this.options;
    let lastCause = '';
    for (let attempt = 1; attempt <= budget.attempts; attempt++) {
      exchange.attempts = attempt;
      const outcome = await this.attemptPastStaleSockets(exchange.method, exchange.path, headers, body);
      let waitMs: number;
      if ('response' in outcome) {
        const { status, headers: upstreamHeaders, body: upstreamBody } = outcome.response;
        const verdict = statusVerdict(status, upstreamHeaders['retry-after'], budget, attempt, Date.now());
        if (verdict.kind === 'answer') {
          exchange.status = status;
          exchange.contentType = String(upstreamHeaders['content-type'] ?? '');
          const text = upstreamBody.toString('utf8');
          exchange.summary = {
            // Decoded from the bytes, not sliced from `text`: a slice would keep the whole body alive.
            preview: upstreamBody.subarray(0, RETAINED_BODY_BYTES).toString('utf8'),
            length: text.length,
            judged: this.options.judge?.(exchange, text),
          };
          if (ownInteraction && status === 200 && !cleanUp) this.watchAnswer(exchange, text);
          const passOn = Object.fromEntries(Object.entries(upstreamHeaders).filter(([name]) => !HOP_BY_HOP.has(name)));
          response.writeHead(status, passOn);
          response.end(upstreamBody);
          return;
        }
        // A rate limit (429, 503 with Retry-After) is waited out as asked; a 502/503/504 backs off.
        lastCause = verdict.cause;
        if (verdict.kind === 'give-up') break;
        waitMs = verdict.waitMs;
      } else {
        lastCause = outcome.cause;
        // Only what may pass is retried: a cut connection. A timeout has had its full time already,
        // and a refused connection, an unknown host or an oversized body will not change in a second.
        if (!outcome.transient || attempt === budget.attempts) break;
        waitMs = backoffBefore(budget, attempt + 1);
      }
      if (!(await this.pause(waitMs, !cleanUp))) {
        const cause = `not retried: the run is ending (${lastCause})`;
        return this.fail(response, exchange, { request: label, cause }, false);
      }
    }
    const tries = exchange.attempts > 1 ? ` after ${exchange.attempts} attempts` : '';
    this.fail(response, exchange, { request: label, cause: `${lastCause}${tries}` }, true);
  }

  /** The run's own interaction (not a made-up id): whose names the watch follows. */
  private isRunInteraction(requestPath: string): boolean {
    const id = requestPath.split('/')[2];
    try {
      return id !== undefined && decodeURIComponent(id) === this.options.scope.interactionId;
    } catch {
      return false;
    }
  }

  /** A read that shows a name this run did not set stops the run; a write's answer is that write's own. */
  private watchAnswer(exchange: Exchange, text: string): void {
    const watch = this.options.watch;
    const name = nameIn(text);
    if (!watch || name === NO_NAME) return;
    const renamed = exchange.method === 'POST' && nameIn(exchange.requestBody) !== NO_NAME;
    // A read, or `{}` (which changes nothing, so it answers the current name): someone else's name is
    // another writer. A "" after `{}` is the bug the fields checks judge, not someone else's write.
    const reads = exchange.method === 'GET' || (!renamed && name !== '');
    const via = exchange.method === 'GET' ? 'GET' : '{}';
    const seen = watch.foreignAnswer(name) ?? (reads ? watch.foreignRead(name, via) : undefined);
    // A write's answer is that write's own doing, `{}` clearing the name included: a later read of it is no stranger's.
    if (renamed || (exchange.method === 'POST' && name === '')) watch.answered(name);
    if (seen && !this.otherWriter) this.otherWriter = { seen, request: `${exchange.method} ${exchange.path}` };
  }

  private isOwnHost(host: string | undefined): boolean {
    const port = new URL(this.url).port;
    return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
  }

  /** An answer the gateway makes itself: nothing was sent to the target. */
  private refuse(response: http.ServerResponse, status: number, why: string): void {
    response.writeHead(status, { 'Content-Type': 'application/json', [GATEWAY_FAILURE_HEADER]: headerSafe(why) });
    response.end(JSON.stringify({ gatewayFailure: why }));
  }

  /**
   * Waits before trying again; false when the run started ending meanwhile (a
   * long Retry-After must not hold up an interrupted run; clean-up waits on).
   */
  private pause(ms: number, endsWithTheRun: boolean): Promise<boolean> {
    const signal = this.ending.signal;
    if (endsWithTheRun && signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (waited: boolean) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onEnd);
        resolve(waited);
      };
      const onEnd = () => done(false);
      const timer = setTimeout(() => done(true), ms);
      if (endsWithTheRun) signal.addEventListener('abort', onEnd);
    });
  }

  private fail(response: http.ServerResponse, exchange: Exchange, failure: TransportFailure, record: boolean): void {
    exchange.failure = failure;
    if (record) this.failures.push(failure);
    response.writeHead(502, {
      'Content-Type': 'application/json',
      [GATEWAY_FAILURE_HEADER]: headerSafe(failure.cause),
    });
    response.end(JSON.stringify({ gatewayFailure: failure.cause }));
  }

  /**
   * The headers the contract names, and no others: a pact's own headers (an `X-HTTP-Method-Override`,
   * an `X-Original-URL`, an `X-Forwarded-Host`) could steer the target's framework or proxy past the
   * operation judged here. Example credentials are swapped for the real ones; a request that carries
   * none stays without.
   */
  private outgoingHeaders(incoming: http.IncomingHttpHeaders, length: number): http.OutgoingHttpHeaders {
    const outgoing: http.OutgoingHttpHeaders = {};
    for (const name of [...FORWARDED_HEADERS, ...CREDENTIAL_HEADER_NAMES]) {
      if (incoming[name] !== undefined) outgoing[name] = incoming[name];
    }
    const carriesCredentials = CREDENTIAL_HEADER_NAMES.some((name) => name in incoming);
    if (carriesCredentials && Object.keys(this.realCredentials).length > 0) {
      const userExternalId = incoming[CredentialHeader.userExternalId.toLowerCase()];
      for (const name of CREDENTIAL_HEADER_NAMES) delete outgoing[name];
      Object.assign(outgoing, this.realCredentials);
      // A request's own user id stands when none is configured: it is an id, not a secret.
      if (!this.options.credentials.userExternalId && userExternalId)
        outgoing[CredentialHeader.userExternalId] = userExternalId;
    }
    outgoing['content-length'] = length;
    // Plain bodies, so the schema checks read JSON and not gzip (a CDN in front of staging would compress).
    outgoing['accept-encoding'] = 'identity';
    outgoing.host = this.options.target.host;
    return outgoing;
  }

  /**
   * One attempt. A kept-alive socket the target closed just as it was reused
   * fails at once, before any answer: the request never reached the target,
   * so it goes again on a fresh socket without spending an attempt.
   */
  private async attemptPastStaleSockets(
    method: string,
    path: string,
    headers: http.OutgoingHttpHeaders,
    body: Buffer,
  ): Promise<AttemptOutcome> {
    for (let stale = 0; ; stale++) {
      const outcome = await this.attempt(method, path, headers, body);
      if (!('staleSocket' in outcome && outcome.staleSocket) || stale === MAX_STALE_SOCKETS) return outcome;
    }
  }

  private attempt(
    method: string,
    path: string,
    headers: http.OutgoingHttpHeaders,
    body: Buffer,
  ): Promise<AttemptOutcome> {
    const { target, budget } = this.options;
    const limit = this.maxBodyBytes;
    const client = target.protocol === 'https:' ? https : http;
    const where = `${target.hostname}:${target.port || (target.protocol === 'https:' ? 443 : 80)}`;
    const started = Date.now();
    const progress: AttemptProgress = { bytes: 0 };
    return new Promise((resolve) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const settle = (outcome: AttemptOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      // Stops reading: the socket is dropped, not returned to the pool half-read.
      const abandon = (outcome: AttemptOutcome) => {
        settle(outcome);
        upstream.destroy();
      };
      const upstream = client.request(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port,
          method,
          path: `${target.pathname.replace(/\/+$/, '')}${path}`,
          headers,
          agent: this.agent,
        },
        (incoming) => {
          progress.headersAfterMs = Date.now() - started;
          const announced = incoming.headers['content-length'];
          if (announced !== undefined && /^\d+$/.test(announced)) progress.announced = Number(announced);
          incoming.on('error', failed);
          if (progress.announced !== undefined && progress.announced > limit) {
            return abandon({
              cause: tooLargeCause(limit, `it announced ${progress.announced} bytes`),
              transient: false,
            });
          }
          const collected = new BodyCollector(limit);
          incoming.on('data', (chunk: Buffer) => {
            progress.bytes += chunk.length;
            if (!collected.add(chunk)) {
              abandon({ cause: tooLargeCause(limit, `stopped after ${progress.bytes} bytes`), transient: false });
            }
          });
          incoming.on('end', () => {
            try {
              const plain = decodeBody(incoming.headers, collected.body(), limit);
              settle({ response: { status: incoming.statusCode ?? 0, ...plain } });
            } catch (error) {
              settle({ cause: `${(error as Error).message} from ${where}`, transient: false });
            }
          });
        },
      );
      function failed(error: NodeJS.ErrnoException) {
        const { cause, transient } = describeFailure(error, where, progress);
        settle({
          cause,
          transient,
          staleSocket: upstream.reusedSocket && transient && progress.headersAfterMs === undefined,
        });
      }
      // One deadline for the whole attempt, the whole body included, not just socket idleness.
      timer = setTimeout(
        () => abandon({ cause: timeoutCause(budget.attemptMs, where, progress), transient: false }),
        budget.attemptMs,
      );
      upstream.on('error', failed);
      upstream.end(body);
    });
  }
}

/**
 * A header value carries Latin-1 only: the cause in the failure header, with
 * the dash made plain and anything else outside printable ASCII escaped. The
 * JSON body and `failures` hold the cause as it is.
 */
function headerSafe(cause: string): string {
  return cause
    .replace(/—/g, '-')
    .replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const NO_NAME = Symbol('no name');

/** The `name` of a JSON object body, or NO_NAME where there is none (not JSON, not an object, no name). */
function nameIn(text: string): unknown {
  try {
    const body = JSON.parse(text) as unknown;
    return body !== null && typeof body === 'object' && 'name' in body ? (body as { name: unknown }).name : NO_NAME;
  } catch {
    return NO_NAME;
  }
}

type AttemptOutcome =
  | { response: { status: number; headers: http.IncomingHttpHeaders; body: Buffer } }
  | { cause: string; transient: boolean; staleSocket?: boolean };
