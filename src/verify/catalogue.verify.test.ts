/**
 * Proof that `verify` catches breakage: each deliberately broken provider
 * breaks one documented rule and must make `verify` exit 1; each harmless
 * variation must still pass. The README's catalogue score comes from here.
 */
import { CredentialHeader } from '../contract/credentials';
import { seededInteractionId } from '../provider/store';
import { runCli } from '../test-support/run-cli';
import {
  isApiError,
  isInteraction,
  startTamperingProvider,
  type Passing,
  type TamperingProvider,
} from '../test-support/tampering-provider';

type Tamper = (p: Passing) => void;
type Answer = Parameters<typeof startTamperingProvider>[1];

const broken: [string, Tamper, RegExp, Answer?][] = [
  [
    'drops a required field (user_id)',
    (p) => isInteraction(p) && delete p.body.user_id,
    /\/user_id is required but missing/,
  ],
  [
    'sends an enum value outside the list (initial_turn "assistant")',
    (p) => isInteraction(p) && (p.body.initial_turn = 'assistant'),
    /initial_turn must be one of "user", "agent" \(got "assistant"\)/,
  ],
  [
    'sends another object type ("conversation")',
    (p) => isInteraction(p) && (p.body.object = 'conversation'),
    /\/object must be one of "interaction"/,
  ],
  [
    'retypes a field (created_at as a string)',
    (p) => isInteraction(p) && (p.body.created_at = String(p.body.created_at)),
    /\/created_at must be integer \(got string/,
  ],
  [
    'retypes a field (archived as 0/1)',
    (p) => isInteraction(p) && (p.body.archived = p.body.archived ? 1 : 0),
    /\/archived must be boolean/,
  ],
  [
    'renames a field (total_message_count to message_count)',
    (p) => {
      if (isInteraction(p)) {
        p.body.message_count = p.body.total_message_count;
        delete p.body.total_message_count;
      }
    },
    /total_message_count is required but missing/,
  ],
  [
    'sends timestamps in seconds',
    (p) => {
      if (isInteraction(p)) {
        p.body.created_at = Math.floor(p.body.created_at / 1000);
        p.body.updated_at = Math.floor(p.body.updated_at / 1000);
      }
    },
    /looks like seconds, not milliseconds/,
  ],
  [
    'answers an unknown id with 400 instead of 404',
    (p) => p.status === 404 && (p.status = 400),
    /Expected HTTP 404, got 400/,
  ],
  [
    'answers a rename with 201 instead of 200',
    (p) => isInteraction(p) && p.method === 'POST' && (p.status = 201),
    /expected 200 but was 201|status/i,
  ],
  [
    'sends an error without the ApiError shape',
    (p) => {
      if (isApiError(p)) p.body = { message: p.body.error.message };
    },
    /\/error is required but missing/,
  ],
  [
    'sends an error code outside the list ("not_found")',
    (p) => isApiError(p) && p.status === 404 && (p.body.error.code = 'not_found'),
    /\/error\/code must be one of/,
  ],
  [
    'does not apply the name',
    (p) => {
      if (isInteraction(p) && p.method === 'POST') {
        const sent = JSON.parse(p.requestBody || '{}');
        if (typeof sent.name === 'string') p.body.name = 'Unchanged name';
      }
    },
    /name/,
  ],
  ['answers with another interaction id', (p) => isInteraction(p) && (p.body.id = 'int_someone_else'), /\/id/],
  [
    'echoes the name but does not persist it',
    (p) => isInteraction(p) && p.method === 'GET' && (p.body.name = 'Stale name'),
    /read-back/,
  ],
  [
    'changes the name on {}',
    (p) => isInteraction(p) && p.requestBody === '{}' && (p.body.name = ''),
    /empty update changed the name|name/,
  ],
  [
    'accepts requests without credentials',
    () => undefined,
    /Expected HTTP 403, got 200/,
    (request) =>
      request.headers[CredentialHeader.apiKey.toLowerCase()]
        ? undefined
        : { status: 200, body: { id: seededInteractionId() } },
  ],
  [
    'accepts a body the contract rejects ("name": 42)',
    (p) => p.status === 400 && ((p.status = 200), (p.body = { ok: true })),
    /Expected HTTP 400, got 200/,
  ],
  ['answers with Content-Type text/plain', (p) => (p.headers['content-type'] = 'text/plain'), /text\/plain/],
  [
    'answers a rename with malformed JSON',
    (p) => isInteraction(p) && p.method === 'POST' && (p.raw = '{"id": "int_1", "name": '),
    /not JSON/,
  ],
  [
    'answers a rename with 500 and an ApiError',
    (p) => {
      if (isInteraction(p) && p.method === 'POST' && p.requestBody !== '{}') {
        p.status = 500;
        p.body = { error: { code: 'unknown', message: 'boom' } };
      }
    },
    /500/,
  ],
];

const harmless: [string, Tamper][] = [
  ['adds extra fields', (p) => isInteraction(p) && Object.assign(p.body, { colour: 'blue', metadata: { tags: [] } })],
  [
    'orders the keys differently',
    (p) => {
      if (isInteraction(p)) p.body = Object.fromEntries(Object.entries(p.body).reverse());
    },
  ],
  ['sends the other enum value (initial_turn "agent")', (p) => isInteraction(p) && (p.body.initial_turn = 'agent')],
  ['sends Content-Type without a charset', (p) => (p.headers['content-type'] = 'application/json')],
  [
    'adds response headers',
    (p) => Object.assign(p.headers, { 'x-request-id': 'req_123', 'cache-control': 'no-store' }),
  ],
  ['compresses every response with gzip, even unasked', (p) => (p.headers['content-encoding'] = 'gzip')],
];

async function verifyAgainst(tamper: Tamper, answer?: Answer) {
  const provider: TamperingProvider = await startTamperingProvider(tamper, answer);
  try {
    return await runCli(['verify', '--base-url', provider.url, '--samples', '1']);
  } finally {
    await provider.close();
  }
}

describe('verify against deliberately broken providers', () => {
  const cases = broken.map(([name, tamper, message, answer]) => ({ name, tamper, message, answer }));
  it.each(cases)('exits 1 when the provider $name', async ({ tamper, message, answer }) => {
    const run = await verifyAgainst(tamper, answer);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/The contract is broken/);
    expect(run.stdout).toMatch(message);
  });
});

describe('verify against harmless variations', () => {
  it.each(harmless)('exits 0 when the provider %s', async (_name, tamper) => {
    const run = await verifyAgainst(tamper);
    expect(run.stdout).toMatch(/The contract holds/);
    expect(run.code).toBe(0);
  });
});
