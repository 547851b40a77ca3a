/**
 * Generates code from contracts/schemas, so neither can drift from the
 * documented contract:
 * - src/contract/types.generated.ts, the TypeScript types;
 * - src/contract/validators.generated.js, the AJV validators compiled ahead
 *   of time (AJV's standalone code). Compiling the schemas at run time costs
 *   every `verify` about 80 ms, on its critical path; loading this costs 2.
 *
 * Run: npm run generate. With --check it writes nothing and exits 1 when a
 * file is stale (a unit test runs that; prettier, which formats the types,
 * cannot load inside Jest's module sandbox).
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import standaloneCode from 'ajv/dist/standalone';
import type { JSONSchema } from 'json-schema-to-typescript';
import { InputError } from '../errors';
import { PROJECT_ROOT } from '../pacticipants';
import { displayPath } from './json-file';
import { loadSchemas, schemaFile, SCHEMA_NAMES, type JsonSchema, type SchemaName } from './schemas';

// Resolved from the project root so the built copy in dist/ checks the files in src/.
const GENERATED = path.join(PROJECT_ROOT, 'src', 'contract');
const BANNER = 'Generated from contracts/schemas by src/contract/generate.ts. Do not edit: run npm run generate.';

/** The text of types.generated.ts for these schemas. */
async function renderTypes(schemas: Record<SchemaName, JsonSchema>): Promise<string> {
  // Loaded here, not at the top: it loads prettier, which cannot load inside Jest (the test of renderValidators).
  const { compile } = await import('json-schema-to-typescript');
  const parts: string[] = [`/* ${BANNER} */`];
  for (const name of SCHEMA_NAMES) {
    // $id is a file name; json-schema-to-typescript would try to resolve it, and the title already names the type.
    const { $id: _id, ...schema } = schemas[name];
    parts.push(await compile(schema as JSONSchema, name, { bannerComment: '', additionalProperties: false }));
  }
  return parts.join('\n');
}

/**
 * The text of validators.generated.js: one exported validator per schema.
 * strict: a schema AJV would have to guess about is an error here, at
 * generation (and in the test that checks this file), not in a user's run.
 * allErrors: every problem at once. verbose: the offending data and schema, for "expected vs got".
 */
export function renderValidators(schemas: Record<SchemaName, JsonSchema>, contractsDir?: string): string {
  const ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true, code: { source: true } });
  for (const name of SCHEMA_NAMES) {
    try {
      ajv.addSchema(schemas[name], name);
      ajv.getSchema(name);
    } catch (error) {
      throw new InputError(
        `Schema ${displayPath(schemaFile(name, contractsDir))} is not a valid JSON Schema: ${(error as Error).message}`,
        'Fix the schema in contracts/schemas/.',
      );
    }
  }
  const refs = Object.fromEntries(SCHEMA_NAMES.map((name) => [name, name]));
  return `/* ${BANNER} */\n${standaloneCode(ajv, refs)}\n`;
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  const schemas = loadSchemas();
  (async () => {
    const files: [string, string][] = [
      ['types.generated.ts', await renderTypes(schemas)],
      ['validators.generated.js', renderValidators(schemas)],
    ];
    for (const [name, text] of files) {
      const file = path.join(GENERATED, name);
      const shown = path.relative(process.cwd(), file);
      if (!check) {
        fs.writeFileSync(file, text);
        console.log(`wrote ${shown}`);
      } else if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) {
        console.error(`${shown} is out of date with contracts/schemas: run npm run generate and commit it.`);
        process.exitCode = 1;
      }
    }
  })().catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 2;
  });
}
