import fc from 'fast-check';
import {
  ProficientApiError,
  ProficientConnectionError,
  ProficientError,
  ProficientResponseError,
} from '../client/errors';
import type { CheckGroup } from '../config';
import { loadContract, preview } from '../contract/schemas';
import type { Interaction } from '../contract/types.generated';
import type { Exchange } from './transport/gateway';
import type { FailureDetail } from './results';
import { idThatCannotExist } from './state-handlers';
import type { TargetConnection } from './transport/target';

export type CheckOutcome =
  | { status: 'passed' }
  | { status: 'failed'; detail: FailureDetail }
  | { status: 'skipped'; reason: string }
  | { status: 'error'; detail: FailureDetail };

export interface CheckContext {
  target: TargetConnection;
  /** Whether GET /interactions/{id} answers, so a change can be read back. */
  readBack: boolean;
  /** How many generated names the round-trip property sends. */
  samples: number;
  /** Everything sent through the gateway so far. */
  exchanges: () => readonly Exchange[];
}

export interface LiveCheck {
  group: CheckGroup;
  name: string;
  run(context: CheckContext): Promise<CheckOutcome>;
}

const passed: CheckOutcome = { status: 'passed' };
const failed = (detail: FailureDetail): CheckOutcome => ({ status: 'failed', detail });

// Timestamps are milliseconds: anything before 2001-09-09 (1e12 ms) is probably seconds.
const EARLIEST_PLAUSIBLE_MS = 1_000_000_000_000;
const DAY_MS = 86_400_000;

/** The rename the behaviour checks share: one request, several properties of its answer. */
const renames = new WeakMap<CheckContext, Promise<{ sent: string; request: string; interaction: Interaction }>>();
function renameOnce(context: CheckContext) {
  let rename = renames.get(context);
  if (!rename) {
    const sent = `contract-suite check ${new Date().toISOString()}`;
    const request = `POST ${context.target.pathOf()} ${JSON.stringify({ name: sent })}`;
    rename = context.target.client.interactions
      .update(context.target.interactionId, { name: sent })
      .then((interaction) => ({ sent, request, interaction }));
    renames.set(context, rename);
  }
  return rename;
}

