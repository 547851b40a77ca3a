import path from 'node:path';
import { Command } from 'commander';
import { ExitCode } from '../errors';
import type { CliIo } from './io';
import { allowRefOption, fetchTimeoutOption, pactsOption, strictOption, timeLimitOption } from './options';

interface CheckPactsFlags {
  pacts: string;
  openapi?: string;
  timeoutMs: number;
  allowRef: string[];
  timeLimitMs: number;
  strict?: boolean;
}

/** `check-pacts`: the bi-directional check of the pacts against the OpenAPI document, with no provider running. */
export function checkPactsCommand(io: CliIo, done: (code: number) => void): Command {
  return new Command('check-pacts')
    .description('Check that every interaction in the pacts is backed by an OpenAPI document. Exit 1 when one is not.')
    .addOption(pactsOption())
    .option(
      '--openapi <location>',
      'the OpenAPI document: a file (YAML or JSON, 3.0 or 3.1), a folder or a URL (default: contracts/openapi.json)',
    )
    .addOption(fetchTimeoutOption())
    .addOption(allowRefOption())
    .addOption(timeLimitOption())
    .addOption(strictOption())
    .action(async (flags: CheckPactsFlags) => {
      const { pactFilesAt } = await import('../contract/pact-file');
      const { Deadline } = await import('../contract/openapi');
      const {
        comparePactsWithOpenApi,
        describeAmbiguity,
        describeProblem,
        describeResult,
        describeUnevaluatedPattern,
        summaryLine,
      } = await import('../contract/pact-vs-openapi');
      const { safeLine } = await import('../shared/safe-text');
      const location = flags.openapi && !/^https?:/i.test(flags.openapi) ? path.resolve(flags.openapi) : flags.openapi;
      const comparison = await comparePactsWithOpenApi(pactFilesAt(path.resolve(flags.pacts)), location, {
        timeoutMs: flags.timeoutMs,
        allowRefs: flags.allowRef,
        strict: flags.strict,
        deadline: new Deadline(flags.timeLimitMs),
      });
      for (const problem of comparison.problems) io.out(safeLine(describeProblem(comparison.label, problem)));
      for (const pattern of comparison.unevaluatedPatterns) io.out(safeLine(describeUnevaluatedPattern(pattern)));
      for (const outcome of comparison.outcomes) {
        for (const result of [...outcome.errors, ...outcome.warnings]) io.out(safeLine(describeResult(result)));
        for (const result of outcome.ambiguous) io.out(safeLine(describeAmbiguity(result, comparison.ambiguities)));
      }
      io.out(safeLine(summaryLine(comparison)));
      done(comparison.outcomes.some((o) => o.errors.length > 0) ? ExitCode.ContractBroken : ExitCode.Ok);
    });
}
