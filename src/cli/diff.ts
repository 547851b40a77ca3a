import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { ExitCode, InputError } from '../errors';
import { PROJECT_ROOT, CONTRACTS_DIR } from '../pacticipants';
import type { CliIo } from './io';
import { fetchTimeoutOption, pactsOption } from './options';

interface DiffFlags {
  base?: string;
  scope: 'all' | 'pacts';
  format: 'text' | 'json' | 'html';
  markdown?: string;
  pacts: string;
  timeoutMs: number;
}

/** `diff`: compares two OpenAPI documents operation by operation and says which changes break clients. */
export function diffCommand(io: CliIo, done: (code: number) => void): Command {
  return new Command('diff')
    .description('Compare two OpenAPI documents (or contract versions); exit 1 on a breaking change.')
    .argument('[old]', 'the old version: a contracts folder, an OpenAPI file (YAML or JSON, 3.0 or 3.1) or a URL')
    .argument('[new]', "the new version (with --base: defaults to this repository's contracts/)")
    .option('--base <git-ref>', 'compare against contracts/ as it is at this git ref, e.g. origin/main')
    .addOption(
      new Option('--scope <scope>', 'which breaking changes fail the run: all, or only those the pacts use')
        .choices(['all', 'pacts'])
        .default('all'),
    )
    .addOption(
      new Option('--format <format>', 'text lines, JSON for tools, or one self-contained HTML page')
        .choices(['text', 'json', 'html'])
        .default('text'),
    )
    .option('--markdown <file>', 'also write a Markdown table here (and append it to $GITHUB_STEP_SUMMARY when set)')
    .addOption(pactsOption('the pacts that say what this consumer uses'))
    .addOption(fetchTimeoutOption())
    .action(async (oldPath: string | undefined, newPath: string | undefined, flags: DiffFlags) => {
      const { loadOpenApi } = await import('../contract/openapi');
      const { diffOperations } = await import('../diff/operation-diff');
      const { judge, pactUses } = await import('../diff/consumer');
      const { findingJson, findingLines, findingTable, summaryLine } = await import('../diff/report');
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
      const { timeoutMs } = flags;
      const local = (location: string) => (/^https?:/i.test(location) ? location : path.resolve(location));

      const before = flags.base
        ? await loadOpenApi(CONTRACTS_DIR, { gitRef: flags.base, repoRoot: gitRoot(flags.base) })
        : await loadOpenApi(local(oldPath!), { timeoutMs });
      const after = await loadOpenApi(local((flags.base ? oldPath : newPath) ?? CONTRACTS_DIR), { timeoutMs });

      const raw = diffOperations(
        { root: before.document, version: before.version },
        { root: after.document, version: after.version },
      );
      const findings = judge(raw, pactUses(path.resolve(flags.pacts)), flags.scope);
      if (flags.format === 'json') io.out(findingJson(findings, before.label, after.label, flags.scope));
      else if (flags.format === 'html') {
        const { diffHtml } = await import('../diff/html');
        io.out(diffHtml(findings, before.label, after.label, flags.scope));
      } else {
        for (const line of findingLines(findings)) io.out(line);
        io.out(summaryLine(findings, before.label, after.label));
      }
      const table = findingTable(findings, before.label, after.label, flags.scope);
      if (flags.markdown) fs.writeFileSync(flags.markdown, table);
      if (io.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(io.env.GITHUB_STEP_SUMMARY, table);
      done(findings.some((f) => f.blocking) ? ExitCode.ContractBroken : ExitCode.Ok);
    });
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
