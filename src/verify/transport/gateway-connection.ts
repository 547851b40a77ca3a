import http from 'node:http';
import { CredentialHeader } from '../../contract/credentials';
import { GATEWAY_PLACEHOLDER_CREDENTIALS } from './gateway-credentials';

/** Marks the suite's own clean-up requests: the only ones let through once the run is ending. */
export const CLEANUP_HEADER = 'x-contract-suite-cleanup';

/** Carries the per-run secret that tells the run's own callers from any other local process. */
export const CALLER_HEADER = 'x-contract-suite-caller';

/** A header the gateway puts on answers it made up itself because the target gave none. */
export const GATEWAY_FAILURE_HEADER = 'x-contract-gateway-failure';

/** A raw answer, for checks that must look at what a typed client would refuse to send or accept. */
export interface RawResponse {
  status: number;
  contentType: string;
  text: string;
  /** Set when the gateway answered itself because the target gave no usable answer: the cause. */
  gatewayFailure?: string;
  /** Where a 3xx points. */
  location?: string;
  /** All of the answer's headers (a mock tool's own, such as Prism's sl-violations, tell what answered). */
  headers?: http.IncomingHttpHeaders;
}

/**
 * Raw requests to the target, through the local gateway: what the state
 * handlers, preflight and restore send. Plain node:http, so the Pact worker
 * that uses it loads no HTTP client library (its start-up is on every run's
 * critical path), and nothing here follows a redirect.
 */
export class GatewayConnection {
  constructor(
    readonly gatewayUrl: string,
    readonly interactionId: string,
    /** How long to wait for one answer: as long as the gateway may take over it, retries included. */
    protected readonly deadlineMs: number,
    /** The run's caller token: without it the gateway sends nothing on. */
    protected readonly callerToken: string,
  ) {}

  /** Sends any request; `credentials: false` sends none at all; `cleanUp` gets through while the run is ending. */
  raw(
    method: 'GET' | 'POST',
    path: string,
    options: { body?: string; credentials: boolean; cleanUp?: boolean },
  ): Promise<RawResponse> {
    const headers: Record<string, string | number> = { Accept: 'application/json', [CALLER_HEADER]: this.callerToken };
    if (options.cleanUp) headers[CLEANUP_HEADER] = '1';
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(options.body);
    }
    if (options.credentials) {
      headers[CredentialHeader.apiKey] = GATEWAY_PLACEHOLDER_CREDENTIALS.apiKey;
      headers[CredentialHeader.userExternalId] = GATEWAY_PLACEHOLDER_CREDENTIALS.userExternalId;
    }
    return new Promise((resolve, reject) => {
      const request = http.request(`${this.gatewayUrl}${path}`, { method, headers, timeout: this.deadlineMs });
      request.on('timeout', () =>
        request.destroy(new Error(`no answer from the gateway within ${this.deadlineMs} ms`)),
      );
      request.on('error', reject);
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        // The gateway already bounded the body (--max-body-mib).
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            contentType: String(response.headers['content-type'] ?? ''),
            text,
            // The header marks the gateway's own answer; its body has the cause in full (a header holds Latin-1 only).
            gatewayFailure: response.headers[GATEWAY_FAILURE_HEADER] !== undefined ? gatewayCause(text) : undefined,
            location: response.headers.location,
            headers: response.headers,
          });
        });
      });
      request.end(options.body);
    });
  }

  /** The path of an interaction. */
  pathOf(interactionId = this.interactionId): string {
    return `/interactions/${encodeURIComponent(interactionId)}`;
  }
}

function gatewayCause(text: string): string {
  try {
    return String((JSON.parse(text) as { gatewayFailure?: unknown }).gatewayFailure);
  } catch {
    return text || 'the gateway gave no answer of the target';
  }
}
