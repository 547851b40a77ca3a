import { ProficientClient } from '../../client/proficient-client';
import { CredentialHeader } from '../../contract/credentials';
import { requestDeadlineMs, type RequestBudget } from './budget';
import { CLEANUP_HEADER, GATEWAY_FAILURE_HEADER } from './gateway';
import { GATEWAY_PLACEHOLDER_CREDENTIALS } from './gateway-credentials';

/** A raw answer, for checks that must look at what a typed client would refuse to send or accept. */
export interface RawResponse {
  status: number;
  contentType: string;
  text: string;
  /** Set when the gateway answered itself because the target gave no usable answer: the cause. */
  gatewayFailure?: string;
  /** Where a 3xx points. */
  location?: string;
}

/** How checks reach the target: always through the gateway. */
export class TargetConnection {
  readonly client: ProficientClient;
  private readonly deadlineMs: number;

  constructor(
    readonly gatewayUrl: string,
    readonly interactionId: string,
    budget: RequestBudget,
  ) {
    // The gateway may retry and wait out a rate limit: wait as long as it may take, not one attempt.
    this.deadlineMs = requestDeadlineMs(budget);
    this.client = new ProficientClient({
      baseUrl: gatewayUrl,
      timeoutMs: this.deadlineMs,
      ...GATEWAY_PLACEHOLDER_CREDENTIALS,
    });
  }

  /** Sends any request; `credentials: false` sends none at all; `cleanUp` gets through while the run is ending. */
  async raw(
    method: 'GET' | 'POST',
    path: string,
    options: { body?: string; credentials: boolean; cleanUp?: boolean },
  ): Promise<RawResponse> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.cleanUp) headers[CLEANUP_HEADER] = '1';
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.credentials) {
      headers[CredentialHeader.apiKey] = GATEWAY_PLACEHOLDER_CREDENTIALS.apiKey;
      headers[CredentialHeader.userExternalId] = GATEWAY_PLACEHOLDER_CREDENTIALS.userExternalId;
    }
    const response = await fetch(`${this.gatewayUrl}${path}`, {
      method,
      headers,
      body: options.body,
      signal: AbortSignal.timeout(this.deadlineMs),
      // Never follow: a redirect would leave the gateway (and its credential handling) behind.
      redirect: 'manual',
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text,
      // The header marks the gateway's own answer; its body has the cause in full (a header holds Latin-1 only).
      gatewayFailure: response.headers.has(GATEWAY_FAILURE_HEADER) ? gatewayCause(text) : undefined,
      location: response.headers.get('location') ?? undefined,
    };
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
    return text;
  }
}
