import { Comparator, type Result } from '@pactflow/openapi-pact-comparator';
import { displayPath } from './json-file';
import {
  Deadline,
  escapePointer,
  loadOpenApi,
  removeUnsafePatterns,
  resolvePointer,
  type DocumentProblem,
  type LoadOptions,
  type UnevaluatedPattern,
} from './openapi';
import { OPENAPI_FILE } from '../pacticipants';
import { readPactFile } from './pact-file';

/** What the comparator found in one pact file. */
interface PactCompatibility {
  pactFile: string;
  /** Method and path of each interaction, by index, for naming the operation a result is about. */
  requests: { method: string; path: string }[];
  errors: Result[];
  warnings: Result[];
  /** Errors that only a strict reading of an ambiguous document raises (see ambiguousRefSiblings). */
  ambiguous: Result[];
}

export interface Comparison {
  label: string;
  /** Where the document writes `nullable: true` beside a $ref (OpenAPI 3.0 ignores it). */
  ambiguities: string[];
  outcomes: PactCompatibility[];
  /** Where the document departs from the OpenAPI specification without stopping the check. */
  problems: DocumentProblem[];
  /** Patterns that could backtrack catastrophically: not evaluated, so not judged. */
  unevaluatedPatterns: UnevaluatedPattern[];
}

type Json = Record<string, unknown>;

/**
 * The bi-directional check: is every interaction in these pacts something the
 * OpenAPI document promises? A consumer that expects what the provider never
 * documented is caught in the consumer's own CI, with no provider running.
 * PactFlow's @pactflow/openapi-pact-comparator does the comparing, on the document
 * read strictly and, where it is ambiguous, as its author plainly meant it: an
 * error only the strict reading raises is reported as an ambiguity, not an incompatibility.
 */
export async function comparePactsWithOpenApi(
  pactFiles: string[],
  location: string = OPENAPI_FILE,
  options: LoadOptions = {},
): Promise<Comparison> {
  const deadline = options.deadline ?? new Deadline();
  const { label, document, version, problems } = await loadOpenApi(location, { ...options, deadline });
  stripSchemaIds(document);
  const unevaluatedPatterns = removeUnsafePatterns(document);
  const ambiguities = version === '3.0' ? ambiguousRefSiblings(document) : [];
  // One comparator per reading for all pacts: each compiles the document's schemas once.
  const strict = new Comparator({ oas: document });
  const lenient = ambiguities.length ? new Comparator({ oas: lenientReading(document, ambiguities) }) : undefined;
  const outcomes: PactCompatibility[] = [];
  for (const pactFile of pactFiles) {
    const pact = readPactFile(pactFile);
    const requests = pact.interactions.map((i) => ({ method: i.request.method.toUpperCase(), path: i.request.path }));
    const outcome: PactCompatibility = { pactFile, requests, errors: [], warnings: [], ambiguous: [] };
    const alsoLenient = new Set<string>();
    deadline.check('comparing the pacts with the document');
    if (lenient)
      for await (const result of lenient.compare(pact)) {
        deadline.check('comparing the pacts with the document');
        alsoLenient.add(keyOf(result));
      }
    for await (const result of strict.compare(pact)) {
      deadline.check('comparing the pacts with the document');
      if (result.type === 'error' && lenient && !alsoLenient.has(keyOf(result))) outcome.ambiguous.push(result);
      else if (result.type === 'error') outcome.errors.push(result);
      else if (result.type === 'warning') outcome.warnings.push(result);
    }
    outcomes.push(outcome);
  }
  return { label, ambiguities, outcomes, problems, unevaluatedPatterns };
}

const keyOf = (r: Result) => `${r.code}\u0000${r.mockDetails?.location}\u0000${r.mockDetails?.interactionDescription}`;

