import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { CredentialHeader, credentialHeaders, type Credentials } from '../../contract/credentials';
import { backoffBefore, type RequestBudget } from './budget';

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
  status?: number;
  contentType?: string;
  responseBody?: string;
  attempts: number;
  failure?: TransportFailure;
}

export interface GatewayOptions {
  /** The target's base URL (may carry a path prefix). */
  target: URL;
  /** Real credentials, swapped in for the example values in requests that carry credentials. */
  credentials: Credentials;
  /** How long one attempt may take, how often a transient failure is retried, how long a pause may be. */
  budget: RequestBudget;
}

/** Marks the suite's own clean-up requests: the only ones let through once the run is ending. */
export const CLEANUP_HEADER = 'x-contract-suite-cleanup';

/** A header the gateway puts on answers it made up itself because the target gave none. */
export const GATEWAY_FAILURE_HEADER = 'x-contract-gateway-failure';

const CREDENTIAL_HEADERS = Object.values(CredentialHeader).map((h) => h.toLowerCase());
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
]);
const TRANSIENT_STATUS = new Set([502, 503, 504]);

/**
 * The one way this suite talks to a target. Pact's verifier and the live
 * checks both send through it, so that:
 * - real credentials are added here and nowhere else (Pact never sees them,
 *   so neither its pact files nor its logs can hold them);
 * - every attempt is bounded by the timeout, and transient failures are
 *   retried with backoff; Pact itself makes one attempt and never retries;
 * - a target that failed for good is not asked again (the run ends fast, exit 3);
 * - every exchange is recorded, for the schema checks and the report.
 */
export class TargetGateway {
  readonly exchanges: Exchange[] = [];
  readonly failures: TransportFailure[] = [];
  private server?: http.Server;
  private admittingChecks = true;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly agent: http.Agent;
  private readonly realCredentials: Record<string, string>;

  constructor(private readonly options: GatewayOptions) {
    this.agent =
      options.target.protocol === 'https:' ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
    this.realCredentials = credentialHeaders(options.credentials);
  }

  /** The local URL to send through (valid after start()). */
  url = '';

