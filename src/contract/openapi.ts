import path from 'node:path';
import { CONTRACTS_DIR } from '../pacticipants';
import { InputError } from '../errors';
import { displayPath, readJsonFile } from './json-file';

export const OPENAPI_FILE = path.join(CONTRACTS_DIR, 'openapi.json');

type Json = Record<string, unknown>;

/**
 * contracts/openapi.json as one self-contained document: each
 * components.schemas entry that points at a file in schemas/ is replaced by
 * that schema (less $id and $schema, which only name the file). Tools that do
 * not follow file references, such as the pact comparator, read this.
 */
export function loadBundledOpenApi(file = OPENAPI_FILE): Json {
  const document = readJsonFile(file, 'OpenAPI document') as Json;
  const schemas = (document.components as { schemas?: Record<string, Json> } | undefined)?.schemas;
  if (typeof document.openapi !== 'string' || !schemas) {
    throw new InputError(`${displayPath(file)} must be an OpenAPI document with components.schemas.`);
  }
  for (const [name, schema] of Object.entries(schemas)) {
    const ref = schema.$ref;
    if (typeof ref !== 'string' || ref.startsWith('#')) continue;
    const {
      $id: _id,
      $schema: _schema,
      ...inlined
    } = readJsonFile(
      path.resolve(path.dirname(file), ref),
      `schema ${name} (referenced from ${displayPath(file)})`,
    ) as Json;
    schemas[name] = inlined;
  }
  return document;
}
