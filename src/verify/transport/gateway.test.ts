/**
 * The gateway against local servers that struggle or misbehave: every
 * failure path gets a plain-words cause, memory and time stay bounded, and
 * what is only slow or rate-limited still gets through.
 */
import http from 'node:http';
import zlib from 'node:zlib';
import { privateCaCertificates } from '../../test-support/certificates';
import { listen, type RunningServer } from '../../test-support/http-server';
import {
  drippingBody,
  endlessBody,
  headerOverflow,
  listenNotHttp,
  listenRaw,
  listenTls,
  shortBody,
} from '../../test-support/hostile-servers';
import { requestBudget, type RequestBudget } from './budget';
import { TargetGateway, type GatewayOptions } from './gateway';
import { CALLER_HEADER, CLEANUP_HEADER, GATEWAY_FAILURE_HEADER } from './gateway-connection';
import { runScope } from './scope';
import { WriterWatch } from '../staging/writer-watch';

const MiB = 1024 * 1024;
let servers: RunningServer[] = [];
let gateway: TargetGateway | undefined;

afterEach(async () => {
  await gateway?.stop();
  gateway = undefined;
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(server: Promise<RunningServer> | RunningServer): Promise<RunningServer> {
  const running = await server;
  servers.push(running);
  return running;
}

async function through(
  url: string,
  budget: Partial<RequestBudget> = {},
  maxBodyBytes?: number,
  extra: Partial<GatewayOptions> = {},
): Promise<TargetGateway> {
  gateway = new TargetGateway({
    ...extra,
    target: new URL(url),
    credentials: extra.credentials ?? {},
    budget: { ...requestBudget(2000, { backoffMs: 10 }), ...budget },
    maxBodyBytes,
    scope: runScope('int_1', 'abc123abc123'),
    callerToken: TOKEN,
  });
  await gateway.start();
  return gateway;
}

const TOKEN = 'the-run-caller-token';

async function send(path = '/interactions/int_1', init: RequestInit = {}) {
  const headers = { [CALLER_HEADER]: TOKEN, ...(init.headers as Record<string, string>) };
  const response = await fetch(`${gateway!.url}${path}`, { ...init, headers });
  return {
    status: response.status,
    text: await response.text(),
    failure: response.headers.get(GATEWAY_FAILURE_HEADER) ?? undefined,
  };
}

/** Answers each request with the next of `answers`, recording when it came. */
function answering(...answers: ((response: http.ServerResponse) => void)[]) {
  const arrivals: number[] = [];
  const handler: http.RequestListener = (_request, response) => {
    arrivals.push(Date.now());
    (answers.shift() ?? ok)(response);
  };
  return { handler, arrivals };
}
const ok = (response: http.ServerResponse) => {
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.end('{"name":"ok"}');
};
const limited = (status: number, retryAfter?: string) => (response: http.ServerResponse) => {
  response.writeHead(status, retryAfter === undefined ? {} : { 'Retry-After': retryAfter });
  response.end('{"error":{"code":"rate_limited","message":"slow down"}}');
};

describe('rate limits are waited out, not reported', () => {
  it('waits as long as Retry-After in seconds asks, then passes the answer on', async () => {
    const { handler, arrivals } = answering(limited(429, '1'));
    await through((await serve(listen(handler))).url);
    const answer = await send();
    expect(answer).toMatchObject({ status: 200, text: '{"name":"ok"}', failure: undefined });
    expect(arrivals).toHaveLength(2);
    expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(950); // it waited, as asked
    expect(gateway!.failures).toEqual([]);
  });

  it('waits until the HTTP date Retry-After names', async () => {
    const { handler, arrivals } = answering((response) =>
      limited(429, new Date(Date.now() + 2000).toUTCString())(response),
    );
    await through((await serve(listen(handler))).url);
    expect((await send()).status).toBe(200);
    // An HTTP date has whole seconds: two seconds ahead is at least one second's wait.
    expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(950);
  });

  it('waits out a 503 with Retry-After', async () => {
    const { handler, arrivals } = answering(limited(503, '0'));
    await through((await serve(listen(handler))).url);
    expect((await send()).status).toBe(200);
    expect(arrivals).toHaveLength(2);
  });

  it('gives up on a limit that persists, and says it was rate-limited', async () => {
    const { handler, arrivals } = answering(limited(429, '0'), limited(429, '0'), limited(429, '0'));
    await through((await serve(listen(handler))).url);
    const answer = await send();
    expect(answer.status).toBe(502);
    expect(answer.failure).toBe('rate-limited by the target: HTTP 429, Retry-After 0 s after 3 attempts');
    expect(gateway!.failures[0].cause).toBe(answer.failure);
    expect(arrivals).toHaveLength(3);
  });

  it('does not start a wait longer than the cap on one wait', async () => {
    const { handler, arrivals } = answering(limited(429, '120'));
    await through((await serve(listen(handler))).url, { maxRetryWaitMs: 5000 });
    const answer = await send();
    expect(answer.failure).toBe(
      'rate-limited by the target: HTTP 429, Retry-After 120 s, ' +
        'longer than the 5 s one wait may last (--max-retry-wait-ms)',
    );
    expect(arrivals).toHaveLength(1);
  });

  it('lets a clean-up request wait out Retry-After after the run stopped taking checks', async () => {
    const { handler, arrivals } = answering(limited(429, '1'));
    await through((await serve(listen(handler))).url);
    await gateway!.closeToChecks();
    const answer = await send('/interactions/int_1', { headers: { [CLEANUP_HEADER]: '1' } });
    expect(answer).toMatchObject({ status: 200, failure: undefined });
    expect(arrivals).toHaveLength(2);
  });

  it('cuts a check’s long wait short when the run ends, so an interrupted run does not hang', async () => {
    const { handler } = answering(limited(429, '25'));
    await through((await serve(listen(handler))).url);
    const pending = send();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await gateway!.closeToChecks();
    const answer = await pending;
    expect(answer.failure).toBe(
      'not retried: the run is ending (rate-limited by the target: HTTP 429, Retry-After 25 s)',
    );
    expect(gateway!.failures).toEqual([]);
  });
});

describe('memory stays bounded', () => {
  it('abandons an endless body at the cap', async () => {
    await through((await serve(listen(endlessBody))).url, {}, 1 * MiB);
    const answer = await send();
    expect(answer.status).toBe(502);
    expect(answer.failure).toMatch(
      /^response body larger than 1 MiB \(stopped after \d+ bytes\); the run does not read further$/,
    );
  });

  it('abandons a body announced larger than the cap before reading it', async () => {
    const url = (
      await serve(
        listen((_request, response) => {
          response.writeHead(200, { 'Content-Length': String(50 * MiB) });
          response.write('{');
        }),
      )
    ).url;
    await through(url, {}, 1 * MiB);
    expect((await send()).failure).toMatch(/^response body larger than 1 MiB \(it announced 52428800 bytes\)/);
  });

  it('stops decompressing a small gzip that expands past the cap', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(20 * MiB, ' '));
    const url = (
      await serve(
        listen((_request, response) => {
          response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
          response.end(bomb);
        }),
      )
    ).url;
    await through(url, {}, 1 * MiB);
    expect((await send()).failure).toMatch(/^response body larger than 1 MiB \(once gzip-decoded\)/);
  });

  it('does not send a request body larger than the cap', async () => {
    const { handler, arrivals } = answering();
    await through((await serve(listen(handler))).url, {}, 1024);
    const answer = await send('/interactions/int_1', { method: 'POST', body: 'x'.repeat(4096) });
    expect(answer).toMatchObject({ status: 413, failure: 'not sent: request body larger than 0 MiB' });
    expect(arrivals).toHaveLength(0);
  });
});

