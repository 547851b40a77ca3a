import path from 'node:path';
import { Command, Option } from 'commander';
import { parseJson, readJsonFile } from '../contract/json-file';
import { SCHEMA_NAMES, type SchemaName } from '../contract/schema-names';
import { ExitCode } from '../errors';
import type { CliIo } from './io';

/** `validate`: checks one JSON document against one of the contract's schemas. */
export function validateCommand(io: CliIo, done: (code: number) => void): Command {
  return new Command('validate')
    .description("Check one JSON document against the contract's schema. Exit 0 valid, 1 invalid, 2 unreadable.")
    .argument('<file>', 'a JSON file, or - for standard input')
    .addOption(
      new Option('--schema <name>', 'the schema to check against').choices(SCHEMA_NAMES).default('Interaction'),
    )
    .action(async (file: string, flags: { schema: SchemaName }) => {
      const document =
        file === '-' ? parseJson(await io.readStdin(), 'standard input') : readJsonFile(path.resolve(file), 'document');
      const where = file === '-' ? 'standard input' : file;
      const { loadContract } = await import('../contract/schemas');
      const result = loadContract().validate(flags.schema, document);
      if (result.valid) {
        io.out(`${where}: valid ${flags.schema}`);
        return done(ExitCode.Ok);
      }
      const problems = result.violations.length;
      io.out(`${where}: not a valid ${flags.schema} (${problems} problem${problems > 1 ? 's' : ''})`);
      for (const violation of result.violations) io.out(`  ${violation.message}`);
      done(ExitCode.ContractBroken);
    });
}
