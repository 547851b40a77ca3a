import type { Original } from './preflight';
import { readCurrentName } from './pact/state-handlers';
import type { GatewayConnection } from './transport/gateway-connection';

/**
 * Puts the original name back and says so in one line; never throws (it runs
 * on the way out, after a pass, a failure or an interruption).
 */
export async function restoreName(
  target: GatewayConnection,
  original: Original | undefined,
): Promise<string | undefined> {
  if (!original) return undefined; // nothing was sent that could change it
  if (!original.via) return 'Name not restored: it could not be read before the run.';
  const name = JSON.stringify(original.name);
  try {
    // Raw, not the typed client: a response that breaks the contract elsewhere must not stop the name going back.
    // A target that kept nothing (a static stub, a run stopped early) needs nothing put back.
    const before = await readCurrentName(target, true);
    if (before.name === original.name) return `The name is unchanged: ${name}.`;
    // The target gave no answer (the gateway already retried): a rename would meet the same outage.
    if (before.via === undefined && before.gatewayFailure) throw new Error(before.gatewayFailure);
    const put = await target.raw('POST', target.pathOf(), {
      body: JSON.stringify({ name: original.name }),
      credentials: true,
      cleanUp: true,
    });
    if (put.status !== 200) throw new Error(put.gatewayFailure ?? `HTTP ${put.status} ${put.text.slice(0, 120)}`);
    const now = await readCurrentName(target, true);
    return now.name === original.name
      ? `Restored the name ${name}.`
      : `WARNING: tried to restore the name ${name}, but the target now says ` +
          `${JSON.stringify(now.name ?? `HTTP ${now.status}`)}. Set it by hand.`;
  } catch (error) {
    return `WARNING: could not restore the name ${name}: ${(error as Error).message}. Set it by hand.`;
  }
}