describe('every failure is named in plain words', () => {
  it('says the headers came and the body dripped past the timeout', async () => {
    await through((await serve(listen(drippingBody(50)))).url, { attemptMs: 600 });
    const answer = await send();
    expect(answer.failure).toMatch(
      /^headers after \d+ ms; body still incomplete after 600 ms \(\d+ bytes so far\) from 127\.0\.0\.1:\d+;/,
    );
  });

  it('says a server that is not HTTP is not HTTP', async () => {
    await through((await serve(listenNotHttp('SSH-2.0-OpenSSH_9.6\r\n'))).url);
    const answer = await send();
    expect(answer.failure).toMatch(/^the target did not answer with HTTP \(it began "SSH-2\.0-OpenSSH_9\.6\\r\\n"\)/);
    expect(answer.failure).not.toMatch(/HPE_/);
  });

  it('says the headers were too large', async () => {
    await through((await serve(listen(headerOverflow))).url);
    expect((await send()).failure).toMatch(/^response headers larger than 16 KiB from 127\.0\.0\.1:\d+$/);
  });

  it('says a body was cut short of what it announced, after retrying it', async () => {
    await through((await serve(listen(shortBody(100, 500)))).url);
    expect((await send()).failure).toMatch(
      /^127\.0\.0\.1:\d+ closed after 100 of the 500 bytes it announced after 3 attempts$/,
    );
  });

  it('says an untrusted TLS certificate is untrusted, and how to trust a private CA', async () => {
    const certificates = privateCaCertificates();
    const tls = await serve(
      listenTls((_q, response) => ok(response), { key: certificates.serverKey, cert: certificates.serverCert }),
    );
    await through(tls.url);
    const answer = await send();
    expect(gateway!.failures[0].cause).toMatch(
      /^TLS certificate not trusted — set NODE_EXTRA_CA_CERTS to your CA file \(127\.0\.0\.1:\d+: [A-Z_]+\)$/,
    );
    // A header holds Latin-1 only: the dash goes plain there; the body keeps the cause as it is.
    expect(answer.failure).toMatch(/^TLS certificate not trusted - set NODE_EXTRA_CA_CERTS/);
    expect(JSON.parse(answer.text)).toEqual({ gatewayFailure: gateway!.failures[0].cause });
  });
});