/** The checks beyond replaying the pacts, in the order they run. */
export const LIVE_CHECKS: LiveCheck[] = [
  {
    group: 'behaviour',
    name: 'the name sent is the name returned',
    async run(context) {
      const { sent, request, interaction } = await renameOnce(context);
      return interaction.name === sent
        ? passed
        : failed({
            message: 'The response does not carry the name that was sent',
            request,
            path: '/name',
            expected: JSON.stringify(sent),
            actual: JSON.stringify(interaction.name),
          });
    },
  },
  {
    group: 'behaviour',
    name: 'the response id is the id in the path',
    async run(context) {
      const { request, interaction } = await renameOnce(context);
      return interaction.id === context.target.interactionId
        ? passed
        : failed({
            message: 'The response is about another interaction',
            request,
            path: '/id',
            expected: JSON.stringify(context.target.interactionId),
            actual: JSON.stringify(interaction.id),
          });
    },
  },
  {
    group: 'behaviour',
    name: 'created_at and updated_at are plausible millisecond timestamps',
    async run(context) {
      const { request, interaction } = await renameOnce(context);
      const latest = Date.now() + DAY_MS;
      for (const field of ['created_at', 'updated_at'] as const) {
        const value = interaction[field];
        if (value < EARLIEST_PLAUSIBLE_MS || value > latest) {
          const hint =
            value < EARLIEST_PLAUSIBLE_MS && value * 1000 >= EARLIEST_PLAUSIBLE_MS
              ? ' (this looks like seconds, not milliseconds)'
              : '';
          return failed({
            message: `${field} is not a plausible time in milliseconds since the Unix epoch${hint}`,
            request,
            path: `/${field}`,
            expected: `an integer from ${EARLIEST_PLAUSIBLE_MS} to ${latest}`,
            actual: String(value),
          });
        }
      }
      return interaction.updated_at >= interaction.created_at
        ? passed
        : failed({
            message: 'updated_at is earlier than created_at',
            request,
            path: '/updated_at',
            expected: `>= ${interaction.created_at}`,
            actual: String(interaction.updated_at),
          });
    },
  },
  {
    group: 'behaviour',
    name: 'the change persisted (read back with GET)',
    async run(context) {
      if (!context.readBack)
        return {
          status: 'skipped',
          reason: `the target does not answer GET ${context.target.pathOf()}, so nothing can be read back`,
        };
      const { sent } = await renameOnce(context);
      return readBackShows(context, sent, 'A read-back after the rename shows another name');
    },
  },
  {
    group: 'behaviour',
    name: '{} changes nothing',
    async run(context) {
      const { sent } = await renameOnce(context);
      const after = await context.target.client.interactions.update(context.target.interactionId, {});
      const request = `POST ${context.target.pathOf()} {}`;
      if (after.name !== sent)
        return failed({
          message: 'An empty update changed the name',
          request,
          path: '/name',
          expected: JSON.stringify(sent),
          actual: JSON.stringify(after.name),
        });
      return context.readBack
        ? readBackShows(context, sent, 'After an empty update, a read-back shows another name')
        : passed;
    },
  },
  {
    group: 'behaviour',
    name: 'generated names round-trip (non-ASCII, emoji, empty, 1,000 characters)',
    async run(context) {
      let mismatch: FailureDetail | undefined;
      const property = fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 40 }), async (name) => {
        const interaction = await context.target.client.interactions.update(context.target.interactionId, { name });
        if (interaction.name !== name) {
          mismatch = {
            message: 'A generated name did not come back as sent',
            request: `POST ${context.target.pathOf()} ${preview({ name }).replace(/^object /, '')}`,
            path: '/name',
            expected: JSON.stringify(name),
            actual: JSON.stringify(interaction.name),
          };
          return false;
        }
        return true;
      });
      // The documented edge cases always run; then `samples` random ones. No shrinking: each try is a live request.
      const result = await fc.check(property, {
        numRuns: context.samples,
        examples: [[''], ['x'.repeat(1000)], ['Reiseplanung für Zoë 🚆 東京 — ✓'], ['👩🏽‍🚀🇯🇵 مرحبا']],
        endOnFailure: true,
      });
      if (!result.failed) return passed;
      if (mismatch) return failed({ ...mismatch, message: `${mismatch.message} (fast-check seed ${result.seed})` });
      throw result.errorInstance ?? new Error('the round-trip property stopped without a verdict');
    },
  },
  {
    group: 'errors',
    name: 'a request without credentials is refused with 403 and an ApiError',
    async run(context) {
      const path = context.target.pathOf();
      const body = JSON.stringify({ name: 'contract-suite: must be refused' });
      return expectApiError(
        await context.target.raw('POST', path, { body, credentials: false }),
        403,
        `POST ${path} ${body} (no credential headers)`,
      );
    },
  },
  {
    group: 'errors',
    name: 'an unknown id gives 404 and an ApiError',
    async run(context) {
      const path = context.target.pathOf(idThatCannotExist());
      const body = JSON.stringify({ name: 'contract-suite: no such interaction' });
      return expectApiError(
        await context.target.raw('POST', path, { body, credentials: true }),
        404,
        `POST ${path} ${body}`,
      );
    },
  },
  {
    group: 'errors',
    name: 'a body the contract rejects ("name": 42) gives 400 and an ApiError',
    async run(context) {
      const path = context.target.pathOf();
      const body = JSON.stringify({ name: 42 });
      return expectApiError(
        await context.target.raw('POST', path, { body, credentials: true }),
        400,
        `POST ${path} ${body}`,
      );
    },
  },
  {
    group: 'schema',
    name: 'every response is JSON (Content-Type application/json)',
    async run(context) {
      await ensureTraffic(context);
      const offenders = answered(context).filter((e) => !/^application\/json\s*(;|$)/i.test(e.contentType ?? ''));
      return offenders.length === 0
        ? passed
        : failed({
            message: `${offenders.length} of ${answered(context).length} responses were not JSON`,
            request: label(offenders[0]),
            expected: 'Content-Type: application/json',
            actual: `Content-Type: ${offenders[0].contentType || '(none)'}`,
          });
    },
  },
  {
    group: 'schema',
    name: 'every 2xx response is an Interaction',
    async run(context) {
      await ensureTraffic(context);
      return schemaCheck(
        answered(context).filter((e) => e.status! < 300),
        'Interaction',
      );
    },
  },
  {
    group: 'schema',
    name: 'every error response is an ApiError',
    async run(context) {
      return schemaCheck(
        answered(context).filter((e) => e.status! >= 400),
        'ApiError',
      );
    },
  },
];

