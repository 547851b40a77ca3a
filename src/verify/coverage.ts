import { readJsonFile } from '../contract/json-file';
import { HTTP_METHODS, matchesPathTemplate } from '../contract/openapi/pointer';
import { OPENAPI_FILE } from '../pacticipants';
import { responseSchemaFor } from '../contract/responses';
import { loadContract, type JsonSchema } from '../contract/schemas';
import type { CheckResult } from './results';
import { judgedPromises, type JudgedPromise } from './checks/registry';
import type { Exchange } from './transport/gateway';
import { markdownCell } from '../shared/markdown';
import { judgementOf } from './response-judge';

/** What a run exercised of the documented contract. Reported only: it never changes the exit code. */
export interface Coverage {
  /** Every documented operation × status, and whether the run saw it. */
  responses: { method: string; path: string; status: string; seen: boolean }[];
  /** Statuses the run saw that the documentation does not list. */
  undocumented: { method: string; status: number }[];
  /** Every documented field of each response schema, and whether a response carried it. */
  fields: { schema: string; field: string; seen: boolean }[];
  /** Every documented enum value, and whether a response carried it. */
  enums: { schema: string; field: string; value: string; seen: boolean }[];
  /** Every documented promise: judged, skipped (and why) or not run (and why). */
  promises: { promise: string; topic: string; status: 'judged' | 'skipped' | 'not run'; why?: string }[];
}

interface CoverageInput {
  results: readonly CheckResult[];
  /** The documented promises, and the checks (by id) that judge each. */
  promises: readonly JudgedPromise[];
  /** What was answered: `documented` holds the documented fields' values, as judged on arrival. */
  exchanges: readonly { method: string; path: string; status?: number; documented?: unknown }[];
  /** The OpenAPI document: its paths, operations and documented statuses. */
  openapi: { paths: Record<string, Record<string, unknown>> };
  /** The response schemas whose fields and enum values are counted. */
  schemas: Record<string, JsonSchema>;
  /** Which schema an answer with this status is documented as. */
  schemaFor(status: number): string | undefined;
}

/** What a run exercised, from its results and the exchanges the gateway recorded. Pure. */
export function coverageOf(input: CoverageInput): Coverage {
  const operations = Object.entries(input.openapi.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        statuses: Object.keys((operation as { responses?: object }).responses ?? {}),
      })),
  );
  const answered = input.exchanges.filter((e) => e.status !== undefined);
  const operationOf = (e: (typeof answered)[number]) =>
    operations.find((o) => o.method === e.method && matchesPathTemplate(o.path, e.path));

  const responses = operations.flatMap((o) =>
    o.statuses.map((status) => ({
      method: o.method,
      path: o.path,
      status,
      seen: answered.some((e) => operationOf(e) === o && String(e.status) === status),
    })),
  );
  const undocumented = unique(
    answered
      .filter((e) => !operationOf(e)?.statuses.includes(String(e.status)))
      .map((e) => ({ method: e.method, status: e.status! })),
  );

  const bodies = new Map<string, unknown[]>();
  for (const e of answered) {
    const schema = operationOf(e) && input.schemaFor(e.status!);
    const body = schema ? e.documented : undefined;
    if (schema && body !== undefined) bodies.set(schema, [...(bodies.get(schema) ?? []), body]);
  }
  const fields: Coverage['fields'] = [];
  const enums: Coverage['enums'] = [];
  for (const [schema, definition] of Object.entries(input.schemas)) {
    const seenIn = bodies.get(schema) ?? [];
    for (const { field, values } of documentedFieldsOf(definition)) {
      const found = seenIn.map((body) => valueAt(body, field)).filter((v) => v !== undefined);
      fields.push({ schema, field, seen: found.length > 0 });
      for (const value of values ?? []) {
        enums.push({ schema, field, value: String(value), seen: found.some((v) => v === value) });
      }
    }
  }
  return {
    responses,
    undocumented,
    fields,
    enums,
    promises: input.promises.map((p) => promiseStatus(p, input.results)),
  };
}

/** Reads the contract (the OpenAPI document and the response schemas) and measures the run against it. */
export function measureCoverage(results: readonly CheckResult[], exchanges: readonly Exchange[]): Coverage {
  const { schemas } = loadContract();
  return coverageOf({
    results,
    promises: judgedPromises(),
    exchanges: exchanges.map((e) => ({ ...e, documented: judgementOf(e)?.documented })),
    openapi: readJsonFile(OPENAPI_FILE, 'OpenAPI document') as CoverageInput['openapi'],
    schemas: { Interaction: schemas.Interaction, ApiError: schemas.ApiError },
    schemaFor: responseSchemaFor,
  });
}

