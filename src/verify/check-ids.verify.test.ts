/**
 * Every check has a stable id: `--checks` takes ids as well as groups, and
 * the JSON and JUnit reports carry them, so tools need not match the wording.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ExitCode } from '../errors';
import { runCli } from '../test-support/run-cli';
import { parseXml } from '../test-support/xml';
import type { CheckId } from './checks/registry';
import type { VerifyReport } from './report/files';

describe('check ids', () => {
  it('--checks with ids runs exactly those checks; the JSON and JUnit reports carry each id', async () => {
    const chosen: CheckId[] = ['behaviour.persisted', 'names.empty', 'errors.unknown-id'];
    const run = await runCli(['verify', '--checks', chosen.join(','), '--samples', '0'], {}, { ownPactWorker: true });
    expect(run.code).toBe(ExitCode.Ok);
    const report = JSON.parse(fs.readFileSync(path.join(run.reportDir, 'verify-report.json'), 'utf8')) as VerifyReport;
    const judged = report.checks.filter((c) => c.group !== 'preflight' && c.group !== 'cleanup');
    expect(judged.map((c) => `${c.id} ${c.status}`)).toEqual([
      'behaviour.persisted passed',
      'names.empty passed',
      'errors.unknown-id passed',
    ]);
    const junit = parseXml(fs.readFileSync(path.join(run.reportDir, 'junit.xml'), 'utf8'));
    const ids = junit.children
      .filter((suite) => suite.attributes.name !== 'cleanup')
      .flatMap((suite) => suite.children)
      .map((testCase) => testCase.children.find((c) => c.name === 'properties')?.children[0].attributes.value);
    expect(ids).toEqual(chosen);
  });

  it('an unknown id or group exits 2, naming it', async () => {
    const run = await runCli(['verify', '--checks', 'names,behavior.persisted'], {}, { ownPactWorker: true });
    expect(run.code).toBe(ExitCode.BadInput);
    expect(run.stderr).toContain('unknown: behavior.persisted');
  });
});
