import path from 'node:path';
import { Command } from 'commander';
import { ExitCode } from '../errors';
import { PACTS_DIR } from '../pacticipants';
import type { CliIo } from './io';

/** `check-pacts`: the bi-directional check of the pacts against the OpenAPI document, with no provider running. */
export function checkPactsCommand(io: CliIo, done: (code: number) => void): Command {
  return new Command('check-pacts')
    .description(
      'Check that every interaction in the pacts is backed by contracts/openapi.json. Exit 1 when one is not.',
    )
    .option('--pacts <path>', 'a pact file, or a folder of them', path.relative(process.cwd(), PACTS_DIR) || PACTS_DIR)
    .option('--openapi <file>', 'the OpenAPI document (default: contracts/openapi.json)')
    .action(async (flags: { pacts: string; openapi?: string }) => {
      const { pactFilesAt } = await import('../contract/pact-file');
      const { comparePactsWithOpenApi, describeResult, summaryLine } = await import('../contract/pact-vs-openapi');
      const { OPENAPI_FILE } = await import('../contract/openapi');
      const openApiFile = flags.openapi ? path.resolve(flags.openapi) : OPENAPI_FILE;
      const outcomes = await comparePactsWithOpenApi(pactFilesAt(path.resolve(flags.pacts)), openApiFile);
      for (const outcome of outcomes)
        for (const result of [...outcome.errors, ...outcome.warnings]) io.out(describeResult(result));
      io.out(summaryLine(outcomes, openApiFile));
      done(outcomes.some((o) => o.errors.length > 0) ? ExitCode.ContractBroken : ExitCode.Ok);
    });
}
