/**
 * Generates src/contract/types.generated.ts from contracts/schemas, so the
 * TypeScript types never drift from the documented contract.
 * Run: npm run generate:types. With --check it writes nothing and exits 1
 * when the file is stale (a unit test runs that; prettier, which formats the
 * output, cannot load inside Jest's module sandbox).
 */
import fs from 'node:fs';
import path from 'node:path';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { PROJECT_ROOT } from '../pacticipants';
import { loadSchemas, SCHEMA_NAMES } from './schemas';

// Resolved from the project root so the built copy in dist/ checks the file in src/.
export const GENERATED_TYPES_FILE = path.join(PROJECT_ROOT, 'src', 'contract', 'types.generated.ts');

/** The text of types.generated.ts for the current contracts/. */
export async function renderTypes(): Promise<string> {
  const schemas = loadSchemas();
  const parts: string[] = [
    '/* Generated from contracts/schemas by src/contract/generate-types.ts. Do not edit: run npm run generate:types. */',
  ];
  for (const name of SCHEMA_NAMES) {
    // $id is a file name; json-schema-to-typescript would try to resolve it, and the title already names the type.
    const { $id: _id, ...schema } = schemas[name];
    parts.push(await compile(schema as JSONSchema, name, { bannerComment: '', additionalProperties: false }));
  }
  return parts.join('\n');
}

if (require.main === module) {
  const shown = path.relative(process.cwd(), GENERATED_TYPES_FILE);
  renderTypes()
    .then((text) => {
      if (!process.argv.includes('--check')) {
        fs.writeFileSync(GENERATED_TYPES_FILE, text);
        console.log(`wrote ${shown}`);
      } else if (fs.readFileSync(GENERATED_TYPES_FILE, 'utf8') !== text) {
        console.error(`${shown} is out of date with contracts/schemas: run npm run generate:types and commit it.`);
        process.exitCode = 1;
      }
    })
    .catch((error: Error) => {
      console.error(error.message);
      process.exitCode = 2;
    });
}
