import { inspect } from 'node:util';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { loadContract, type SchemaName } from '../contract/schemas';
import type { ApiError, Interaction, InteractionUpdateParams } from '../contract/types.generated';
import { describeContentType, isJsonContentType } from '../contract/media-type';
import { responseSchemaFor } from '../contract/responses';
import { credentialHeaders, type Credentials } from '../contract/credentials';
import {
  ProficientApiError,
  ProficientConnectionError,
  ProficientRequestError,
  ProficientResponseError,
} from './errors';

const DEFAULT_BASE_URL = 'https://api.proficientai.com';
const DEFAULT_TIMEOUT_MS = 10_000;

export interface ProficientClientOptions extends Credentials {
  /** Where the API is; production by default. */
  baseUrl?: string;
  /** How long one request may take before it fails with ETIMEDOUT. */
  timeoutMs?: number;
  /** Headers sent with every request besides the credentials (a proxy's own token, say). */
  headers?: Record<string, string>;
}

/**
 * A typed client for Proficient AI's interaction endpoints, with the surface
 * of the official SDK: `new ProficientClient({ apiKey, userExternalId })`,
 * then `client.interactions.update(id, { name })`.
 */
export class ProficientClient {
  readonly baseUrl: string;
  readonly interactions: InteractionsResource;

  constructor(options: ProficientClientOptions) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    const http = axios.create({
      baseURL: this.baseUrl,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      // Every status and body is judged here, against the contract, not by axios.
      validateStatus: () => true,
      // The API does not redirect; following one would send the credential headers to another address.
      maxRedirects: 0,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      headers: { Accept: 'application/json', ...options.headers },
    });
    // Credentials live in this closure only: not on the instance, so neither
    // util.inspect nor JSON.stringify of the client can show them.
    const headers = credentialHeaders(options);
    this.interactions = new InteractionsResource((method, path, body) => send(http, method, path, body, headers));
  }

  [inspect.custom](): string {
    return `ProficientClient { baseUrl: ${JSON.stringify(this.baseUrl)}, credentials: [hidden] }`;
  }

  toJSON(): object {
    return { baseUrl: this.baseUrl };
  }
}

type Send = (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<AxiosResponse<string>>;

/** `client.interactions`: the calls on /interactions/{id}. */
export class InteractionsResource {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /** Renames an interaction (or, with `{}`, changes nothing) and resolves to the updated Interaction. */
  async update(interactionId: string, params: InteractionUpdateParams): Promise<Interaction> {
    const path = interactionPath(interactionId);
    const check = loadContract().validate('InteractionUpdateParams', params);
    if (!check.valid) {
      throw new ProficientRequestError(
        `Refusing to send: the update params break the contract: ${check.violations.map((v) => v.message).join('; ')}`,
        check.violations,
      );
    }
    return expectInteraction(await this.#send('POST', path, params));
  }

  /** Reads an interaction (the neighbour endpoint, used to read a name back). */
  async get(interactionId: string): Promise<Interaction> {
    return expectInteraction(await this.#send('GET', interactionPath(interactionId)));
  }
}

function interactionPath(interactionId: string): string {
  if (typeof interactionId !== 'string' || interactionId.trim() === '') {
    const got = JSON.stringify(interactionId) ?? String(interactionId);
    throw new ProficientRequestError(`Refusing to send: interactionId must be a non-empty string (got ${got})`);
  }
  return `/interactions/${encodeURIComponent(interactionId)}`;
}

async function send(
  http: AxiosInstance,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  credentials: Record<string, string>,
): Promise<AxiosResponse<string>> {
  const headers: Record<string, string> = { ...credentials };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    return await http.request<string>({
      method,
      url: path,
      data: body === undefined ? undefined : JSON.stringify(body),
      headers,
    });
  } catch (error) {
    // An axios error carries the request config, headers included: keep only its code.
    const code = (error as { code?: string }).code ?? 'EUNKNOWN';
    const reason = code === 'ECONNABORTED' || code === 'ETIMEDOUT' ? 'timed out' : `failed (${code})`;
    throw new ProficientConnectionError(`${method} ${path} ${reason}`, code === 'ECONNABORTED' ? 'ETIMEDOUT' : code);
  }
}

function expectInteraction(response: AxiosResponse<string>): Interaction {
  const body = jsonBody(response);
  // Which answers are an Interaction is the OpenAPI document's to say (its successes).
  if (responseSchemaFor(response.status) === 'Interaction') {
    return conforming(response, body, 'Interaction') as Interaction;
  }
  const apiError = loadContract().validate('ApiError', body);
  if (apiError.valid) {
    throw new ProficientApiError(response.status, body as ApiError);
  }
  const problems = apiError.violations.map((v) => v.message).join('; ');
  throw new ProficientResponseError(
    `HTTP ${response.status} without a documented ApiError body: ${problems}`,
    response.status,
    apiError.violations,
  );
}

function jsonBody(response: AxiosResponse<string>): unknown {
  const contentType = String(response.headers['content-type'] ?? '');
  if (!isJsonContentType(contentType)) {
    throw new ProficientResponseError(
      `HTTP ${response.status} with ${describeContentType(contentType)}, expected application/json`,
      response.status,
    );
  }
  try {
    return JSON.parse(response.data);
  } catch (error) {
    throw new ProficientResponseError(
      `HTTP ${response.status} with a body that is not JSON: ${(error as Error).message}`,
      response.status,
    );
  }
}

function conforming(response: AxiosResponse<string>, body: unknown, schema: SchemaName): unknown {
  const check = loadContract().validate(schema, body);
  if (!check.valid) {
    throw new ProficientResponseError(
      `HTTP ${response.status} body breaks the ${schema} schema: ${check.violations.map((v) => v.message).join('; ')}`,
      response.status,
      check.violations,
    );
  }
  return body;
}
