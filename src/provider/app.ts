import type http from 'node:http';
import { carriesValidCredentials, CREDENTIALS } from '../contract/credentials';
import { loadContract, type SchemaName } from '../contract/schemas';
import type { ApiError, InteractionUpdateParams } from '../contract/types.generated';
import { InteractionStore } from './store';
import { isJsonContentType } from '../contract/media-type';

const { apiKey, userExternalId, secretKey } = CREDENTIALS;
const MAX_BODY_BYTES = 64 * 1024;
const ROUTE = /^\/interactions\/([^/?#]+)\/?(?:\?.*)?$/;

export interface AppOptions {
  store?: InteractionStore;
  /** Told when this provider is about to send a response its own contract forbids (then it sends a 500 instead). */
  onContractViolation?: (what: string) => void;
}

type Reply = { status: number; body: unknown; schema: SchemaName; headers?: Record<string, string> };

/**
 * The reference provider: GET and POST /interactions/{id} as the contract
 * documents them. A plain request listener, so tests mount it on port 0 and
 * `serve` mounts it on a real port, wired the same way.
 */
export function createApp(options: AppOptions = {}): http.RequestListener {
  const store = options.store ?? new InteractionStore();
  const contract = loadContract();

  return (request, response) => {
    void handle(request, store).then((reply) => {
      // The provider checks its own answers against the same schemas it promises.
      const check = contract.validate(reply.schema, reply.body);
      if (!check.valid) {
        options.onContractViolation?.(
          `${request.method} ${request.url}: ${check.violations.map((v) => v.message).join('; ')}`,
        );
        reply = errorReply(500, 'unknown', 'The reference provider produced a response outside its contract');
      }
      response.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', ...reply.headers });
      response.end(JSON.stringify(reply.body));
    });
  };
}

async function handle(request: http.IncomingMessage, store: InteractionStore): Promise<Reply> {
  const route = ROUTE.exec(request.url ?? '');
  if (!route) return errorReply(404, 'resource_not_found', `No route for ${request.method} ${request.url}`);
  if (request.method !== 'GET' && request.method !== 'POST') {
    return {
      ...errorReply(405, 'invalid_request', `Method ${request.method} is not allowed here`),
      headers: { Allow: 'GET, POST' },
    };
  }
  if (!carriesValidCredentials(request.headers)) {
    return errorReply(
      403,
      'invalid_credentials',
      `Send ${apiKey.header} (${apiKey.prefix}...) with ${userExternalId.header}, ` +
        `or ${secretKey.header}: ${secretKey.scheme} ${secretKey.prefix}...`,
    );
  }
  const id = decodeURIComponent(route[1]);

  if (request.method === 'GET') {
    const found = store.get(id);
    return found ? { status: 200, body: found, schema: 'Interaction' } : notFound(id);
  }

  const parsed = await readParams(request);
  if ('error' in parsed) return parsed.error;
  const updated = store.update(id, parsed.params);
  return updated ? { status: 200, body: updated, schema: 'Interaction' } : notFound(id);
}

async function readParams(
  request: http.IncomingMessage,
): Promise<{ params: InteractionUpdateParams } | { error: Reply }> {
  if (!isJsonContentType(request.headers['content-type'])) {
    request.resume();
    return { error: errorReply(400, 'invalid_request', 'Content-Type must be application/json') };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES)
      return { error: errorReply(400, 'invalid_request', `The body is larger than ${MAX_BODY_BYTES} bytes`) };
    chunks.push(chunk);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    return { error: errorReply(400, 'invalid_request', `The body is not valid JSON: ${(error as Error).message}`) };
  }
  const check = loadContract().validate('InteractionUpdateParams', body);
  if (!check.valid)
    return { error: errorReply(400, 'invalid_request', check.violations.map((v) => v.message).join('; ')) };
  return { params: body as InteractionUpdateParams };
}

function notFound(id: string): Reply {
  return errorReply(404, 'resource_not_found', `No interaction with id ${id}`);
}

function errorReply(status: number, code: ApiError['error']['code'], message: string): Reply {
  return { status, body: { error: { code, message } }, schema: 'ApiError' };
}