  async start(): Promise<string> {
    this.server = http.createServer((request, response) => {
      const forwarding = this.forward(request, response);
      this.inFlight.add(forwarding);
      void forwarding.finally(() => this.inFlight.delete(forwarding));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * From now on only clean-up requests reach the target; resolves once every
   * request already on its way has finished, so nothing lands after the clean-up.
   */
  async closeToChecks(): Promise<void> {
    this.admittingChecks = false;
    await Promise.allSettled([...this.inFlight]);
  }

  /** True once the target has failed for good: later requests are not sent. */
  get targetDown(): boolean {
    return this.failures.length > 0;
  }

  private async forward(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const body = await readAll(request);
    const exchange: Exchange = {
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      requestBody: body.toString('utf8'),
      attempts: 0,
    };
    this.exchanges.push(exchange);
    const headers = this.outgoingHeaders(request.headers, body.length);
    const label = `${exchange.method} ${exchange.path}`;

    if (!this.admittingChecks && !request.headers[CLEANUP_HEADER]) {
      response.writeHead(502, {
        'Content-Type': 'application/json',
        [GATEWAY_FAILURE_HEADER]: 'not sent: the run is ending',
      });
      response.end(JSON.stringify({ gatewayFailure: 'not sent: the run is ending' }));
      return;
    }
    // Clean-up (putting the name back) is tried even after a failure: the outage may have passed.
    if (this.targetDown && !request.headers[CLEANUP_HEADER]) {
      return this.fail(
        response,
        exchange,
        { request: label, cause: `not sent: the target already failed (${this.failures[0].cause})` },
        false,
      );
    }

    const { attempts } = this.options.budget;
    let lastCause = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      exchange.attempts = attempt;
      const outcome = await this.attempt(exchange.method, exchange.path, headers, body);
      if ('response' in outcome && !TRANSIENT_STATUS.has(outcome.response.status)) {
        const { status, headers: upstreamHeaders, body: upstreamBody } = outcome.response;
        exchange.status = status;
        exchange.contentType = String(upstreamHeaders['content-type'] ?? '');
        exchange.responseBody = upstreamBody.toString('utf8');
        const passOn = Object.fromEntries(Object.entries(upstreamHeaders).filter(([name]) => !HOP_BY_HOP.has(name)));
        response.writeHead(status, passOn);
        response.end(upstreamBody);
        return;
      }
      lastCause =
        'response' in outcome
          ? `HTTP ${outcome.response.status} from the target (a gateway or availability error)`
          : outcome.cause;
      // Only what may pass is retried: a reset or a 502/503/504. A timeout has had its full
      // time already, and a refused connection or an unknown host will not change in a second.
      if ('cause' in outcome && !outcome.transient) break;
      if (attempt < attempts) await delay(backoffBefore(this.options.budget, attempt + 1));
    }
    const tries = exchange.attempts > 1 ? ` after ${exchange.attempts} attempts` : '';
    this.fail(response, exchange, { request: label, cause: `${lastCause}${tries}` }, true);
  }

  private fail(response: http.ServerResponse, exchange: Exchange, failure: TransportFailure, record: boolean): void {
    exchange.failure = failure;
    if (record) this.failures.push(failure);
    response.writeHead(502, { 'Content-Type': 'application/json', [GATEWAY_FAILURE_HEADER]: failure.cause });
    response.end(JSON.stringify({ gatewayFailure: failure.cause }));
  }

  /** Swaps example credentials for the real ones; a request that carries none stays without. */
  private outgoingHeaders(incoming: http.IncomingHttpHeaders, length: number): http.OutgoingHttpHeaders {
    const outgoing: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(incoming)) {
      if (!HOP_BY_HOP.has(name) && value !== undefined) outgoing[name] = value;
    }
    const carriesCredentials = CREDENTIAL_HEADERS.some((name) => name in incoming);
    if (carriesCredentials && Object.keys(this.realCredentials).length > 0) {
      const userExternalId = incoming[CredentialHeader.userExternalId.toLowerCase()];
      for (const name of CREDENTIAL_HEADERS) delete outgoing[name];
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

  private attempt(
    method: string,
    path: string,
    headers: http.OutgoingHttpHeaders,
    body: Buffer,
  ): Promise<
    | { response: { status: number; headers: http.IncomingHttpHeaders; body: Buffer } }
    | { cause: string; transient: boolean }
  > {
    const target = this.options.target;
    const client = target.protocol === 'https:' ? https : http;
    const where = `${target.hostname}:${target.port || (target.protocol === 'https:' ? 443 : 80)}`;
    return new Promise((resolve) => {
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
          readAll(incoming).then(
            (data) => resolve({ response: { status: incoming.statusCode ?? 0, ...decoded(incoming.headers, data) } }),
            (error: NodeJS.ErrnoException) =>
              resolve({ cause: describeSocketError(error, where, 'while reading the response'), transient: true }),
          );
        },
      );
      // One deadline for the whole attempt, answer included, not just socket idleness.
      const timer = setTimeout(() => {
        upstream.destroy();
        resolve({
          cause: `no answer within ${this.options.budget.attemptMs} ms from ${where} (timed out; raise --timeout-ms if the target is just slow)`,
          transient: false,
        });
      }, this.options.budget.attemptMs);
      upstream.on('close', () => clearTimeout(timer));
      upstream.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve({
          cause: describeSocketError(error, where),
          transient: error.code === 'ECONNRESET' || error.message === 'socket hang up' || error.code === 'EPIPE',
        });
      });
      upstream.end(body);
    });
  }
}

/** One line naming a socket error's real cause. */
export function describeSocketError(error: NodeJS.ErrnoException, where: string, when = ''): string {
  const suffix = when ? ` ${when}` : '';
  switch (error.code) {
    case 'ECONNREFUSED':
      return `connection refused by ${where} (ECONNREFUSED): nothing is listening there${suffix}`;
    case 'ECONNRESET':
      return `connection reset by ${where} (ECONNRESET)${suffix}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host ${where} not found (${error.code}): check the hostname in --base-url`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `host ${where} unreachable (${error.code})`;
    default:
      if (error.message === 'socket hang up')
        return `connection closed by ${where} before any answer (socket hang up)${suffix}`;
      return `request to ${where} failed (${error.code ?? error.message})${suffix}`;
  }
}

/** A server may compress despite "identity": undo it, so every caller and the records see the plain body. */
function decoded(headers: http.IncomingHttpHeaders, body: Buffer): { headers: http.IncomingHttpHeaders; body: Buffer } {
  const encoding = String(headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  const decode = {
    gzip: zlib.gunzipSync,
    'x-gzip': zlib.gunzipSync,
    deflate: zlib.inflateSync,
    br: zlib.brotliDecompressSync,
  }[encoding];
  if (!decode) return { headers, body };
  const { 'content-encoding': _encoding, 'content-length': _length, ...rest } = headers;
  return { headers: rest, body: decode(body) };
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
    stream.on('aborted', () => reject(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