/** The coverage for the console: counts, then what was not exercised, in plain words. */
export function coverageLines(coverage: Coverage): string[] {
  const judged = coverage.promises.filter((p) => p.status === 'judged').length;
  const seenFields = coverage.fields.filter((f) => f.seen).length;
  const seenValues = coverage.enums.filter((e) => e.seen).length;
  const seenResponses = coverage.responses.filter((r) => r.seen).length;
  const lines = [
    `Coverage: ${judged} of ${coverage.promises.length} documented promises judged · ` +
      `${seenResponses} of ${coverage.responses.length} documented responses seen · ` +
      `${seenFields} of ${coverage.fields.length} fields · ${seenValues} of ${coverage.enums.length} enum values`,
  ];
  for (const p of coverage.promises.filter((p) => p.status !== 'judged')) {
    lines.push(`  ${p.topic} not judged (${p.status}): ${p.why}`);
  }
  const unseen = coverage.responses.filter((r) => !r.seen).map((r) => `${r.method} ${r.status}`);
  if (unseen.length > 0) lines.push(`  responses never seen: ${unseen.join(', ')}`);
  if (coverage.undocumented.length > 0) {
    const shown = coverage.undocumented.map((u) => `${u.method} ${u.status}`).join(', ');
    lines.push(`  undocumented statuses seen: ${shown}`);
  }
  const fields = coverage.fields.filter((f) => !f.seen).map((f) => `${f.schema}.${f.field}`);
  if (fields.length > 0) lines.push(`  fields never seen: ${fields.join(', ')}`);
  const values = coverage.enums.filter((e) => !e.seen).map((e) => `${e.field}: ${e.value}`);
  if (values.length > 0) lines.push(`  enum values never seen on this target: ${values.join(', ')}`);
  return lines;
}

/** The coverage for the Markdown summary: one table each. */
export function coverageMarkdown(coverage: Coverage): string[] {
  const judged = coverage.promises.filter((p) => p.status === 'judged').length;
  const yes = (seen: boolean) => (seen ? 'seen' : '**never seen**');
  return [
    '### Coverage',
    '',
    `${judged} of ${coverage.promises.length} documented promises judged.`,
    '',
    '| promise | status | why |',
    '|---|---|---|',
    ...coverage.promises.map((p) => `| ${markdownCell(p.promise)} | ${p.status} | ${markdownCell(p.why ?? '')} |`),
    '',
    '| operation | status | seen |',
    '|---|---|---|',
    ...coverage.responses.map((r) => `| ${r.method} ${r.path} | ${r.status} | ${yes(r.seen)} |`),
    ...coverage.undocumented.map((u) => `| ${u.method} (undocumented) | ${u.status} | seen |`),
    '',
    '| field | seen |',
    '|---|---|',
    ...coverage.fields.map((f) => `| \`${f.schema}.${f.field}\` | ${yes(f.seen)} |`),
    '',
    '| enum value | seen |',
    '|---|---|',
    ...coverage.enums.map((e) => `| \`${e.field}: ${e.value}\` | ${yes(e.seen)} |`),
  ];
}

function promiseStatus(promise: JudgedPromise, results: readonly CheckResult[]): Coverage['promises'][number] {
  const { promise: text, topic } = promise;
  // A row about a whole group (skipped before its checks) has the group's name for its id.
  const mine = results.filter((r) => promise.judgedBy.some((by) => r.id === by.id || r.id === by.group));
  if (mine.some((r) => r.status === 'passed' || r.status === 'failed'))
    return { promise: text, topic, status: 'judged' };
  const skipped = mine.find((r) => r.status === 'skipped');
  if (skipped) return { promise: text, topic, status: 'skipped', why: skipped.detail?.message };
  const error = mine.find((r) => r.status === 'error');
  const groups = [...new Set(promise.judgedBy.map((by) => by.group))].join(', ');
  return {
    promise: text,
    topic,
    status: 'not run',
    why: error
      ? `the target could not be checked: ${error.detail?.message}`
      : `its checks (${groups}) did not run in this run`,
  };
}

/** Each documented property, nested ones as a.b, with its enum values. */
function documentedFieldsOf(schema: JsonSchema, prefix = ''): { field: string; values?: unknown[] }[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(properties).flatMap(([name, property]) => {
    const field = prefix ? `${prefix}.${name}` : name;
    return [
      { field, values: property.enum as unknown[] | undefined },
      ...(property.properties ? documentedFieldsOf(property, field) : []),
    ];
  });
}

function valueAt(body: unknown, field: string): unknown {
  return field
    .split('.')
    .reduce<unknown>(
      (at, key) =>
        at !== null && typeof at === 'object' && !Array.isArray(at) ? (at as Record<string, unknown>)[key] : undefined,
      body,
    );
}

function unique<T>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(JSON.stringify(item)) && Boolean(seen.add(JSON.stringify(item))));
}
