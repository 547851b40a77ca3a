import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors';
import { displayPath, parseJson, readJsonFile } from '../contract/json-file';
import { SCHEMA_NAMES, type SchemaName } from '../contract/schema-names';

type Schema = Record<string, unknown>;

/** One version of the contract: each documented schema, $refs resolved, or undefined where it does not exist. */
export interface ContractVersion {
  label: string;
  schemas: Record<SchemaName, Schema | undefined>;
}

/** Reads a file's text for a version: from the working tree, or from git. */
type ReadText = (relativePath: string) => string | undefined;

/**
 * Loads a version of the contract from a contracts folder (schemas/<Name>.schema.json,
 * as in this repository) or from one OpenAPI document (components.schemas).
 */
export function loadContractVersion(location: string): ContractVersion {
  if (!fs.existsSync(location))
    throw new InputError(`Cannot read contract ${displayPath(location)}: it does not exist.`);
  const label = displayPath(location);
  if (fs.statSync(location).isDirectory()) {
    const base = fs.existsSync(path.join(location, 'schemas')) ? path.join(location, 'schemas') : location;
    const read: ReadText = (file) =>
      fs.existsSync(path.join(base, file)) ? fs.readFileSync(path.join(base, file), 'utf8') : undefined;
    return fromSchemaFiles(label, read, (file) => path.join(base, file));
  }
  const document = readJsonFile(location, 'contract') as Schema;
  const read: ReadText = (file) => {
    const target = path.resolve(path.dirname(location), file);
    return fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
  };
  return fromOpenApi(label, document, read);
}

/** Loads the contract as it was at a git ref (the repository's contracts/ folder). */
export function loadContractAtGitRef(ref: string, repoRoot: string): ContractVersion {
  const git = (args: string[]) =>
    execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new InputError(
      `--base ${JSON.stringify(ref)} is not a commit in ${displayPath(repoRoot)}.`,
      'Fetch it first (for example: git fetch origin main), or name a branch, tag or commit that exists.',
    );
  }
  const read: ReadText = (file) => {
    try {
      return git(['show', `${ref}:contracts/schemas/${file}`]);
    } catch {
      return undefined;
    }
  };
  return fromSchemaFiles(`contracts/ at ${ref}`, read, (file) => `${ref}:contracts/schemas/${file}`);
}

function fromSchemaFiles(label: string, read: ReadText, describe: (file: string) => string): ContractVersion {
  const schemas = {} as Record<SchemaName, Schema | undefined>;
  for (const name of SCHEMA_NAMES) {
    const file = `${name}.schema.json`;
    const text = read(file);
    if (text === undefined) {
      schemas[name] = undefined;
      continue;
    }
    const schema = parseJson(text, `schema ${describe(file)}`) as Schema;
    schemas[name] = resolveRefs(schema, schema, read, describe(file));
  }
  if (SCHEMA_NAMES.every((name) => schemas[name] === undefined)) {
    throw new InputError(
      `${label} holds none of the contract's schemas (${SCHEMA_NAMES.map((n) => `${n}.schema.json`).join(', ')}).`,
    );
  }
  return { label, schemas };
}

function fromOpenApi(label: string, document: Schema, read: ReadText): ContractVersion {
  const components = (document.components as { schemas?: Record<string, Schema> } | undefined)?.schemas;
  if (typeof document.openapi !== 'string' || !components) {
    throw new InputError(`${label} is neither a contracts folder nor an OpenAPI document with components.schemas.`);
  }
  const schemas = {} as Record<SchemaName, Schema | undefined>;
  for (const name of SCHEMA_NAMES) {
    schemas[name] = components[name] ? resolveRefs(components[name], document, read, label) : undefined;
  }
  return { label, schemas };
}

/**
 * Inlines $refs: local ones ("#/components/schemas/X", "#/$defs/Y") against
 * the document, relative file ones ("schemas/X.schema.json#/...") by reading
 * them. Reshuffled refs then compare equal to what they point at.
 */
function resolveRefs(node: unknown, root: Schema, read: ReadText, source: string, depth = 0): Schema {
  if (depth > 50)
    throw new InputError(
      `${source}: $refs nest more than 50 deep (a cycle?); this differ cannot compare recursive schemas.`,
    );
  if (Array.isArray(node))
    return node.map((item) => resolveRefs(item, root, read, source, depth + 1)) as unknown as Schema;
  if (typeof node !== 'object' || node === null) return node as Schema;
  const object = node as Schema;
  if (typeof object.$ref === 'string') {
    const [file, fragment = ''] = object.$ref.split('#');
    let document = root;
    if (file) {
      const text = read(file);
      if (text === undefined)
        throw new InputError(`${source}: $ref ${JSON.stringify(object.$ref)} points at a file that does not exist.`);
      document = parseJson(text, `${file} (referenced from ${source})`) as Schema;
    }
    const target = fragment
      .split('/')
      .slice(1)
      .reduce<unknown>(
        (at, key) => (at as Schema | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
        document,
      );
    if (target === undefined) throw new InputError(`${source}: $ref ${JSON.stringify(object.$ref)} points at nothing.`);
    const { $ref: _ref, ...siblings } = object;
    return {
      ...resolveRefs(target, document, read, source, depth + 1),
      ...resolveRefs(siblings, root, read, source, depth + 1),
    };
  }
  return Object.fromEntries(
    Object.entries(object).map(([key, value]) => [key, resolveRefs(value, root, read, source, depth + 1)]),
  );
}
