import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { ExitCode, InputError } from '../errors';
import { PROJECT_ROOT, CONTRACTS_DIR } from '../pacticipants';
import type { CliIo } from './io';
import { allowRefOption, fetchTimeoutOption, pactsOption, strictOption, timeLimitOption } from './options';

interface DiffFlags {
  base?: string | true;
  scope: 'all' | 'pacts';
  format: 'text' | 'json' | 'github' | 'html';
  failOn: 'breaking' | 'warning' | 'info';
  accepted?: string;
  explain?: string;
  today: string;
  markdown?: string;
  pacts: string;
  timeoutMs: number;
  timeLimitMs: number;
  allowRef: string[];
  strict?: boolean;
}

/** `diff`: compares two OpenAPI documents operation by operation and says which changes break clients. */
export function diffCommand(io: CliIo, done: (code: number) => void): Command {
  return new Command('diff')
    .description('Compare two OpenAPI documents (or contract versions); exit 1 on a breaking change.')
    .argument('[old]', 'the old version: a contracts folder, an OpenAPI file (YAML or JSON, 3.0 or 3.1) or a URL')
    .argument('[new]', "the new version (with --base: defaults to this repository's contracts/)")
    .option(
      '--base [git-ref]',
      'compare against contracts/ as it is at this git ref, e.g. origin/main; in a GitHub pull request, ' +
        'without a ref: the merge base of origin/$GITHUB_BASE_REF and HEAD',
    )
    .addOption(
      new Option('--scope <scope>', 'which breaking changes fail the run: all, or only those the pacts use')
        .choices(['all', 'pacts'])
        .default('all'),
    )
    .addOption(
      new Option(
        '--format <format>',
        'text lines, JSON for tools, GitHub annotations (::error file=…,line=…::), or one self-contained HTML page',
      )
        .choices(['text', 'json', 'github', 'html'])
        .default('text'),
    )
    .addOption(
      new Option('--fail-on <level>', 'the lowest level that fails the run (exit 1)')
        .choices(['breaking', 'warning', 'info'])
        .default('breaking'),
    )
    .option('--accepted <file>', 'the accepted-changes file (default: .contract-accepted.yaml, when it exists)')
    .option('--explain <rule-id>', 'print what a rule means, its level and an example, and exit')
    .addOption(
      new Option('--today <YYYY-MM-DD>', 'the date sunsets and expiries are judged against')
        .default(new Date().toISOString().slice(0, 10), 'today')
        .argParser((value) => {
          if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
            throw new InputError(`--today takes a date, YYYY-MM-DD (got ${JSON.stringify(value)}).`);
          return value;
        }),
    )
    .addOption(strictOption())
    .addOption(allowRefOption())
    .addOption(timeLimitOption())
    .option('--markdown <file>', 'also write a Markdown table here (and append it to $GITHUB_STEP_SUMMARY when set)')
    .addOption(pactsOption('the pacts that say what this consumer uses'))
    .addOption(fetchTimeoutOption())
    .action(async (oldPath: string | undefined, newPath: string | undefined, flags: DiffFlags) => {
      if (flags.explain !== undefined) {
        const { explainRule } = await import('../diff/explain');
        for (const line of explainRule(flags.explain)) io.out(line);
        return done(ExitCode.Ok);
      }
      const { Deadline } = await import('../contract/openapi');
      const { compare, judgeFindings, load, render } = await import('../diff/pipeline');
      const { pactUses } = await import('../diff/consumer');
      const { readAccepted } = await import('../diff/accepted');
      const { isRuleId } = await import('../diff/findings');
      const { findingTable } = await import('../diff/report');
      if (flags.base && newPath)
        throw new InputError(
          'With --base, give at most one location (the new version).',
          'Usage: diff <old> <new>, or diff --base <git-ref> [new]',
        );
      if (!flags.base && (!oldPath || !newPath))
        throw new InputError(
          'diff needs two versions to compare.',
          'Usage: diff <old> <new>, or diff --base <git-ref> (compares against contracts/ here)',
        );
      const local = (location: string) => (/^https?:/i.test(location) ? location : path.resolve(location));
      // Read before anything else, so a mistake in it is said before the documents are fetched.
      const accepted = readAccepted(flags.accepted, isRuleId);
      const deadline = new Deadline(flags.timeLimitMs);
      const common = { timeoutMs: flags.timeoutMs, strict: flags.strict, allowRefs: flags.allowRef };
      const gitRef = flags.base ? baseRef(flags.base, io.env) : undefined;
      const { before, after } = await load(
        gitRef ? CONTRACTS_DIR : local(oldPath!),
        local((gitRef ? oldPath : newPath) ?? CONTRACTS_DIR),
        { old: gitRef ? { ...common, gitRef, repoRoot: gitRoot(gitRef) } : common, new: common, deadline },
      );
      const findings = judgeFindings(compare(before, after, { deadline, today: flags.today }), {
        uses: pactUses(path.resolve(flags.pacts)),
        scope: flags.scope,
        accepted,
        failOn: flags.failOn,
        today: flags.today,
      });
      const locate = (f: { documentPointer?: string }) => ({
        file: /^https?:/i.test(after.file) ? undefined : after.file,
        line: f.documentPointer !== undefined ? after.lineOf(f.documentPointer) : undefined,
      });
      for (const line of render(findings, flags.format, {
        oldLabel: before.label,
        newLabel: after.label,
        scope: flags.scope,
        locate,
      }))
        if (flags.format === 'github' && line.startsWith('::') && io.annotation) io.annotation(line);
        else io.out(line);
      const table = findingTable(findings, before.label, after.label, flags.scope);
      if (flags.markdown) fs.writeFileSync(flags.markdown, table);
      if (io.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(io.env.GITHUB_STEP_SUMMARY, table);
      done(findings.some((f) => f.blocking) ? ExitCode.ContractBroken : ExitCode.Ok);
    });
}

/**
 * `--base` with a ref is that ref. Without one, in a GitHub pull request, it is the merge base of
 * origin/$GITHUB_BASE_REF and HEAD: what the pull request changes, not what the base branch gained since.
 */
function baseRef(base: string | true, env: NodeJS.ProcessEnv): string {
  if (base !== true) return base;
  const branch = env.GITHUB_BASE_REF;
  if (!branch)
    throw new InputError(
      '--base needs a git ref here (only a GitHub pull request, with $GITHUB_BASE_REF set, has a default).',
      'Name one: diff --base origin/main',
    );
  const remote = `origin/${branch}`;
  const git = (args: string[]) =>
    execFileSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    git(['rev-parse', '--verify', '--quiet', `${remote}^{commit}`]);
  } catch {
    throw new InputError(
      `--base: ${remote} (the pull request's base, from $GITHUB_BASE_REF) was not fetched.`,
      `Fetch it first: git fetch --no-tags origin ${branch} (or use actions/checkout with fetch-depth: 0).`,
    );
  }
  try {
    return git(['merge-base', remote, 'HEAD']);
  } catch {
    throw new InputError(
      `--base: ${remote} and HEAD have no merge base in this clone (a shallow checkout?).`,
      `Fetch more history: git fetch --no-tags --deepen=100 origin ${branch} (or fetch-depth: 0).`,
    );
  }
}

/** --base names a commit of this repository; an unknown one is bad input, said before anything is read. */
function gitRoot(ref: string): string {
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
      cwd: PROJECT_ROOT,
      stdio: 'ignore',
    });
  } catch {
    throw new InputError(
      `--base ${JSON.stringify(ref)} is not a commit in this repository.`,
      'Fetch it first (for example: git fetch origin main), or name a branch, tag or commit that exists.',
    );
  }
  return PROJECT_ROOT;
}
