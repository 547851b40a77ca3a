import path from 'node:path';
import { InputError } from '../errors';
import { ACTION_COMMANDS, actionRun, FLAG_INPUTS, inputVariable } from './inputs';

const env = (inputs: Record<string, string>) =>
  Object.fromEntries(Object.entries(inputs).map(([name, value]) => [inputVariable(name), value]));

describe("the action's inputs", () => {
  it('are read from INPUT_ variables with underscores, as the composite step sets them', () => {
    expect(inputVariable('base-url')).toBe('INPUT_BASE_URL');
    expect(inputVariable('fail-on')).toBe('INPUT_FAIL_ON');
  });

  // Every flag input, for every command that takes it: the value arrives as that flag, and nothing else does.
  it.each(Object.entries(FLAG_INPUTS).flatMap(([name, { flag, commands }]) => commands.map((c) => [name, c, flag])))(
    'maps %s, for %s, to %s',
    (name, command, flag) => {
      const run = actionRun(
        env({ command, ...(command === 'mock' && { mock: 'msw:m.ts' }), [name]: `value of ${name}` }),
      );
      const at = run.args.indexOf(flag);
      expect(at).toBeGreaterThan(0);
      expect(run.args[at + 1]).toBe(`value of ${name}`);
    },
  );

  it.each(ACTION_COMMANDS.flatMap((command) => Object.keys(FLAG_INPUTS).map((name) => [name, command])))(
    'refuses %s where %s does not take it (exit 2), rather than ignoring it',
    (name, command) => {
      if (FLAG_INPUTS[name].commands.includes(command as never)) return;
      expect(() => actionRun(env({ command, mock: command === 'mock' ? 'msw:m.ts' : '', [name]: 'x' }))).toThrow(
        new RegExp(`input ${name} is not used by command ${command}`),
      );
    },
  );

  it('runs verify with its reports in report-dir (reports by default)', () => {
    expect(actionRun(env({ command: 'verify', 'base-url': 'https://staging.example', checks: 'pact,schema' }))).toEqual(
      {
        command: 'verify',
        args: ['verify', '--base-url', 'https://staging.example', '--checks', 'pact,schema', '--report-dir', 'reports'],
        reportDir: 'reports',
        summaryFile: path.join('reports', 'summary.md'),
        comment: false,
      },
    );
  });

  it('runs mock as verify of the mock, and refuses mock without one', () => {
    const run = actionRun(env({ command: 'mock', mock: 'msw:src/mocks/handlers.ts', 'mock-profile': 'static' }));
    expect(run.args).toEqual([
      'verify',
      '--mock',
      'msw:src/mocks/handlers.ts',
      '--mock-profile',
      'static',
      '--report-dir',
      'reports',
    ]);
    expect(() => actionRun(env({ command: 'mock' }))).toThrow(/command: mock needs the input mock/);
  });

  it('runs diff with its two versions first, and its Markdown table in report-dir for the comment', () => {
    const run = actionRun(
      env({
        command: 'diff',
        old: 'base.yaml',
        new: 'openapi.yaml',
        scope: 'pacts',
        'report-dir': 'out',
        comment: 'true',
      }),
    );
    expect(run).toEqual({
      command: 'diff',
      args: [
        'diff',
        'base.yaml',
        'openapi.yaml',
        '--scope',
        'pacts',
        '--markdown',
        path.join('out', 'diff-summary.md'),
      ],
      reportDir: 'out',
      summaryFile: path.join('out', 'diff-summary.md'),
      comment: true,
    });
  });

  it('runs check-pacts with no summary to comment', () => {
    const run = actionRun(env({ command: 'check-pacts', openapi: 'openapi.yaml' }));
    expect(run.args).toEqual(['check-pacts', '--openapi', 'openapi.yaml']);
    expect(run.summaryFile).toBeUndefined();
  });

  it.each([
    [{ command: 'deploy' }, /command must be one of verify, mock, diff, check-pacts \(got "deploy"\)/],
    [{ command: '' }, /command must be one of/],
    [{ command: 'verify', comment: 'yes' }, /comment takes true or false \(got "yes"\)/],
    [{ command: 'verify', old: 'a.yaml' }, /input old is not used by command verify/],
    [{ command: 'diff', 'base-url': 'x', checks: 'y' }, /inputs base-url, checks are not used by command diff/],
  ])('refuses %j as bad input (exit 2)', (inputs, message) => {
    expect(() => actionRun(env(inputs))).toThrow(InputError);
    expect(() => actionRun(env(inputs))).toThrow(message);
  });
});
