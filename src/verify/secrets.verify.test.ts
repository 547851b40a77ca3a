/**
 * No credential may appear in anything verify writes: stdout, stderr, the
 * reports, the pacts, Pact's own output, at any log level, even when the
 * provider echoes the keys back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CredentialHeader } from '../contract/credentials';
import { ENV } from '../config';
import { PACTS_DIR } from '../pacticipants';
import { CANARY_CREDENTIALS } from '../test-support/fake-credentials';
import { listen, sendJson } from '../test-support/http-server';
import { runCli, runCliProcess, tempReportDir } from '../test-support/run-cli';
import { isApiError, isInteraction, startTamperingProvider } from '../test-support/tampering-provider';

const SECRETS = [CANARY_CREDENTIALS.apiKey, CANARY_CREDENTIALS.userHmac, CANARY_CREDENTIALS.secretKey];
const CANARY_ENV = {
  [ENV.apiKey]: CANARY_CREDENTIALS.apiKey,
  [ENV.userExternalId]: CANARY_CREDENTIALS.userExternalId,
  [ENV.userHmac]: CANARY_CREDENTIALS.userHmac,
  [ENV.secretKey]: CANARY_CREDENTIALS.secretKey,
};

/** Every file under a folder, as text. */
function filesUnder(dir: string): { file: string; text: string }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
}

function leaks(texts: { file: string; text: string }[]): string[] {
  return texts.flatMap(({ file, text }) => SECRETS.filter((s) => text.includes(s)).map((s) => `${file} holds ${s}`));
}

describe('secrets never leave memory', () => {
  // Each level is its own process with its own embedded provider: they run side by side.
  it.concurrent.each(['error', 'warn', 'info', 'debug', 'trace'])(
    'verify at log level %s writes no credential anywhere',
    async (level) => {
      const reportDir = tempReportDir();
      const run = await runCliProcess(
        ['verify', '--log-level', level, '--report-dir', reportDir, '--samples', '1'],
        CANARY_ENV,
      );
      expect(run.code).toBe(0);
      const written = [
        { file: 'stdout', text: run.stdout },
        { file: 'stderr', text: run.stderr },
        ...filesUnder(reportDir),
        ...filesUnder(PACTS_DIR),
      ];
      expect(leaks(written)).toEqual([]);
      // The search looked at real output: Pact's own lines are there at debug and trace.
      expect(run.stdout).toMatch(/The contract holds/);
      if (level === 'debug' || level === 'trace') expect(run.stdout).toMatch(/\| .*(DEBUG|TRACE|debug|trace)/);
      fs.rmSync(reportDir, { recursive: true, force: true });
    },
    30_000,
  );

  it('redacts a provider that echoes the keys back, in every output and report', async () => {
    const provider = await startTamperingProvider((passing) => {
      const echoed =
        `${passing.requestHeaders[CredentialHeader.apiKey.toLowerCase()]} ${passing.requestHeaders.authorization} ` +
        `${passing.requestHeaders[CredentialHeader.userHmac.toLowerCase()]}`;
      if (isInteraction(passing) && passing.method === 'POST') passing.body.name = echoed;
      if (isApiError(passing)) passing.body.error.message = echoed;
    });
    const summary = path.join(tempReportDir(), 'step-summary.md');
    try {
      const run = await runCli(['verify', '--base-url', provider.url, '--samples', '1', '--log-level', 'debug'], {
        ...CANARY_ENV,
        GITHUB_STEP_SUMMARY: summary,
      });
      expect(run.code).toBe(1);
      const written = [
        { file: 'stdout', text: run.stdout },
        { file: 'stderr', text: run.stderr },
        ...filesUnder(run.reportDir),
        { file: summary, text: fs.readFileSync(summary, 'utf8') },
      ];
      expect(leaks(written)).toEqual([]);
      // The echo did reach the output, redacted: the search was not vacuous.
      expect(run.stdout).toContain('[REDACTED]');
      expect(fs.readFileSync(path.join(run.reportDir, 'verify-report.json'), 'utf8')).toContain('[REDACTED]');
    } finally {
      await provider.close();
    }
  });

  // A long key shown shortened (a name is cut to 40 characters around its first difference) or
  // escaped (Markdown writes pk_ as pk\_) must not show through: redacted first, then formatted.
  it.each([12, 40, 41, 200])(
    'a %i-character key echoed in names and error bodies is absent from every output and file',
    async (length) => {
      const key = `pk_live_${'Ab_9x'.repeat(40)}`.slice(0, length);
      const provider = await startTamperingProvider((passing) => {
        const echoed = String(passing.requestHeaders[CredentialHeader.apiKey.toLowerCase()]);
        if (isInteraction(passing) && passing.method === 'POST') passing.body.name = echoed;
        if (isApiError(passing)) passing.body.error.message = `bad key ${echoed}`;
      });
      const stepSummary = path.join(tempReportDir(), 'step-summary.md');
      try {
        const run = await runCli(['verify', '--base-url', provider.url, '--samples', '1', '--log-level', 'debug'], {
          [ENV.apiKey]: key,
          [ENV.userExternalId]: CANARY_CREDENTIALS.userExternalId,
          GITHUB_STEP_SUMMARY: stepSummary,
        });
        expect(run.code).toBe(1);
        const outputs = [
          { file: 'stdout', text: run.stdout },
          { file: 'stderr', text: run.stderr },
          ...['junit.xml', 'verify-report.json', 'summary.md', 'report.html', 'pact-output.txt'].map((name) => ({
            file: name,
            text: fs.readFileSync(path.join(run.reportDir, name), 'utf8'),
          })),
          { file: '$GITHUB_STEP_SUMMARY', text: fs.readFileSync(stepSummary, 'utf8') },
        ];
        // Not the key, not its first 12 characters (a shortened copy), not its Markdown spelling.
        const spellings = [key.slice(0, 12), key.slice(0, 12).replace(/_/g, '\\_')];
        const found = outputs.flatMap(({ file, text }) =>
          spellings.filter((s) => text.includes(s)).map((s) => `${file}: ${s}`),
        );
        expect(found).toEqual([]);
        // The echo did reach each output, redacted: the search was not vacuous.
        for (const { file, text } of outputs.filter((o) => o.file !== 'stderr' && o.file !== 'pact-output.txt'))
          expect({ file, redacted: text.includes('REDACTED') }).toEqual({ file, redacted: true });
      } finally {
        await provider.close();
      }
    },
  );

  it('redacts a key that the target echoes into the error that ends the run (stderr), and bounds it', async () => {
    const key = `pk_live_${'Qz_8'.repeat(50)}`;
    const server = await listen((request, response) => {
      const echoed = String(request.headers[CredentialHeader.apiKey.toLowerCase()]);
      sendJson(response, 403, { error: { code: `${echoed}${'!'.repeat(10_000)}`, message: 'no' } });
    });
    try {
      const run = await runCli(
        ['verify', '--base-url', server.url, '--interaction-id', 'int_1', '--checks', 'behaviour'],
        { [ENV.apiKey]: key, [ENV.userExternalId]: 'user-1' },
        { ownPactWorker: true },
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('The target refused the credentials (403 [REDACTED]!!!');
      expect(run.stderr).not.toContain(key.slice(0, 10));
      expect(run.stderr.length).toBeLessThan(3_000);
    } finally {
      await server.close();
    }
  });
});
