import { ExitCode } from '../errors';
import { CLEANUP, PREFLIGHT, type CheckResult, type CheckStatus } from './results';
import { decideVerdict } from './verdict';

const result = (group: string, status: CheckStatus, message?: string): CheckResult => ({
  id: `${group}.${status}`,
  group,
  name: `${group} ${status}`,
  status,
  durationMs: 1,
  detail: message ? { message } : undefined,
});
const ORDER = ['behaviour', 'pact', 'schema'];

describe('the verdict', () => {
  it('holds when checks passed and none failed or went unjudged; skipped ones are said, not counted', () => {
    const verdict = decideVerdict([result('pact', 'passed'), result('behaviour', 'skipped', 'no GET')], ORDER);
    expect(verdict.exitCode).toBe(ExitCode.Ok);
    expect(verdict.sentence).toBe('The contract holds. (1 skipped: see above)');
  });

  it('is broken (1) when any check failed, even beside checks that could not judge', () => {
    const verdict = decideVerdict(
      [result('pact', 'failed'), result('schema', 'error', 'reset'), result('pact', 'passed')],
      ORDER,
    );
    expect(verdict.exitCode).toBe(ExitCode.ContractBroken);
    expect(verdict.sentence).toBe('The contract is broken: 1 of 3 checks failed.');
  });

  it('is not verified (3) when a check could not judge the target, naming the transport cause first', () => {
    const results = [result('pact', 'passed'), result('schema', 'error', 'timed out')];
    expect(decideVerdict(results, ORDER, { transportCause: 'connection refused' }).sentence).toBe(
      'The provider could not be checked: connection refused',
    );
    expect(decideVerdict(results, ORDER).exitCode).toBe(ExitCode.ProviderUnavailable);
    expect(decideVerdict(results, ORDER).sentence).toBe('The provider could not be checked: timed out');
  });

  it('is not a pass when nothing was judged: every check skipped', () => {
    const verdict = decideVerdict([result('schema', 'skipped', 'no error response to judge')], ORDER);
    expect(verdict.exitCode).toBe(ExitCode.ProviderUnavailable);
    expect(verdict.sentence).toMatch(/^Nothing was judged: .*no error response to judge/);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('is not verified when %s interrupted it, failures found before included (exit %i)', (signal, code) => {
    const verdict = decideVerdict([result('pact', 'failed'), result('pact', 'passed')], ORDER, {
      interruptedBy: signal,
    });
    expect(verdict.exitCode).toBe(code);
    expect(verdict.sentence).toBe(
      `Interrupted by ${signal} after 2 checks; 1 failed before it stopped: the contract is not verified.`,
    );
  });

  it('is not a pass when no check ran at all', () => {
    expect(decideVerdict([], ORDER).exitCode).toBe(ExitCode.ProviderUnavailable);
  });

  it('counts one row per group in run order, preflight first, and a total', () => {
    const verdict = decideVerdict(
      [
        result('schema', 'passed'),
        result('preflight', 'error', 'down'),
        result('behaviour', 'failed'),
        result('behaviour', 'passed'),
      ],
      ORDER,
    );
    expect(verdict.rows.map((r) => r.group)).toEqual(['preflight', 'behaviour', 'schema']);
    expect(verdict.rows[1]).toEqual({ group: 'behaviour', passed: 1, failed: 1, skipped: 0, notRun: 0 });
    expect(verdict.total).toEqual({ group: 'total', passed: 2, failed: 1, skipped: 0, notRun: 1 });
  });

  it('is never green when staging is left changed: a holding contract becomes 3, a broken one stays 1', () => {
    const cleanup = result(CLEANUP, 'failed', 'could not put the name back');
    const left = 'Could not put the name "Trip" back: HTTP 500.';
    const holds = decideVerdict([result('pact', 'passed'), cleanup], ORDER, { leftChanged: left });
    expect(holds.exitCode).toBe(ExitCode.ProviderUnavailable);
    expect(holds.sentence).toBe(
      `The contract holds. But staging is left changed: ${left} Run restore with the same settings.`,
    );
    const broken = decideVerdict([result('pact', 'failed'), cleanup], ORDER, { leftChanged: left });
    expect(broken.exitCode).toBe(ExitCode.ContractBroken);
    expect(broken.sentence).toMatch(/^The contract is broken: 1 of 1 checks failed\. But staging is left changed/);
  });

  it("counts the clean-up case in its own row, never in the contract's totals", () => {
    const verdict = decideVerdict([result('pact', 'passed'), result(CLEANUP, 'passed')], ORDER);
    expect(verdict.exitCode).toBe(ExitCode.Ok);
    expect(verdict.total.passed).toBe(1);
    expect(verdict.rows.map((r) => r.group)).toEqual(['pact', CLEANUP]);
  });

  it('is not verified (3), never broken, when another writer changed the interaction during the run', () => {
    const verdict = decideVerdict([result('pact', 'failed'), result('behaviour', 'passed')], ORDER, {
      otherWriter: 'another writer changed interaction int_1 during the run: saw "X"',
    });
    expect(verdict.exitCode).toBe(ExitCode.ProviderUnavailable);
    expect(verdict.sentence).toBe(
      'Not verified: another writer changed interaction int_1 during the run: saw "X". ' +
        'The run stopped changing the interaction.',
    );
  });

  it('exits 129 after SIGHUP (a closed terminal or ssh session)', () => {
    expect(decideVerdict([result('pact', 'passed')], ORDER, { interruptedBy: 'SIGHUP' }).exitCode).toBe(129);
  });

  it('says the run was not verified, not that the provider failed, when the suite stopped at the first contact', () => {
    const refusal = { ...result(PREFLIGHT, 'error', 'another run holds the lock on this interaction'), id: 'x' };
    const verdict = decideVerdict([refusal], ORDER);
    expect(verdict.exitCode).toBe(ExitCode.ProviderUnavailable);
    expect(verdict.sentence).toBe('Not verified: another run holds the lock on this interaction');
    const unreachable = decideVerdict([refusal], ORDER, { transportCause: 'connection refused' });
    expect(unreachable.sentence).toBe('The provider could not be checked: connection refused');
  });
});
