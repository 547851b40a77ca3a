import { describeContentType, isJsonContentType } from '../../contract/media-type';
import { responseSchemaFor } from '../../contract/responses';
import { preview, type SchemaName } from '../../contract/schemas';
import { judgementOf } from '../response-judge';
import type { Exchange } from '../transport/gateway';
import { failed, passed, type CheckContext, type CheckOutcome, type Precondition } from './check';
import { groupOfChecks } from './group-of-checks';
import { nameRecorded } from './preconditions';
import { sentOf } from './renames';
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
      id: 'schema.json',
      promise: 'response-shapes',
      name: 'every response is JSON (Content-Type application/json)',
      needs: [anyAnswer],
      async run(context) {
        await ensureTraffic(context);
        const all = answered(context);
        const offenders = all.filter((e) => !isJsonContentType(e.contentType));
        const described = [...new Set(offenders.map((e) => describeContentType(e.contentType)))];
        return offenders.length === 0
          ? passed
          : failed({
              message: `${offenders.length} of ${all.length} responses had ${described.join('; ')}`,
              sent: sentOf(offenders[0]),
              expected: 'Content-Type: application/json',
              actual: `Content-Type: ${offenders[0].contentType || '(none)'}`,
            });
      },
    },
    {
      id: 'schema.interaction',
      promise: 'response-shapes',
      name: 'every 2xx response is an Interaction',
      needs: [responsesFor('Interaction')],
      run: (context) => schemaCheck(context, 'Interaction'),
    },
    {
      id: 'schema.api-error',
      promise: 'response-shapes',
      name: 'every error response is an ApiError',
      needs: [responsesFor('ApiError')],
      run: (context) => schemaCheck(context, 'ApiError'),
    },
    {
      id: 'schema.millisecond-timestamps',
      promise: 'timestamps',
      name: 'every 2xx response has millisecond timestamps (created_at, updated_at)',
      needs: [responsesFor('Interaction')],
      run: async (context) => millisecondTimestamps(judgedAs(context, 'Interaction')),
    },
  ],
});

/**
 * Seconds where milliseconds are documented: both are integers >= 0, so
 * neither the pact nor the schema sees it; every answer is judged here, the
 * shape a static mock is held to as well.
 */
function millisecondTimestamps(exchanges: Exchange[]): CheckOutcome {
  const now = Date.now();
  const problems = exchanges.flatMap((exchange) => {
    // The documented fields as the gateway kept them (not JSON: the schema check says so).
    const body = judgementOf(exchange)?.documented ?? {};
    return (['created_at', 'updated_at'] as const).flatMap((field) => {
      const value = body[field];
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
    sent: sentOf(exchange),
  });
}

/** With --checks schema alone nothing has been sent yet: send the one request that changes nothing. */
async function ensureTraffic(context: CheckContext): Promise<void> {
  // `{}` is a write on a server with the very bug it would catch: only once the name is recorded.
  if (judgedAs(context, 'Interaction').length > 0 || nameRecorded(context)) return;
  await context.target.raw('POST', context.target.pathOf(), { body: '{}', credentials: true });
}

/** Some answer must be under contract, or there is nothing to judge (and nothing may pass). */
function anyAnswer(context: CheckContext): string | undefined {
  return answered(context).length > 0
    ? undefined
    : 'no response of the run is under contract, so there is nothing to judge';
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
 * except a GET's refusal where the target has no read-back (GET is a
 * neighbour of the endpoint under contract; a mock server without it is not
 * wrong, but one that answers it 2xx must answer an Interaction).
 */
function answered(context: CheckContext): Exchange[] {
  const underContract = (e: Exchange) =>
    context.readBack || e.method !== 'GET' || (e.status! >= 200 && e.status! < 300);
  return context
    .exchanges()
    .filter((e) => e.status !== undefined && /^\/interactions\//.test(e.path) && underContract(e));
}

function judgedAs(context: CheckContext, name: SchemaName): Exchange[] {
  return answered(context).filter((e) => responseSchemaFor(e.status!) === name);
}

async function schemaCheck(context: CheckContext, name: SchemaName): Promise<CheckOutcome> {
  const exchanges = judgedAs(context, name);
  const problems: { exchange: Exchange; message: string; path: string }[] = [];
  for (const exchange of exchanges) {
    // Judged as it arrived (the gateway keeps no whole body): here only the verdicts are read.
    const judged = judgementOf(exchange);
    if (!judged || judged.notJson) {
      const shown = preview(exchange.summary?.preview ?? '').replace(/^string /, '');
      problems.push({ exchange, message: `the body is not JSON: ${shown}`, path: '' });
      continue;
    }
    for (const v of judged.violations) problems.push({ exchange, message: v.message, path: v.path });
  }
  if (problems.length === 0) return passed;
  const first = problems[0];
  const distinct = [...new Set(problems.map((p) => p.message))];
  const shown = `${distinct.slice(0, 5).join('; ')}${distinct.length > 5 ? '; ...' : ''}`;
  const broken = new Set(problems.map((p) => p.exchange)).size;
  return failed({
    message: `${broken} of ${exchanges.length} responses break the ${name} schema: ${shown}`,
    sent: sentOf(first.exchange),
    path: first.path || undefined,
    expected: `a body valid against contracts/schemas/${name}.schema.json`,
    actual: first.message,
  });
}