/** `$id` and `$schema` only name the schema files; inside one document they would change how refs resolve. */
function stripSchemaIds(document: Json): void {
  const schemas = ((document.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
  for (const schema of Object.values(schemas)) {
    delete schema.$id;
    delete schema.$schema;
  }
}

/** Pointers to every schema that writes `nullable: true` beside a `$ref`. */
function ambiguousRefSiblings(node: unknown, at = ''): string[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => ambiguousRefSiblings(item, `${at}/${i}`));
  if (typeof node !== 'object' || node === null) return [];
  const object = node as Json;
  const here = typeof object.$ref === 'string' && object.nullable === true ? [at] : [];
  return [
    ...here,
    ...Object.entries(object).flatMap(([key, value]) => ambiguousRefSiblings(value, `${at}/${escapePointer(key)}`)),
  ];
}

/** The document with each ambiguous `{$ref, nullable: true}` replaced by its target, made nullable. */
function lenientReading(document: Json, pointers: string[]): Json {
  const copy = structuredClone(document);
  for (const pointer of pointers) {
    const node = resolvePointer(copy, `#${pointer}`) as Json;
    const target = resolvePointer(copy, node.$ref as string) as Json;
    delete node.$ref;
    Object.assign(node, { ...target, ...node, nullable: true });
  }
  return copy;
}

/** A pattern the check did not run: said with its place, and no more of it than a line holds. */
export function describeUnevaluatedPattern(pattern: UnevaluatedPattern): string {
  const shown = pattern.pattern.length > 60 ? `${pattern.pattern.slice(0, 60)}…` : pattern.pattern;
  return (
    `warning  pattern not evaluated at ${pattern.pointer.slice(0, 200)} (${JSON.stringify(shown)}): it could take ` +
    'exponential time to match (a repeated group that itself repeats or alternates), ' +
    'so values there are not checked against it'
  );
}

/** One line per departure from the specification, with its line where the root file has it. */
export function describeProblem(label: string, problem: DocumentProblem): string {
  const where = `${label}${problem.line ? `, line ${problem.line}` : ''}, at ${problem.pointer || '/'}`;
  return `${problem.level === 'info' ? 'info' : 'warning'}  document-invalid  ${where}: ${problem.problem}`;
}

/** The comparator's result codes: what an accepted-changes entry for check-pacts names as its rule. */
export const PACT_CHECK_CODES = [
  'request.accept.incompatible',
  'request.accept.unknown',
  'request.authorization.missing',
  'request.body.incompatible',
  'request.body.unknown',
  'request.body.unvalidatable',
  'request.content-type.incompatible',
  'request.content-type.missing',
  'request.content-type.unknown',
  'request.header.incompatible',
  'request.header.unknown',
  'request.path-or-method.unknown',
  'request.query.incompatible',
  'request.query.unknown',
  'response.body.incompatible',
  'response.body.unknown',
  'response.body.unvalidatable',
  'response.content-type.incompatible',
  'response.content-type.unknown',
  'response.header.incompatible',
  'response.header.undefined',
  'response.header.unknown',
  'response.status.default',
  'response.status.unknown',
];

/** What an accepted-changes entry is matched against: the code, the interaction's request, and the place. */
export function resultTarget(result: Result, requests: { method: string; path: string }[]) {
  const location = result.mockDetails?.location ?? '';
  const index = Number(/^\[root\]\.interactions\[(\d+)\]/.exec(location)?.[1] ?? -1);
  const request = requests[index];
  return {
    rule: result.code,
    method: request?.method,
    path: request?.path,
    pointer: location.replace(/^\[root\]\.interactions\[\d+\]\./, ''),
  };
}

/** One readable line per finding: which interaction, where, what. */
export function describeResult(result: Result): string {
  const interaction = result.mockDetails?.interactionDescription ?? 'the pact';
  const where = result.mockDetails?.location?.replace(/^\[root\]\.interactions\[\d+\]\./, '') ?? '';
  const value =
    result.mockDetails?.value === undefined ? '' : ` (got ${JSON.stringify(result.mockDetails.value)?.slice(0, 80)})`;
  const level = result.type === 'error' ? 'INCOMPATIBLE' : 'warning';
  // The comparator's message may quote the document (a pattern, an enum): no more of it than a line holds.
  const message = result.message.length > 300 ? `${result.message.slice(0, 300)}…` : result.message;
  return `${level}  "${interaction}" ${where}: ${message}${value} [${result.code}]`;
}

/** One line for an error that only the strict reading of an ambiguous document raises. */
export function describeAmbiguity(result: Result, ambiguities: string[]): string {
  const interaction = result.mockDetails?.interactionDescription ?? 'the pact';
  const where = result.mockDetails?.location?.replace(/^\[root\]\.interactions\[\d+\]\./, '') ?? '';
  return (
    `AMBIGUOUS  "${interaction}" ${where}: the document writes nullable: true beside a $ref at ` +
    `${ambiguities.join(', ')}; OpenAPI 3.0 ignores it (strictly: ${result.message}), its author meant null ` +
    'to be allowed. Not counted as incompatible.'
  );
}

export function summaryLine(comparison: Comparison): string {
  const { outcomes, label } = comparison;
  const errors = outcomes.reduce((n, o) => n + o.errors.length, 0);
  const ambiguous = outcomes.reduce((n, o) => n + o.ambiguous.length, 0);
  const files = outcomes.map((o) => displayPath(o.pactFile)).join(', ');
  const also = ambiguous ? ` (${ambiguous} more only if the document is read strictly: see AMBIGUOUS)` : '';
  return errors === 0
    ? `The pacts (${files}) agree with ${label}${also}.`
    : `${errors} expectation${errors > 1 ? 's' : ''} in ${files} are not backed by ${label}${also}.`;
}
