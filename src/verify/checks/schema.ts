import { describeContentType, isJsonContentType } from '../../contract/media-type';
import { responseSchemaFor } from '../../contract/responses';
import { loadContract, preview, type SchemaName } from '../../contract/schemas';
import type { Exchange } from '../transport/gateway';
import { failed, passed, type CheckContext, type CheckOutcome, type Precondition } from './check';
import { groupOfChecks } from './group-of-checks';
import { reproduce, sentOf } from './renames';
import { timestampProblem } from './timestamps';

/**
 * Every response the run provoked, Pact's replay included, judged against
 * the documented schemas: this catches a dropped field or an enum value
 * outside the list even where a pact matcher is loose. It runs last.
 */
export const schema = groupOfChecks({
  name: 'schema',
  summary: 'every response the run provoked is JSON, every 2xx an Interaction and every error an ApiError (AJV)',
  order: 40,
  checks: [
    {
      name: 'every response is JSON (Content-Type application/json)',
      async run(context) {
        await ensureTraffic(context);
        const all = answered(context);
        const offenders = all.filter((e) => !isJsonContentType(e.contentType));
        const described = [...new Set(offenders.map((e) => describeContentType(e.contentType)))];
        return offenders.length === 0
          ? passed
          : failed({
              message: `${offenders.length} of ${all.length} responses had ${described.join('; ')}`,
              ...reproduce(context, sentOf(offenders[0])),
              expected: 'Content-Type: application/json',
              actual: `Content-Type: ${offenders[0].contentType || '(none)'}`,
            });
      },
    },
    ...(['Interaction', 'ApiError'] as const).map((name) => ({
      name: name === 'Interaction' ? 'every 2xx response is an Interaction' : 'every error response is an ApiError',
      needs: [responsesFor(name)],
      async run(context: CheckContext) {
        return schemaCheck(context, judgedAs(context, name), name);
      },
    })),
    {
      name: 'every 2xx response has millisecond timestamps (created_at, updated_at)',
      needs: [responsesFor('Interaction')],
      async run(context: CheckContext) {
        return millisecondTimestamps(context, judgedAs(context, 'Interaction'));
      },
    },
  ],
});

/**
 * Seconds where milliseconds are documented: both are integers >= 0, so
 * neither the pact nor the schema sees it; every answer is judged here, the
 * shape a static mock is held to as well.
 */
function millisecondTimestamps(context: CheckContext, exchanges: Exchange[]): CheckOutcome {
  const now = Date.now();
  const problems = exchanges.flatMap((exchange) => {
    let body: Partial<Record<'created_at' | 'updated_at', unknown>>;
    try {
      body = JSON.parse(exchange.responseBody ?? '') as typeof body;
    } catch {
      return []; // not JSON: the schema check says so
    }
    return (['created_at', 'updated_at'] as const).flatMap((field) => {
      const value = body?.[field];
      const problem = typeof value === 'number' ? timestampProblem(field, value, now) : undefined;
      return problem ? [{ exchange, problem }] : [];
    });
  });
  if (problems.length === 0) return passed;
  const [{ exchange, problem }] = problems;
  const broken = new Set(problems.map((p) => p.exchange)).size;
  return failed({
    ...problem,
    message: `${broken} of ${exchanges.length} responses: ${problem.message}`,
    ...reproduce(context, sentOf(exchange)),
  });
}

/** With --checks schema alone nothing has been sent yet: send the one request that changes nothing. */
async function ensureTraffic(context: CheckContext): Promise<void> {
  if (judgedAs(context, 'Interaction').length > 0) return;
  await context.target.raw('POST', context.target.pathOf(), { body: '{}', credentials: true });
}

/** Some answer of the run must be documented as this schema, or there is nothing to judge. */
function responsesFor(name: SchemaName): Precondition {
  return (context) =>
    judgedAs(context, name).length > 0
      ? undefined
      : `no response of the run is documented as ${name}, so there is nothing to judge`;
}

/**
 * The answers under contract: every answered request to /interactions/{id},
 * except GETs where the target has no read-back (GET is a neighbour of the
 * endpoint under contract; a mock server without it is not wrong).
 */
function answered(context: CheckContext): Exchange[] {
  return context
    .exchanges()
    .filter(
      (e) => e.status !== undefined && /^\/interactions\//.test(e.path) && (context.readBack || e.method !== 'GET'),
    );
}

function judgedAs(context: CheckContext, name: SchemaName): Exchange[] {
  return answered(context).filter((e) => responseSchemaFor(e.status!) === name);
}

function schemaCheck(context: CheckContext, exchanges: Exchange[], name: SchemaName): CheckOutcome {
  const contract = loadContract();
  const problems: { exchange: Exchange; message: string; path: string }[] = [];
  for (const exchange of exchanges) {
    let body: unknown;
    try {
      body = JSON.parse(exchange.responseBody ?? '');
    } catch {
      problems.push({
        exchange,
        message: `the body is not JSON: ${preview(exchange.responseBody).replace(/^string /, '')}`,
        path: '',
      });
      continue;
    }
    const result = contract.validate(name, body);
    if (!result.valid) for (const v of result.violations) problems.push({ exchange, message: v.message, path: v.path });
  }
  if (problems.length === 0) return passed;
  const first = problems[0];
  const distinct = [...new Set(problems.map((p) => p.message))];
  const shown = `${distinct.slice(0, 5).join('; ')}${distinct.length > 5 ? '; ...' : ''}`;
  const broken = new Set(problems.map((p) => p.exchange)).size;
  return failed({
    message: `${broken} of ${exchanges.length} responses break the ${name} schema: ${shown}`,
    ...reproduce(context, sentOf(first.exchange)),
    path: first.path || undefined,
    expected: `a body valid against contracts/schemas/${name}.schema.json`,
    actual: first.message,
  });
}
