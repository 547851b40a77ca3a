/**
 * The Pact Broker side, through Pact's own tools, against a fake broker that
 * speaks just enough of the broker's HAL API. It proves what the suite sends;
 * a real Pact Broker or PactFlow was not run here (none can run on these machines).
 */
import { PACT_FILE } from '../pacticipants';
import { closedPort } from '../test-support/http-server';
import { runCli } from '../test-support/run-cli';
import { startFakeBroker, type FakeBroker } from '../test-support/fake-broker';
import { startTamperingProvider } from '../test-support/tampering-provider';
import fs from 'node:fs';
import path from 'node:path';

const TOKEN = 'tok_CANARY_broker_token_31f';
let broker: FakeBroker;
afterEach(() => broker?.close());

// No retries: Pact's tools otherwise spend about a minute retrying an unreachable broker.
function envFor(url: string, extra: Record<string, string> = {}) {
  return { PACT_BROKER_BASE_URL: url, PACT_BROKER_TOKEN: TOKEN, PACT_BROKER_HTTP_RETRIES: '0', ...extra };
}
const seen = (method: string, pathPrefix: string) =>
  broker.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix));
function everythingPrinted(run: { stdout: string; stderr: string; reportDir: string }): string {
  const reports = fs.existsSync(run.reportDir)
    ? fs.readdirSync(run.reportDir).map((f) => fs.readFileSync(path.join(run.reportDir, f), 'utf8'))
    : [];
  return [run.stdout, run.stderr, ...reports].join('\n');
}

describe('publish', () => {
  it('publishes the pacts with the consumer version and branch, authenticating with the token', async () => {
    broker = await startFakeBroker({ pactFile: PACT_FILE });
    const run = await runCli(
      ['publish', '--consumer-version', '1.4.0+abc123', '--branch', 'feature/rename'],
      envFor(broker.url),
    );
    expect(run.code).toBe(0);
    const [published] = seen('POST', '/contracts/publish');
    expect(published.authorization).toBe(`Bearer ${TOKEN}`);
    expect(published.body).toMatchObject({
      pacticipantName: 'ProficientInteractionClient',
      pacticipantVersionNumber: '1.4.0+abc123',
      branch: 'feature/rename',
    });
    // The pact tool re-serialises the file (its own version in the metadata);
    // the interactions are what must arrive intact.
    const { contracts } = published.body as { contracts: { content: string }[] };
    const sent = JSON.parse(Buffer.from(contracts[0].content, 'base64').toString('utf8'));
    expect(sent.interactions).toEqual(JSON.parse(fs.readFileSync(PACT_FILE, 'utf8')).interactions);
    expect(everythingPrinted(run)).not.toContain(TOKEN);
  });

  it('exits 2 without a broker, and 3 when the broker cannot be reached', async () => {
    expect((await runCli(['publish'])).stderr).toMatch(/No Pact Broker given: set PACT_BROKER_BASE_URL/);
    const unreachable = await runCli(
      ['publish', '--consumer-version', 'v1'],
      envFor(`http://127.0.0.1:${await closedPort()}`),
    );
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(/could not be reached/);
  });

  it('--dry-run prints the exact command and names the credential variables, not their values', async () => {
    const run = await runCli(
      ['publish', '--dry-run', '--consumer-version', 'v1', '--branch', 'main'],
      envFor('https://broker.example'),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        '^\\$ pact broker publish \\S+pacts --broker-base-url https://broker\\.example ' +
          '--consumer-app-version v1 --branch main$',
        'm',
      ),
    );
    expect(run.stdout).toContain('credentials from PACT_BROKER_TOKEN');
    expect(run.stdout).not.toContain(TOKEN);
  });
});

