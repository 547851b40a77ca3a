import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { ExitCode, InputError } from '../errors';
import { PROJECT_ROOT, CONTRACTS_DIR } from '../pacticipants';
import type { CliIo } from './io';

/** `diff`: compares two versions of the contract and says which changes break consumers. */
export function diffCommand(io: CliIo, done: (code: number) => void): Command {
  return new Command('diff')
    .description(
      'Compare two versions of the contract; report breaking vs compatible changes. Exit 1 when anything breaks.',
    )
    .argument('[old]', 'the old version: a contracts folder or an OpenAPI file')
    .argument('[new]', "the new version (with --base: defaults to this repository's contracts/)")
    .option('--base <git-ref>', "compare the working tree's contracts/ against this git ref, e.g. origin/main")
    .option(
      '--markdown <file>',
      'also write the Markdown table here (it is appended to $GITHUB_STEP_SUMMARY when that is set)',
    )
    .action(
      async (oldPath: string | undefined, newPath: string | undefined, flags: { base?: string; markdown?: string }) => {
        const { loadContractAtGitRef, loadContractVersion } = await import('../diff/contract-version');
        const { changeLines, changeTable, diffContracts } = await import('../diff/contract-diff');
        if (flags.base && newPath)
          throw new InputError(
            'With --base, give at most one path (the new version).',
            'Usage: diff <old> <new>, or diff --base <git-ref> [new]',
          );
        if (!flags.base && (!oldPath || !newPath))
          throw new InputError(
            'diff needs two versions to compare.',
            'Usage: diff <old> <new>, or diff --base <git-ref> (compares against contracts/ here)',
          );
        const before = flags.base
          ? loadContractAtGitRef(flags.base, PROJECT_ROOT)
          : loadContractVersion(path.resolve(oldPath!));
        const after = loadContractVersion(path.resolve((flags.base ? oldPath : newPath) ?? CONTRACTS_DIR));

        const changes = diffContracts(before, after);
        const breaking = changes.filter((c) => c.verdict === 'breaking').length;
        for (const line of changeLines(changes)) io.out(line);
        io.out(
          changes.length === 0
            ? `No changes to the contract's shape between ${before.label} and ${after.label}.`
            : `${changes.length} change${changes.length > 1 ? 's' : ''}: ${breaking} breaking, ${changes.length - breaking} compatible.`,
        );
        const table = changeTable(changes, before.label, after.label);
        if (flags.markdown) fs.writeFileSync(flags.markdown, table);
        if (io.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(io.env.GITHUB_STEP_SUMMARY, table);
        done(breaking > 0 ? ExitCode.ContractBroken : ExitCode.Ok);
      },
    );
}
