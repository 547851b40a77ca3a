/**
 * The action's inputs, and the command line each becomes. One table: the
 * action's step reads it, and a test holds action.yml to it (every input
 * declared is mapped here, every one mapped is declared). Pure.
 */
import path from 'node:path';
import { InputError } from '../errors';
import { DEFAULT_REPORT_DIR } from '../config';

/** What the action runs. `mock` is `verify` of a mock that the suite starts itself (`--mock` is required). */
export const ACTION_COMMANDS = ['verify', 'mock', 'diff', 'check-pacts'] as const;
export type ActionCommand = (typeof ACTION_COMMANDS)[number];

/** Each input that is a CLI flag: the flag, and the commands that take it. */
export const FLAG_INPUTS: Record<string, { flag: string; commands: readonly ActionCommand[] }> = {
  'base-url': { flag: '--base-url', commands: ['verify'] },
  'interaction-id': { flag: '--interaction-id', commands: ['verify', 'mock'] },
  checks: { flag: '--checks', commands: ['verify', 'mock'] },
  mock: { flag: '--mock', commands: ['verify', 'mock'] },
  'mock-profile': { flag: '--mock-profile', commands: ['verify', 'mock'] },
  'current-name': { flag: '--current-name', commands: ['verify'] },
  'state-dir': { flag: '--state-dir', commands: ['verify', 'mock'] },
  pacts: { flag: '--pacts', commands: ['verify', 'mock', 'diff', 'check-pacts'] },
  'timeout-ms': { flag: '--timeout-ms', commands: ['verify', 'mock', 'diff', 'check-pacts'] },
  base: { flag: '--base', commands: ['diff'] },
  scope: { flag: '--scope', commands: ['diff'] },
  'fail-on': { flag: '--fail-on', commands: ['diff'] },
  accepted: { flag: '--accepted', commands: ['diff', 'check-pacts'] },
  format: { flag: '--format', commands: ['diff'] },
  openapi: { flag: '--openapi', commands: ['check-pacts'] },
};

/** The inputs the action reads itself (not flags): what to run, diff's two versions, where reports go, the comment. */
export const ACTION_INPUTS = ['command', 'old', 'new', 'report-dir', 'comment'] as const;

/** The environment variable that carries an input into the step: `base-url` → `INPUT_BASE_URL`. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/-/g, '_').toUpperCase()}`;
}

/** The command line for one run of the action, and where its reports will be. */
export interface ActionRun {
  command: ActionCommand;
  args: string[];
  reportDir: string;
  /** The Markdown summary the command writes (posted as the pull-request comment): none for check-pacts. */
  summaryFile?: string;
  comment: boolean;
  /** The mock verified (`--mock`), which names the comment's marker beside the command. */
  mock?: string;
}

/** Reads the inputs from the step's environment. Bad input throws InputError (exit 2: status invalid). */
export function actionRun(env: NodeJS.ProcessEnv): ActionRun {
  const input = (name: string) => env[inputVariable(name)]?.trim() ?? '';
  const command = input('command') as ActionCommand;
  if (!ACTION_COMMANDS.includes(command)) {
    throw new InputError(
      `The input command must be one of ${ACTION_COMMANDS.join(', ')} (got ${JSON.stringify(input('command'))}).`,
    );
  }
  const misplaced = [...Object.keys(FLAG_INPUTS), 'old', 'new'].filter(
    (name) => input(name) && !(FLAG_INPUTS[name]?.commands ?? ['diff']).includes(command),
  );
  if (misplaced.length > 0) {
    throw new InputError(
      `The input${misplaced.length > 1 ? 's' : ''} ${misplaced.join(', ')} ${misplaced.length > 1 ? 'are' : 'is'} ` +
        `not used by command ${command}.`,
      'Remove it, or choose the command that takes it (see the action inputs in the README).',
    );
  }
  if (command === 'mock' && !input('mock')) {
    throw new InputError('command: mock needs the input mock, such as msw:src/mocks/handlers.mjs.');
  }
  const comment = parseBoolean(input('comment'), 'comment');
  const reportDir = input('report-dir') || DEFAULT_REPORT_DIR;

  const flags = Object.entries(FLAG_INPUTS).flatMap(([name, { flag, commands }]) =>
    commands.includes(command) && input(name) ? [flag, input(name)] : [],
  );
  if (command === 'diff') {
    const summaryFile = path.join(reportDir, 'diff-summary.md');
    const versions = [input('old'), input('new')].filter(Boolean);
    return {
      command,
      args: ['diff', ...versions, ...flags, '--markdown', summaryFile],
      reportDir,
      summaryFile,
      comment,
    };
  }
  if (command === 'check-pacts') return { command, args: ['check-pacts', ...flags], reportDir, comment };
  return {
    command,
    args: ['verify', ...flags, '--report-dir', reportDir],
    reportDir,
    summaryFile: path.join(reportDir, 'summary.md'),
    comment,
    mock: input('mock') || undefined,
  };
}

function parseBoolean(value: string, name: string): boolean {
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new InputError(`The input ${name} takes true or false (got ${JSON.stringify(value)}).`);
}
