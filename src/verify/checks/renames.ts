import { loadContract } from '../../contract/schemas';
import type { Interaction } from '../../contract/types.generated';
import type { SentRequest } from '../results';
import type { CheckContext } from './check';
import { visible } from './name-diff';
import type { Exchange } from '../transport/gateway';
import { probeName, probeRunOf } from '../staging/marker';

// Timestamps have millisecond resolution and a local server answers within one: let a few pass after the read.
const GAP_AFTER_READ_MS = 5;

/** The run's first rename, its answer, and (where GET answers) the read-back right after it. */
interface FirstRename {
  sent: string;
  request: SentRequest;
  interaction: Interaction;
  /** The read-back, or why it failed (a check that needs it rethrows). */
  readBack?: { request: SentRequest; interaction?: Interaction; error?: unknown };
}

/**
 * The run's first rename, shared by every check that needs a rename: made
 * once, a few milliseconds after the interaction was read, so a server's
 * updated_at can be required to move. Groups that rename call this first, so
 * their own renames never come before it.
 */
export function firstRename(context: CheckContext): Promise<FirstRename> {
  return context.once('the first rename', async () => {
    const readAt = context.original.readAt;
    const wait = readAt === undefined ? 0 : Math.min(GAP_AFTER_READ_MS, readAt + GAP_AFTER_READ_MS - performance.now());
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = probeName(context.settings.runId, `check ${new Date().toISOString()}`);
    const interaction = await context.target.client.interactions.update(context.target.interactionId, { name: sent });
    return { sent, request: post(context, { name: sent }), interaction, readBack: await readBack(context) };
  });
}

/** Markers protect a shared interaction: a target the run owns, or one that keeps nothing, needs none. */
export function needsMarkers(context: CheckContext): boolean {
  return !context.settings.disposable && context.settings.profile !== 'static';
}

/**
 * Puts a probe name of this run on the interaction, after a check whose own
 * name could carry no marker (an exact whitespace or Unicode case, the empty
 * name, a pact's example): between checks the interaction never holds a name
 * that another run could take for the real one. Not judged.
 */
export async function settleOnProbeName(context: CheckContext): Promise<void> {
  if (!needsMarkers(context)) return;
  const body = JSON.stringify({ name: probeName(context.settings.runId, 'between checks') });
  await context.target.raw('POST', context.target.pathOf(), { body, credentials: true }).catch(() => undefined);
}

/** `{}`, sent once right after the first rename, and the read-back after it where GET answers. */
export function emptyUpdate(context: CheckContext) {
  return context.once('the empty update', async () => {
    const before = await firstRename(context);
    const interaction = await context.target.client.interactions.update(context.target.interactionId, {});
    return { before, request: post(context, {}), interaction, readBack: await readBack(context) };
  });
}

async function readBack(context: CheckContext): Promise<FirstRename['readBack']> {
  if (!context.readBack) return undefined;
  const request: SentRequest = { method: 'GET', path: context.target.pathOf(), credentials: true };
  try {
    return { request, interaction: await context.target.client.interactions.get(context.target.interactionId) };
  } catch (error) {
    return { request, error };
  }
}

/** A recorded exchange as a request to send again. */
export function sentOf(exchange: Exchange): SentRequest {
  return {
    method: exchange.method,
    path: exchange.path,
    body: exchange.requestBody || undefined,
    credentials: exchange.credentials,
  };
}

/** A POST to the interaction, with credentials, as sent. */
export function post(context: CheckContext, body: unknown): SentRequest {
  return { method: 'POST', path: context.target.pathOf(), body: JSON.stringify(body), credentials: true };
}

/** The documented fields of an Interaction, from its schema. */
export function documentedFields(): string[] {
  return Object.keys((loadContract().schemas.Interaction as { properties: object }).properties);
}

/** The documented fields (of `fields`) whose values differ between two readings. */
export function changedFields(
  before: object,
  after: object,
  fields: string[],
): { field: string; before: string; after: string }[] {
  const [was, is] = [before as Record<string, unknown>, after as Record<string, unknown>];
  return fields
    .filter((field) => JSON.stringify(was[field]) !== JSON.stringify(is[field]))
    .map((field) => ({ field, before: shownValue(was[field]), after: shownValue(is[field]) }));
}

function shownValue(value: unknown): string {
  if (value === undefined) return '(missing)';
  return typeof value === 'string' ? visible(value) : JSON.stringify(value);
}

/** Whether a name sent carries this run's marker (so nothing need follow it). */
export function isMarked(name: string): boolean {
  return probeRunOf(name) !== undefined;
}