describe('what is only slow gets through', () => {
  it('tries a reused socket the target had just closed again, without spending an attempt', async () => {
    // The classic keep-alive race: the target closes an idle socket just as the next request goes out on it.
    let connections = 0;
    const raw = await serve(
      listenRaw((socket) => {
        connections += 1;
        let requests = 0;
        socket.on('data', () => {
          requests += 1;
          if (requests > 1) return socket.destroy();
          socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{"name":"ok"}');
        });
      }),
    );
    await through(raw.url, { attempts: 1 });
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    expect(connections).toBe(2);
    expect(gateway!.failures).toEqual([]);
  });

  it('reads a chunked body sent in pieces', async () => {
    const url = (
      await serve(
        listen((_request, response) => {
          response.writeHead(200, { 'Content-Type': 'application/json' });
          response.write('{"name":');
          setTimeout(() => response.end('"ok"}'), 30);
        }),
      )
    ).url;
    await through(url);
    expect(await send()).toMatchObject({ status: 200, text: '{"name":"ok"}' });
  });
});

describe('only the run sends, only what the contract names', () => {
  /** A target that records every request it gets, and answers each with an interaction named `name`. */
  async function recording(names: string[] = []) {
    const seen: { method?: string; url?: string; headers: http.IncomingHttpHeaders }[] = [];
    const target = await serve(
      listen((request, response) => {
        seen.push({ method: request.method, url: request.url, headers: request.headers });
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ name: names.shift() ?? 'Trip planning' }));
      }),
    );
    return { target, seen };
  }
  const withCredentials = { 'X-PROFICIENT-API-KEY': 'pk_test_example', 'X-PROFICIENT-USER-EXTERNAL-ID': 'u' };

  it('refuses a caller without the run token (another local process): 403, nothing sent, no credentials', async () => {
    const { target, seen } = await recording();
    await through(target.url, {}, undefined, { credentials: { apiKey: 'pk_live_real_key_value' } });
    const stranger = await fetch(`${gateway!.url}/interactions/int_1`, { headers: withCredentials });
    expect(stranger.status).toBe(403);
    expect(stranger.headers.get(GATEWAY_FAILURE_HEADER)).toBe('refused: not a caller of this run');
    const wrongToken = await send('/interactions/int_1', { headers: { [CALLER_HEADER]: 'guess', ...withCredentials } });
    expect(wrongToken.status).toBe(403);
    expect(seen).toEqual([]);
    expect((await send('/interactions/int_1', { headers: withCredentials })).status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0].headers['x-proficient-api-key']).toBe('pk_live_real_key_value');
    expect(seen[0].headers[CALLER_HEADER]).toBeUndefined(); // the token stays between the run and its gateway
  });

  it('refuses a request addressed to another Host (DNS rebinding from a browser page)', async () => {
    const { target, seen } = await recording();
    await through(target.url);
    const answer = await new Promise<number>((resolve, reject) => {
      const request = http.request(
        `${gateway!.url}/interactions/int_1`,
        { headers: { [CALLER_HEADER]: TOKEN, Host: 'attacker.example.com' } },
        (response: http.IncomingMessage) => resolve(response.statusCode ?? 0),
      );
      request.on('error', reject);
      request.end();
    });
    expect(answer).toBe(403);
    expect(seen).toEqual([]);
  });

  it('never sends what the contract does not name, and says so', async () => {
    const { target, seen } = await recording();
    await through(target.url);
    for (const [method, path] of [
      ['DELETE', '/agents/ag_1'],
      ['POST', '/interactions/int_2'],
      ['PUT', '/interactions/int_1'],
    ]) {
      const answer = await send(path, {
        method,
        headers: withCredentials,
        body: method === 'DELETE' ? undefined : '{}',
      });
      expect(answer.status).toBe(403);
      expect(answer.failure).toMatch(new RegExp(`^outside this contract: ${method} ${path}; not sent`));
    }
    expect(seen).toEqual([]);
    expect(gateway!.exchanges.map((e) => e.refused)).toEqual([
      expect.stringMatching(/DELETE \/agents\/ag_1/),
      expect.stringMatching(/interaction "int_2" is not the run's interaction/),
      expect.stringMatching(/PUT \/interactions\/int_1/),
    ]);
    expect(gateway!.failures).toEqual([]); // the target did nothing wrong: it was never asked
  });

  it('stops sending check requests once a read shows a name this run did not set', async () => {
    const { target, seen } = await recording(['Trip planning', 'Renamed by a person']);
    const watch = new WriterWatch();
    await through(target.url, {}, undefined, { watch });
    watch.adopt('Original');
    await send('/interactions/int_1', { method: 'POST', body: JSON.stringify({ name: 'Trip planning' }) });
    expect(gateway!.otherWriter).toBeUndefined(); // an answer to its own write is its own
    await send('/interactions/int_1');
    expect(gateway!.otherWriter).toEqual({ seen: '"Renamed by a person"', request: 'GET /interactions/int_1' });
    const next = await send('/interactions/int_1', { method: 'POST', body: '{"name":"x"}' });
    expect(next.failure).toMatch(/^not sent: another writer changed the interaction/);
    expect(seen).toHaveLength(2);
    // Putting back what is its own still goes through.
    expect((await send('/interactions/int_1', { headers: { [CLEANUP_HEADER]: '1' } })).status).toBe(200);
  });
});

