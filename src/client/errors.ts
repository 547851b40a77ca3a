import type { ApiError } from '../contract/types.generated';
import type { SchemaViolation } from '../contract/schemas';

/**
 * Every error the client throws. Messages are built here from safe parts
 * only (status, code, paths): never from request headers, so no credential
 * can reach a log through an error.
 */
export class ProficientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The call was refused before any request: the id or params break the contract. */
export class ProficientRequestError extends ProficientError {
  constructor(
    message: string,
    readonly violations: SchemaViolation[] = [],
  ) {
    super(message);
  }
}

/** The server answered with a documented ApiError. */
export class ProficientApiError extends ProficientError {
  readonly code: ApiError['error']['code'];
  readonly apiMessage: string;
  constructor(
    readonly status: number,
    body: ApiError,
  ) {
    super(`HTTP ${status} ${body.error.code}: ${body.error.message}`);
    this.code = body.error.code;
    this.apiMessage = body.error.message;
  }
}

/** The server answered, but not as the contract says it must (bad JSON, wrong shape, undocumented error). */
export class ProficientResponseError extends ProficientError {
  constructor(
    message: string,
    readonly status: number,
    readonly violations: SchemaViolation[] = [],
  ) {
    super(message);
  }
}

/** No usable answer: the connection was refused, reset or timed out. */
export class ProficientConnectionError extends ProficientError {
  constructor(
    message: string,
    /** The transport failure, e.g. ECONNREFUSED, ECONNRESET, ETIMEDOUT. */
    readonly code: string,
  ) {
    super(message);
  }
}
