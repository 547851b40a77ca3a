import { ExitCode } from '../errors';
import { statusOf } from './run-action';

describe('the status output', () => {
  it.each([
    [ExitCode.Ok, 'holds'],
    [ExitCode.ContractBroken, 'broken'],
    [ExitCode.BadInput, 'invalid'],
    [ExitCode.ProviderUnavailable, 'not-verified'],
    // An interrupted or cancelled run put the name back but judged nothing.
    [ExitCode.InterruptedByUser, 'not-verified'],
    [ExitCode.Terminated, 'not-verified'],
    // Killed (SIGKILL: a runner out of memory): nothing was judged either.
    [137, 'not-verified'],
  ])('of exit %s is %s', (code, status) => {
    expect(statusOf(code)).toBe(status);
  });
});