describe('a server whose {} clears the name', () => {
  it('is not taken for another writer: the cleared name is the run’s own doing, read back or not', async () => {
    const target = await serve(
      listen((request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ name: request.method === 'GET' || request.method === 'POST' ? '' : 'x' }));
      }),
    );
    const watch = new WriterWatch();
    await through(target.url, {}, undefined, { watch });
    watch.adopt('Original');
    await send('/interactions/int_1', { method: 'POST', body: '{}' });
    await send('/interactions/int_1');
    expect(gateway!.otherWriter).toBeUndefined();
  });
});

describe("a request's own headers", () => {
  it('are not passed on unless the contract names them: no method override, no forwarded host', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const target = await serve(
      listen((request, response) => {
        seen.push(request.headers);
        ok(response);
      }),
    );
    await through(target.url, {}, undefined, { credentials: { apiKey: 'pk_live_real_key_value' } });
    await send('/interactions/int_1', {
      method: 'POST',
      body: '{"name":"x"}',
      headers: {
        'Content-Type': 'application/json',
        'X-PROFICIENT-API-KEY': 'pk_example',
        'X-HTTP-Method-Override': 'DELETE',
        'X-Original-URL': '/agents/ag_1',
        'X-Forwarded-Host': 'evil.example.com',
        Cookie: 'session=1',
      },
    });
    expect(seen).toHaveLength(1);
    const names = Object.keys(seen[0]).sort();
    expect(names).toEqual([
      'accept',
      'accept-encoding',
      'connection',
      'content-length',
      'content-type',
      'host',
      'x-proficient-api-key',
    ]);
    expect(seen[0]['x-proficient-api-key']).toBe('pk_live_real_key_value');
  });
});
