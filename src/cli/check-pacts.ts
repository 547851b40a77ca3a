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
  accepted?: string;
  today: string;
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
    .option('--accepted <file>', 'the accepted-changes file (default: .contract-accepted.yaml, when it exists)')
    .option('--today <YYYY-MM-DD>', 'the date expiries are judged against', new Date().toISOString().slice(0, 10))
    .action(async (flags: CheckPactsFlags) => {
      const { pactFilesAt } = await import('../contract/pact-file');
      const { Deadline } = await import('../contract/openapi');
      const {
        comparePactsWithOpenApi,
        describeAmbiguity,
        describeProblem,
        describeResult,
        describeUnevaluatedPattern,
        PACT_CHECK_CODES,
        resultTarget,
        summaryLine,
      } = await import('../contract/pact-vs-openapi');
      const { entryMatches, readAccepted } = await import('../diff/accepted');
      const { isRuleId } = await import('../diff/findings');
      const { safeLine } = await import('../shared/safe-text');
      const accepted = readAccepted(flags.accepted, (rule) => isRuleId(rule) || PACT_CHECK_CODES.includes(rule));
      const location = flags.openapi && !/^https?:/i.test(flags.openapi) ? path.resolve(flags.openapi) : flags.openapi;
      const comparison = await comparePactsWithOpenApi(pactFilesAt(path.resolve(flags.pacts)), location, {
        timeoutMs: flags.timeoutMs,
        allowRefs: flags.allowRef,
        strict: flags.strict,
        deadline: new Deadline(flags.timeLimitMs),
      });
      for (const problem of comparison.problems) io.out(safeLine(describeProblem(comparison.label, problem)));
      for (const pattern of comparison.unevaluatedPatterns) io.out(safeLine(describeUnevaluatedPattern(pattern)));
      // Entries of the accepted-changes file that name one of the comparator's codes belong to this command.
      const entries = (accepted?.entries ?? []).filter((e) => PACT_CHECK_CODES.includes(e.rule));
      const used = new Set<(typeof entries)[number]>();
      for (const outcome of comparison.outcomes) {
        outcome.errors = outcome.errors.filter((result) => {
          const entry = entries.find((e) => entryMatches(e, resultTarget(result, outcome.requests)));
          if (!entry) return true;
          used.add(entry);
          if (entry.expires && entry.expires < flags.today) return true;
          io.out(
            safeLine(`${describeResult(result).replace(/^INCOMPATIBLE/, 'ACCEPTED')} (accepted: ${entry.reason})`),
          );
          return false;
        });
        for (const result of [...outcome.errors, ...outcome.warnings]) io.out(safeLine(describeResult(result)));
        for (const result of outcome.ambiguous) io.out(safeLine(describeAmbiguity(result, comparison.ambiguities)));
      }
      for (const entry of entries) {
        if (entry.expires && entry.expires < flags.today)
          io.out(
            safeLine(
              `warning  accepted-change-expired  ${entry.source}: expired on ${entry.expires}; the result counts again`,
            ),
          );
        else if (!used.has(entry))
          io.out(
            safeLine(
              `warning  accepted-change-unmatched  ${entry.source}: ${entry.rule} at ${entry.operation} ` +
                'matches no result',
            ),
          );
      }
      io.out(safeLine(summaryLine(comparison)));
      done(comparison.outcomes.some((o) => o.errors.length > 0) ? ExitCode.ContractBroken : ExitCode.Ok);
    });
}
