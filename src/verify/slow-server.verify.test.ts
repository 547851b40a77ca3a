/**
 * Honest but slow or plain stays green with the defaults: cold starts, closed
 * connections, short keep-alive, chunked bodies, a path prefix, a private CA.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { privateCaCertificates } from '../test-support/certificates';
import { runCli, runCliProcess } from '../test-support/run-cli';
import { startSlowProvider, type SlowProvider, type SlowProviderOptions } from '../test-support/slow-provider';

let provider: SlowProvider | undefined;
afterEach(async () => {
  await provider?.close();
  provider = undefined;
});

async function verifyAgainst(options: SlowProviderOptions) {
  provider = await startSlowProvider(options);
  const run = await runCli(['verify', '--base-url', provider.url]);
  return { ...run, output: `${run.stdout}\n${run.stderr}` };
}

describe('verify passes an honest provider that is slow or plain (exit 0, default settings)', () => {
  // Each case also asserts that its condition really held, so a green run is not a run that missed it.
  it.each<[string, SlowProviderOptions, (seen: SlowProvider['seen']) => void]>([
    ['whose first request takes seconds (a cold start)', { firstDelayMs: 2500 }, () => undefined],
    [
      'that sends Connection: close on every response',
      { connectionClose: true },
      (seen) => expect(seen.connections).toBe(seen.requests),
    ],
    [
      'that closes kept-alive sockets after a few milliseconds',
      { keepAliveTimeoutMs: 3 },
      (seen) => expect(seen.connections).toBeGreaterThan(1),
    ],
    ['that sends every body chunked', { chunked: true }, () => undefined],
  ])('%s', async (_case, options, held) => {
    const run = await verifyAgainst(options);
    expect(run.output).toMatch(/The contract holds/);
    expect(run.code).toBe(0);
    held(provider!.seen);
  });

  it('whose API lives below a path prefix', async () => {
    const run = await verifyAgainst({ pathPrefix: '/staging/v1' });
    expect(run.output).toMatch(/The contract holds/);
    expect(run.code).toBe(0);
    expect(provider!.seen.requests).toBeGreaterThan(5);
    expect(provider!.seen.outsidePrefix).toBe(0);
  });

  it('served over HTTPS with a private CA given through NODE_EXTRA_CA_CERTS', async () => {
    // Node reads NODE_EXTRA_CA_CERTS once, at start: so a process of its own.
    const certificates = privateCaCertificates();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-ca-'));
    const caFile = path.join(dir, 'ca.pem');
    fs.writeFileSync(caFile, certificates.caCert);
    provider = await startSlowProvider({ tls: { key: certificates.serverKey, cert: certificates.serverCert } });
    try {
      const run = await runCliProcess(['verify', '--base-url', provider.url, '--report-dir', dir], {
        NODE_EXTRA_CA_CERTS: caFile,
      });
      expect(`${run.stdout}\n${run.stderr}`).toMatch(/The contract holds/);
      expect(run.code).toBe(0);
      expect(provider.url).toMatch(/^https:/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