describe('can-i-deploy', () => {
  it.each([
    [true, 0],
    [false, 1],
  ])("answers the broker's verdict (deployable %s: exit %i)", async (deployable, code) => {
    broker = await startFakeBroker({ pactFile: PACT_FILE, deployable });
    const run = await runCli(
      ['can-i-deploy', '--version', 'abc123', '--to-environment', 'production'],
      envFor(broker.url),
    );
    expect(run.code).toBe(code);
    const [asked] = seen('GET', '/matrix');
    expect(asked.path).toContain('q[][pacticipant]=ProficientInteractionClient&q[][version]=abc123');
    expect(asked.path).toContain('environment=production');
  });

  it('exits 2 without an environment', async () => {
    const run = await runCli(['can-i-deploy', '--version', 'abc123'], envFor('https://broker.example'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/needs an environment: pass --to-environment or set PACT_ENVIRONMENT/);
  });
});

describe('verify --pacts-from-broker', () => {
  it('fetches with selectors, pending and WIP flags; publishes results with provider version and branch', async () => {
    broker = await startFakeBroker({ pactFile: PACT_FILE });
    const run = await runCli(
      [
        'verify',
        '--pacts-from-broker',
        '--checks',
        'pact',
        '--enable-pending',
        '--include-wip-pacts-since',
        '2026-01-01',
        '--consumer-version-selectors',
        '[{"mainBranch":true}]',
        '--publish-verification-results',
        '--provider-branch',
        'main',
        '--log-level',
        'trace',
      ],
      envFor(broker.url, { PACT_PROVIDER_VERSION: 'staging-2026.11.25' }),
      { ownPactWorker: true },
    );
    expect(run.code).toBe(0);
    const [fetch] = seen('POST', '/pacts/provider/ProficientInteractionsAPI/for-verification');
    expect(fetch.body).toEqual({
      includePendingStatus: true,
      includeWipPactsSince: '2026-01-01',
      consumerVersionSelectors: [{ mainBranch: true }],
      providerVersionBranch: 'main',
    });
    expect(fetch.authorization).toBe(`Bearer ${TOKEN}`);
    const [results] = seen('POST', '/pacts/1/verification-results');
    expect(results.body).toMatchObject({ providerApplicationVersion: 'staging-2026.11.25', success: true });
    expect(run.stdout).toContain('✓ pact › publish the verification results (provider version staging-2026.11.25)');
    expect(everythingPrinted(run)).not.toContain(TOKEN);
  });

  it('reports a failing pending pact as skipped, not as a broken contract', async () => {
    broker = await startFakeBroker({ pactFile: PACT_FILE, pending: true });
    const provider = await startTamperingProvider((p) => p.status === 200 && (p.body.initial_turn = 'assistant'));
    try {
      const run = await runCli(
        ['verify', '--base-url', provider.url, '--pacts-from-broker', '--enable-pending', '--checks', 'pact'],
        envFor(broker.url),
        { ownPactWorker: true },
      );
      expect(run.stdout).toMatch(/- pact › a request to rename an interaction .*skipped: pending pact/);
      expect(run.code).toBe(0);
    } finally {
      await provider.close();
    }
  });

  it.each([
    [
      ['--publish-verification-results'],
      /needs the provider's version: pass --provider-version or set PACT_PROVIDER_VERSION/,
    ],
    [['--include-wip-pacts-since', 'last week'], /takes a date as YYYY-MM-DD/],
    [['--consumer-version-selectors', '{"mainBranch":true}'], /non-empty JSON array of objects/],
  ])('exits 2 on %j', async (args, message) => {
    const run = await runCli(['verify', '--pacts-from-broker', ...args], envFor('https://broker.example'), {
      ownPactWorker: true,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('exits 2 when broker flags come without --pacts-from-broker', async () => {
    const run = await runCli(['verify', '--enable-pending', '--broker-url', 'https://broker.example']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--broker-url, --enable-pending: used only with --pacts-from-broker/);
  });

  it('exits 3 when the broker cannot be reached', async () => {
    const run = await runCli(
      ['verify', '--pacts-from-broker', '--checks', 'pact'],
      envFor(`http://127.0.0.1:${await closedPort()}`),
      { ownPactWorker: true },
    );
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/error sending request/);
  });
});
