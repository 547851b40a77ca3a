/**
 * The step of action.yml that does the work: reads the INPUT_* and GITHUB_*
 * environment, runs the suite's command line, then tells GitHub what happened
 * in its own terms. Outputs (exit-code, status, report paths) go to
 * $GITHUB_OUTPUT; an annotation says broken, not verified or invalid; the
 * step summary gets a "NOT verified" section when the provider could not be
 * checked; and with `comment: true` on a pull request, the command's Markdown
 * summary becomes one comment, edited in place on the next run.
 *
 * The step fails on a broken contract (1) and on invalid settings (2). A
 * provider that could not be checked (3) does not fail it, but is never
 * silently green: a warning annotation, the summary and `status: not-verified`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { credentialsFromEnv, secretValues } from '../contract/credentials';
import { ExitCode, InputError } from '../errors';
import { commentMarker, pullRequestNumber, upsertComment } from '../github/pr-comment';
import { annotation, appendOutput, type AnnotationLevel } from '../github/workflow-commands';
import { redactorFor, type Redactor } from '../shared/redact';
import { markdownCell } from '../shared/markdown';
import { safeLine } from '../shared/safe-text';
import { main } from '../cli/main';
import { tolerateClosedPipes } from '../cli/io';
import { actionRun, type ActionRun } from './inputs';

type ActionStatus = 'holds' | 'broken' | 'not-verified' | 'invalid';

/**
 * What the command's exit code means to a workflow: 0 holds, 1 broken, 2 invalid settings or input. Anything
 * else (3, an interrupted or killed run) judged nothing: not verified, never "invalid", never a pass.
 */
export function statusOf(exitCode: number): ActionStatus {
  if (exitCode === ExitCode.Ok) return 'holds';
  if (exitCode === ExitCode.ContractBroken) return 'broken';
  return exitCode === ExitCode.BadInput ? 'invalid' : 'not-verified';
}

/** What the step reads and where it writes: the real process, or a harness in tests. */
export interface ActionIo {
  env: NodeJS.ProcessEnv;
  /** A line of the step's log (annotations are log lines the runner recognises). */
  log(line: string): void;
  /** Runs the suite's CLI with these arguments; resolves to its exit code. */
  runCli(args: string[]): Promise<number>;
}

/** Runs the action's step; resolves to the exit code the step ends with. */
export async function runAction(io: ActionIo): Promise<number> {
  const { env } = io;
  const redact = redactorFor([env.GITHUB_TOKEN, ...secretValues(credentialsFromEnv(env))]);
  const say = (level: AnnotationLevel, title: string, message: string) =>
    io.log(annotation(level, title, redact(message)));

  let run: ActionRun | undefined;
  let exitCode: number;
  let cliRan = false;
  // A report left in the folder by an earlier run is not this run's: never an output, a verdict or a comment.
  const started = Date.now() - 1_000;
  const written = (file: string | undefined) =>
    file && fs.existsSync(file) && fs.statSync(file).mtimeMs >= started ? file : '';
  try {
    run = actionRun(env);
    reportFolder(run.reportDir);
    io.log(`proficient-contract ${run.args.map((a) => safeLine(redact(a))).join(' ')}`);
    cliRan = true;
    exitCode = await io.runCli(run.args);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    say('error', 'The contract action was used wrongly', `${error.message}${error.hint ? ` ${error.hint}` : ''}`);
    exitCode = ExitCode.BadInput;
  }
  const status = statusOf(exitCode);
  const outputs: Record<string, string> = { 'exit-code': String(exitCode), status, ...reportPaths(run, written) };
  if (env.GITHUB_OUTPUT)
    for (const [name, value] of Object.entries(outputs)) appendOutput(env.GITHUB_OUTPUT, name, value);

  const verdict = run && verdictSentence(written(path.join(run.reportDir, 'verify-report.json')));
  const what = run?.command === 'diff' ? 'diff' : run?.command === 'check-pacts' ? 'check-pacts' : 'verify';
  if (status === 'broken') {
    const title = what === 'diff' ? 'Breaking change' : 'Contract broken';
    say(
      'error',
      title,
      `${verdict ?? `${what} found what breaks the contract`}: see the step summary and the reports.`,
    );
  } else if (status === 'not-verified') {
    say('warning', 'NOT verified', `${verdict ?? 'The provider could not be checked.'} The contract was not judged.`);
    if (env.GITHUB_STEP_SUMMARY) fs.appendFileSync(env.GITHUB_STEP_SUMMARY, redact(notVerifiedSection(verdict)));
  } else if (status === 'invalid' && cliRan) {
    say(
      'error',
      'Contract suite: invalid settings or input',
      `${what} exited ${exitCode}: the log above says what was wrong and what to do.`,
    );
  }

  if (run?.comment) await comment(run, status, written(run.summaryFile), io, { say, redact });
  // The step fails when the contract is broken or the settings are wrong; "not verified" is a warning.
  return status === 'broken' ? 1 : status === 'invalid' ? 2 : 0;
}

