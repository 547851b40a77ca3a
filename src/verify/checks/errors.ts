import { loadContract, preview } from '../../contract/schemas';
import type { RawResponse } from '../transport/gateway-connection';
import { idThatCannotExist } from '../transport/scope';
import { probeName } from '../staging/marker';
import type { SentRequest } from '../report/curl';
import { failed, passed, type CheckContext, type CheckOutcome } from './check';
import { groupOfChecks } from './group-of-checks';
import { nameRecorded } from './preconditions';
import { reproduce } from './renames';

/** The documented errors: each provoked on purpose, each judged for status and ApiError body. */
export const errors = groupOfChecks({
  name: 'errors',
  summary: 'no credentials gives 403, an unknown id 404, a body the contract rejects 400, each with an ApiError',
  order: 20,
  needs: [nameRecorded],
  checks: [
    {
      name: 'a request without credentials is refused with 403 and an ApiError',
      async run(context) {
        const path = context.target.pathOf();
        // A server that wrongly accepts it renames the interaction: to a probe name of this run's.
        const body = JSON.stringify({ name: probeName(context.plan.runId, 'must be refused') });
        const response = await context.target.raw('POST', path, { body, credentials: false });
        return expectApiError(context, response, 403, { method: 'POST', path, body, credentials: false });
      },
    },
    {
      name: 'an unknown id gives 404 and an ApiError',
      async run(context) {
        const path = context.target.pathOf(idThatCannotExist(context.plan.runId));
        const body = JSON.stringify({ name: probeName(context.plan.runId, 'no such interaction') });
        return expectApiError(context, await context.target.raw('POST', path, { body, credentials: true }), 404, {
          method: 'POST',
          path,
          body,
          credentials: true,
        });
      },
    },
    {
      name: 'a body the contract rejects ("name": 42) gives 400 and an ApiError',
      async run(context) {
        const path = context.target.pathOf();
        const body = JSON.stringify({ name: 42 });
        return expectApiError(context, await context.target.raw('POST', path, { body, credentials: true }), 400, {
          method: 'POST',
          path,
          body,
          credentials: true,
        });
      },
    },
  ],
});

/** Judges an answer that must be a documented error. */
function expectApiError(context: CheckContext, response: RawResponse, status: number, sent: SentRequest): CheckOutcome {
  const request = reproduce(context, sent);
  const contentType = response.contentType || '(no Content-Type)';
  const actual = `${response.status} ${contentType} ${preview(response.text).replace(/^string /, '')}`;
  if (response.status !== status) {
    return failed({
      message: `Expected HTTP ${status}, got ${response.status}`,
      ...request,
      path: 'status',
      expected: `${status} with an ApiError body`,
      actual,
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    return failed({ message: 'The error body is not JSON', ...request, expected: 'an ApiError body', actual });
  }
  const check = loadContract().validate('ApiError', body);
  return check.valid
    ? passed
    : failed({
        message: `The error body is not an ApiError: ${check.violations[0].message}`,
        ...request,
        path: check.violations[0].path,
        expected: 'an ApiError body',
        actual,
      });
}