/** Reads the interaction back with GET and checks it carries `name`. */
async function readBackShows(context: CheckContext, name: string, message: string): Promise<CheckOutcome> {
  const read = await context.target.client.interactions.get(context.target.interactionId);
  return read.name === name
    ? passed
    : failed({
        message,
        request: `GET ${context.target.pathOf()}`,
        path: '/name',
        expected: JSON.stringify(name),
        actual: JSON.stringify(read.name),
      });
}

/** Judges an answer that must be a documented error. */
function expectApiError(
  response: { status: number; contentType: string; text: string },
  status: number,
  request: string,
): CheckOutcome {
  const actual = `${response.status} ${response.contentType || '(no Content-Type)'} ${preview(response.text).replace(/^string /, '')}`;
  if (response.status !== status)
    return failed({
      message: `Expected HTTP ${status}, got ${response.status}`,
      request,
      path: 'status',
      expected: `${status} with an ApiError body`,
      actual,
    });
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    return failed({ message: 'The error body is not JSON', request, expected: 'an ApiError body', actual });
  }
  const check = loadContract().validate('ApiError', body);
  return check.valid
    ? passed
    : failed({
        message: `The error body is not an ApiError: ${check.violations[0].message}`,
        request,
        path: check.violations[0].path,
        expected: 'an ApiError body',
        actual,
      });
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

/** With --checks schema alone nothing has been sent yet: send the one request that changes nothing. */
async function ensureTraffic(context: CheckContext): Promise<void> {
  if (answered(context).some((e) => e.status! < 300)) return;
  await context.target.raw('POST', context.target.pathOf(), { body: '{}', credentials: true });
}

function schemaCheck(exchanges: Exchange[], schema: 'Interaction' | 'ApiError'): CheckOutcome {
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
    const result = contract.validate(schema, body);
    if (!result.valid) for (const v of result.violations) problems.push({ exchange, message: v.message, path: v.path });
  }
  if (problems.length === 0) return passed;
  const first = problems[0];
  const distinct = [...new Set(problems.map((p) => p.message))];
  return failed({
    message: `${new Set(problems.map((p) => p.exchange)).size} of ${exchanges.length} responses break the ${schema} schema: ${distinct.slice(0, 5).join('; ')}${distinct.length > 5 ? '; ...' : ''}`,
    request: `${label(first.exchange)} -> ${first.exchange.status}`,
    path: first.path || undefined,
    expected: `a body valid against contracts/schemas/${schema}.schema.json`,
    actual: first.message,
  });
}

function label(exchange: Exchange): string {
  return `${exchange.method} ${exchange.path}${exchange.requestBody ? ` ${exchange.requestBody.slice(0, 80)}` : ''}`;
}

/** What a check that threw means: the client's error says whether the contract broke or the target could not answer. */
export function outcomeOfError(error: unknown): CheckOutcome {
  if (error instanceof ProficientConnectionError) return { status: 'error', detail: { message: error.message } };
  if (error instanceof ProficientResponseError) {
    const first = error.violations[0];
    return failed({ message: error.message, path: first?.path });
  }
  if (error instanceof ProficientApiError)
    return failed({
      message: `Expected success, got ${error.message}`,
      path: 'status',
      expected: '2xx',
      actual: String(error.status),
    });
  if (error instanceof ProficientError) return failed({ message: error.message });
  return {
    status: 'error',
    detail: { message: `the check itself failed: ${(error as Error).message ?? String(error)}` },
  };
}
