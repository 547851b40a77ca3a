/**
 * verify against a server that rate-limits or misbehaves at the HTTP level:
 * a rate limit is waited out (exit 0) or reported as one (exit 3), never a
 * broken contract; memory and time stay bounded; every cause is named.
 */
import type http from 'node:http';
import { seededInteractionId } from '../provider/store';
import { privateCaCertificates } from '../test-support/certificates';
import { listen, type RunningServer } from '../test-support/http-server';
import {
  drippingBody,
  endlessBody,
  headerOverflow,
  listenNotHttp,
  listenTls,
  shortBody,
} from '../test-support/hostile-servers';
import { runCli } from '../test-support/run-cli';
import { startTamperingProvider, type TamperingProvider } from '../test-support/tampering-provider';

let server: RunningServer | TamperingProvider | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function verify(target: RunningServer | TamperingProvider, ...args: string[]) {
  server = target;
  const run = await runCli(['verify', '--base-url', target.url, ...args]);
  return { ...run, output: `${run.stdout}\n${run.stderr}` };
}

const ORIGINAL = 'Rate-limited planning';
const tooMany = (retryAfter: string) => ({
  status: 429,
  headers: { 'content-type': 'application/json', 'retry-after': retryAfter },
  body: { error: { code: 'rate_limited', message: 'slow down' } },
});

describe('verify waits out a rate limit (exit 0)', () => {
  // Each wait is real (about a second): the first read and the restore in one run, a check's rename in the other.
  it.each([
    ['in seconds', 'the first read and the restore', () => '1', [1], true],
    ['as an HTTP date', 'a rename in the checks', () => new Date(Date.now() + 1000).toUTCString(), [8], false],
  ])('with Retry-After %s, on %s', async (_form, _where, retryAfter, refused, refuseRestore) => {
    let count = 0;
    let limited = 0;
    let restoreOwed = true;
    const refuse = () => {
      limited += 1;
      return tooMany(retryAfter());
    };
    const provider = await startTamperingProvider(
      () => undefined,
      (request, body) => {
        count += 1;
        // The restore (putting the original name back) is refused once, each time it is sent.
        if (refuseRestore && request.method === 'POST' && body.includes(JSON.stringify(ORIGINAL))) {
          restoreOwed = !restoreOwed;
          if (!restoreOwed) return refuse();
        }
        if ((refused as number[]).includes(count)) return refuse();
        return undefined;
      },
    );
    provider.honest.store.seed({ ...provider.honest.store.get(seededInteractionId())!, name: ORIGINAL });
    const run = await verify(provider);
    expect(run.output).toMatch(/The contract holds/);
    expect(run.code).toBe(0);
    expect(run.output).toContain(`Restored the name ${JSON.stringify(ORIGINAL)}.`);
    expect(provider.honest.store.get(seededInteractionId())!.name).toBe(ORIGINAL);
    expect(limited).toBe(refuseRestore ? 2 : 1);
  });
});

describe('verify reports what it could not check (exit 3, never 1)', () => {
  it('says a limit that persists is a rate limit', async () => {
    const target = await listen((_request, response) => {
      // No wait asked for: the limit persists all the same (the waiting itself is timed in gateway.test.ts).
      response.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '0' });
      response.end(JSON.stringify({ error: { code: 'rate_limited', message: 'slow down' } }));
    });
    const run = await verify(target);
    expect(run.code).toBe(3);
    expect(run.output).toMatch(/rate-limited by the target: HTTP 429, Retry-After 0 s after 3 attempts/);
    expect(run.output).not.toMatch(/The contract is broken/);
  });

  it('stops reading an endless body at the cap', async () => {
    const run = await verify(await listen(endlessBody));
    expect(run.code).toBe(3);
    expect(run.output).toMatch(/response body larger than 4 MiB \(stopped after \d+ bytes\)/);
    expect(run.output).not.toMatch(/no answer within/);
  });

  it('says the headers came and the body dripped past the timeout', async () => {
    const run = await verify(await listen(drippingBody(50)), '--timeout-ms', '500');
    expect(run.code).toBe(3);
    expect(run.output).toMatch(/headers after \d+ ms; body still incomplete after 500 ms \(\d+ bytes so far\)/);
  });

  it('says a server that is not HTTP is not HTTP', async () => {
    const run = await verify(await listenNotHttp('SSH-2.0-OpenSSH_9.6\r\n'));
    expect(run.code).toBe(3);
    expect(run.output).toMatch(/the target did not answer with HTTP \(it began "SSH-2\.0-OpenSSH_9\.6\\r\\n"\)/);
    expect(run.output).not.toMatch(/HPE_/);
  });

  it('says the response headers were too large', async () => {
    const run = await verify(await listen(headerOverflow));
    expect(run.code).toBe(3);
    expect(run.output).toMatch(/response headers larger than 16 KiB from 127\.0\.0\.1:\d+/);
    expect(run.output).not.toMatch(/HPE_/);
  });

  it('says a body was cut short of what it announced', async () => {
    const run = await verify(await listen(shortBody(100, 500)));
    expect(run.code).toBe(3);
    expect(run.output).toMatch(/closed after 100 of the 500 bytes it announced after 3 attempts/);
  });

  it('says an untrusted TLS certificate is untrusted, and how to trust a private CA', async () => {
    const certificates = privateCaCertificates();
    const ok: http.RequestListener = (_request, response) => response.end('{}');
    const run = await verify(await listenTls(ok, { key: certificates.serverKey, cert: certificates.serverCert }));
    expect(run.code).toBe(3);
    expect(run.output).toMatch(/TLS certificate not trusted — set NODE_EXTRA_CA_CERTS to your CA file/);
  });
});
