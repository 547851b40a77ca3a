import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { CONTRACTS_DIR } from '../pacticipants';
import { InputError } from '../errors';
import { displayPath, readJsonFile } from './json-file';

import { SCHEMA_NAMES, type SchemaName } from './schema-names';

export { SCHEMA_NAMES, type SchemaName };

export type JsonSchema = Record<string, unknown>;

/** One way a document breaks a schema, ready to print on one line. */
export interface SchemaViolation {
  /** JSON pointer into the document ("" is the whole document). */
  path: string;
  /** A sentence naming the path, what was expected and what was found. */
  message: string;
}

export type ValidationResult = { valid: true } | { valid: false; violations: SchemaViolation[] };

/** The file that holds a schema, in a contracts folder. */
export function schemaFile(name: SchemaName, contractsDir = CONTRACTS_DIR): string {
  return path.join(contractsDir, 'schemas', `${name}.schema.json`);
}

/** Reads every schema of a contracts folder; a missing or malformed one is an InputError naming it. */
export function loadSchemas(contractsDir = CONTRACTS_DIR): Record<SchemaName, JsonSchema> {
  const schemas = {} as Record<SchemaName, JsonSchema>;
  for (const name of SCHEMA_NAMES) {
    const file = schemaFile(name, contractsDir);
    const schema = readJsonFile(file, 'schema');
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
      throw new InputError(`Schema ${displayPath(file)} must be a JSON object.`);
    }
    schemas[name] = schema as JsonSchema;
  }
  return schemas;
}

/**
 * The contract's validators, looked up by name. They are compiled ahead of
 * time from contracts/schemas (strict AJV; `npm run generate`), so no run
 * pays for compiling them; a test fails when they are stale.
 */
export class ContractValidators {
  constructor(
    readonly schemas: Record<SchemaName, JsonSchema>,
    private readonly validators: Record<SchemaName, ValidateFunction>,
  ) {}

  /** Checks a document against one of the contract's schemas. */
  validate(name: SchemaName, document: unknown): ValidationResult {
    const validator = this.validators[name];
    if (validator(document)) return { valid: true };
    return { valid: false, violations: (validator.errors ?? []).map(describeError) };
  }
}

let shared: ContractValidators | undefined;

/** The validators of this repository's contracts/, loaded on first use. */
export function loadContract(): ContractValidators {
  shared ??= new ContractValidators(
    loadSchemas(),
    require('./validators.generated') as Record<SchemaName, ValidateFunction>,
  );
  return shared;
}

/** Shows a JSON value briefly: long strings and objects are cut so a message stays on one line. */
export function preview(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  const kind =
    value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  return kind === 'null' ? 'null' : `${kind} ${shown}`;
}

function where(pointer: string): string {
  return pointer === '' ? '(the document)' : pointer;
}

/** Turns one AJV error into a line a person can act on. */
function describeError(error: ErrorObject): SchemaViolation {
  const at = error.instancePath;
  switch (error.keyword) {
    case 'required': {
      const missing = `${at}/${(error.params as { missingProperty: string }).missingProperty}`;
      return { path: missing, message: `${missing} is required but missing` };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues
        .map((v) => JSON.stringify(v))
        .join(', ');
      return { path: at, message: `${where(at)} must be one of ${allowed} (got ${JSON.stringify(error.data)})` };
    }
    case 'type': {
      const expected = ([] as string[]).concat((error.params as { type: string | string[] }).type).join(' or ');
      return { path: at, message: `${where(at)} must be ${expected} (got ${preview(error.data)})` };
    }
    case 'additionalProperties': {
      const extra = `${at}/${(error.params as { additionalProperty: string }).additionalProperty}`;
      const known = Object.keys((error.parentSchema as { properties?: object }).properties ?? {}).join(', ');
      return { path: extra, message: `${extra} is not allowed (allowed: ${known || 'none'})` };
    }
    default:
      return { path: at, message: `${where(at)} ${error.message ?? 'is invalid'} (got ${preview(error.data)})` };
  }
}
