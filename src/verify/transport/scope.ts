import { randomBytes } from 'node:crypto';
import { readJsonFile } from '../../contract/json-file';
import { HTTP_METHODS } from '../../contract/openapi/pointer';
import { OPENAPI_FILE } from '../../pacticipants';

/**
 * What the gateway may send on: the contract's documented operations, for
 * the run's own interaction, and the run's own made-up ids (for 404s). A
 * pact, or anything else that reaches the gateway, cannot steer a request
 * (and the credentials it would carry) anywhere else.
 */
export interface Scope {
  /** Documented operations: method and path template, e.g. POST /interactions/{interaction_id}. */
  operations: { method: string; template: string }[];
  interactionId: string;
  /** Ids the run makes up for "no such interaction" start with this. */
  unknownIdPrefix: string;
}

/** The prefix of the ids a run makes up for "no such interaction": no target can hold one. */
function unknownIdPrefix(runId: string): string {
  return `int_contract_suite_missing_${runId}_`;
}

/** The scope of one run, read from contracts/openapi.json (the operations are not restated here). */
export function runScope(interactionId: string, runId: string): Scope {
  const document = readJsonFile(OPENAPI_FILE, 'OpenAPI document') as { paths: Record<string, object> };
  const operations = Object.entries(document.paths).flatMap(([template, item]) =>
    Object.keys(item)
      .filter((key) => HTTP_METHODS.includes(key))
      .map((method) => ({ method: method.toUpperCase(), template })),
  );
  return { operations, interactionId, unknownIdPrefix: unknownIdPrefix(runId) };
}

/**
 * Why a request is outside the run's scope, or undefined when it may be
 * sent. `target` is the request-target as it reached the gateway: an
 * absolute URL, a query, a dot segment or an encoded slash is refused, since
 * each could make the target read another path than the one judged here.
 */
export function outsideScope(
  scope: Scope,
  method: string,
  target: string,
  options: { anyId?: boolean } = {},
): string | undefined {
  const what = `${method} ${target.length > 200 ? `${target.slice(0, 200)}…` : target}`;
  const refuse = (why: string) => `outside this contract: ${what}; not sent (${why})`;
  if (!target.startsWith('/')) return refuse('not a path under the target');
  if (/[?#]/.test(target)) return refuse('the contract names no query');
  const segments = target.split('/').slice(1);
  for (const operation of scope.operations.filter((o) => o.method === method)) {
    const parts = operation.template.split('/').slice(1);
    if (parts.length !== segments.length) continue;
    let id: string | undefined;
    const fits = parts.every((part, i) => {
      if (!/^\{[^}]+\}$/.test(part)) return part === segments[i];
      id = decoded(segments[i]);
      return id !== undefined && id !== '' && !/[/\\]|^\.\.?$/.test(id);
    });
    if (!fits) continue;
    if (options.anyId || id === undefined || id === scope.interactionId || isUnknownId(scope, id)) return undefined;
    return refuse(`interaction ${JSON.stringify(id)} is not the run's interaction`);
  }
  const documented = scope.operations.map((o) => `${o.method} ${o.template}`).join(', ');
  return refuse(`the contract documents ${documented}`);
}

function isUnknownId(scope: Scope, id: string): boolean {
  return id.startsWith(scope.unknownIdPrefix) && /^[0-9a-f]+$/.test(id.slice(scope.unknownIdPrefix.length));
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** An id no target can hold, and that the gateway lets through as this run's own. */
export function idThatCannotExist(runId: string): string {
  return `${unknownIdPrefix(runId)}${randomBytes(8).toString('hex')}`;
}

/**
 * Why a pact's request falls outside the run's scope, judged before anything
 * starts. A path whose id a provider state supplies is judged by operation
 * alone: at replay the state handlers put the run's own ids there. A literal
 * path must name the run's interaction.
 */
export function pactRequestOutsideScope(
  scope: Scope,
  request: { method: string; path: string; idFromProviderState: boolean },
): string | undefined {
  return outsideScope(scope, request.method.toUpperCase(), request.path, { anyId: request.idFromProviderState });
}

/** Whether a request path names one of this run's made-up ids. */
export function isUnknownIdPath(requestPath: string, runId: string): boolean {
  return requestPath.includes(`/${unknownIdPrefix(runId)}`);
}