/** The report files a run wrote, as outputs: every one named, empty for those it did not write. */
function reportPaths(
  run: ActionRun | undefined,
  existing: (file: string | undefined) => string,
): Record<string, string> {
  const verifies = run?.command === 'verify' || run?.command === 'mock';
  const dir = run?.reportDir ?? '';
  return {
    'report-dir': dir,
    'html-report': verifies ? existing(path.join(dir, 'report.html')) : '',
    'json-report': verifies ? existing(path.join(dir, 'verify-report.json')) : '',
    'junit-report': verifies ? existing(path.join(dir, 'junit.xml')) : '',
    'summary-file': existing(run?.summaryFile),
  };
}

/** The reports' folder, made before the run: one that cannot be made is a setting to fix (exit 2). */
function reportFolder(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new InputError(
      `The input report-dir ${JSON.stringify(dir)} cannot be created (${(error as NodeJS.ErrnoException).code}).`,
      'Give a folder inside the workspace, such as reports.',
    );
  }
}

/** verify's one-sentence verdict, from the report this run wrote (bounded: a report of another run is not read). */
function verdictSentence(file: string): string | undefined {
  if (!file || fs.statSync(file).size > 64 * 1024 * 1024) return undefined;
  try {
    const report = JSON.parse(fs.readFileSync(file, 'utf8')) as { verdict?: { sentence?: unknown } };
    return typeof report.verdict?.sentence === 'string' ? safeLine(report.verdict.sentence) : undefined;
  } catch {
    return undefined;
  }
}

function notVerifiedSection(verdict: string | undefined): string {
  return (
    '\n### NOT verified\n\n' +
    `${verdict === undefined ? 'The provider could not be checked.' : markdownCell(verdict)} ` +
    'This run says nothing about the contract: ' +
    'it is not a pass. Check that the provider is up and reachable from the runner, then run again.\n'
  );
}

async function comment(
  run: ActionRun,
  status: ActionStatus,
  summaryFile: string,
  io: ActionIo,
  { say, redact }: { say: (level: AnnotationLevel, title: string, message: string) => void; redact: Redactor },
): Promise<void> {
  const { env } = io;
  const number = pullRequestNumber(env);
  if (!number)
    return say('notice', 'Pull-request comment', 'No pull-request comment: this run is not for a pull request.');
  if (!summaryFile) {
    return say(
      'notice',
      'Pull-request comment',
      `No pull-request comment: ${run.command} wrote no summary (status ${status}).`,
    );
  }
  const summary = fs.readFileSync(summaryFile, 'utf8');
  const markdown =
    status === 'not-verified'
      ? `> [!WARNING]\n> **NOT verified**: this run says nothing about the contract.\n\n${summary}`
      : summary;
  const outcome = await upsertComment(
    {
      apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
      repository: env.GITHUB_REPOSITORY ?? '',
      issueNumber: number,
    },
    env.GITHUB_TOKEN || undefined,
    // One comment per command; two mocks verified on one pull request (a matrix) keep one each.
    commentMarker([run.command, ...(run.mock ? [run.mock] : [])].join(' ')),
    redact(markdown),
  );
  if ('notice' in outcome) say('notice', 'Pull-request comment', outcome.notice);
  else io.log(`Pull-request comment ${outcome.done}${outcome.url ? `: ${outcome.url}` : ''}`);
}

// The CLI runs in this process, as `proficient-contract` would: one process, so a cancelled job's signal
// reaches verify once, and verify puts the interaction's name back before the outputs are written.
if (require.main === module) {
  tolerateClosedPipes();
  void runAction({
    env: process.env,
    log: (line) => process.stdout.write(`${line}\n`),
    runCli: (args) => main(args),
  }).then(
    (code) => (process.exitCode = code),
    // The step's own failure (an output file that cannot be written, say) is never "the contract is broken".
    (error: Error) => {
      process.stdout.write(`${annotation('error', 'The contract action failed', safeLine(error.message))}\n`);
      process.exitCode = ExitCode.BadInput;
    },
  );
}
