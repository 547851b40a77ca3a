/**
 * Whatever a server sends is data. A provider whose names and error messages
 * carry terminal escapes, a carriage return, GitHub Actions workflow commands,
 * bidi controls and XML breakers must not reach a terminal, a CI log or a
 * report raw: every output and report file is checked line by line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { HOSTILE_TEXT, unsafeLines } from '../test-support/hostile-text';
import { runCliProcess, tempReportDir } from '../test-support/run-cli';
import { isApiError, isInteraction, startTamperingProvider } from '../test-support/tampering-provider';
import { parseXml } from '../test-support/xml';

it('keeps server text escaped in stdout, stderr and every report, and junit.xml well-formed', async () => {
  const provider = await startTamperingProvider((p) => {
    if (isInteraction(p)) p.body.name = HOSTILE_TEXT;
    if (isApiError(p)) p.body.error.message = HOSTILE_TEXT;
  });
  const reportDir = tempReportDir();
  const stepSummary = path.join(reportDir, 'step-summary.md');
  try {
    // Its own process, so stdout and stderr are the real streams; debug prints Pact's output, which quotes the server.
    const run = await runCliProcess(
      ['verify', '--base-url', provider.url, '--report-dir', reportDir, '--log-level', 'debug', '--samples', '0'],
      { GITHUB_STEP_SUMMARY: stepSummary },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ behaviour › the name sent is the name returned/);
    // The server's text is there, visibly escaped, not dropped.
    expect(run.stdout).toContain('\\u001b[2J');
    expect(unsafeLines(run.stdout)).toEqual([]);
    expect(unsafeLines(run.stderr)).toEqual([]);
    const files = ['junit.xml', 'verify-report.json', 'summary.md', 'pact-output.txt', 'step-summary.md'];
    for (const file of files) {
      expect({ file, unsafe: unsafeLines(fs.readFileSync(path.join(reportDir, file), 'utf8')) }).toEqual({
        file,
        unsafe: [],
      });
    }
    const junit = parseXml(fs.readFileSync(path.join(reportDir, 'junit.xml'), 'utf8'));
    expect(junit.name).toBe('testsuites');
    expect(Number(junit.attributes.failures)).toBeGreaterThan(0);
  } finally {
    await provider.close();
  }
});
