import { probeRunOf } from './staging/marker';
import { readCurrentName } from './staging/read-name';
import type { GatewayConnection } from './transport/gateway-connection';

/** How putting a name back ended, in one line for people and a flag for the verdict. */
export interface PutBack {
  line: string;
  /** The name is confirmed back (or was never changed). */
  back: boolean;
  /** Someone other than the suite set the name meanwhile, and it was left as they set it. */
  leftToOtherWriter?: boolean;
}

export interface PutBackOptions {
  /** The target answers GET: the name is read before and confirmed after; else the POST's answer confirms it. */
  readBack: boolean;
  /** Names this run set. A name that is neither this run's nor any run's probe was set by someone else. */
  isOwn?: (name: string) => boolean;
}

/**
 * Puts a name back and says so in one line; never throws (it runs on the
 * way out, after a pass, a failure or an interruption, and on recovery). It
 * overwrites only what the suite wrote: this run's names or any run's probe
 * names; a name that someone else set meanwhile is theirs, and stays.
 */
export async function putNameBack(target: GatewayConnection, name: string, options: PutBackOptions): Promise<PutBack> {
  const shown = JSON.stringify(name);
  try {
    if (options.readBack) {
      // Raw, not the typed client: a response that breaks the contract elsewhere must not stop the name going back.
      const before = await readCurrentName(target, true);
      if (before.name === name) return { line: `The name is unchanged: ${shown}.`, back: true };
      if (before.via && options.isOwn && !options.isOwn(before.name) && probeRunOf(before.name) === undefined) {
        return {
          line:
            `Left the name as someone else set it during the run: ${JSON.stringify(before.name)} ` +
            `(it was ${shown} before the run).`,
          back: false,
          leftToOtherWriter: true,
        };
      }
      // The target gave no answer (the gateway already retried): a rename would meet the same outage.
      if (before.via === undefined && before.gatewayFailure) throw new Error(before.gatewayFailure);
    }
    const put = await target.raw('POST', target.pathOf(), {
      body: JSON.stringify({ name }),
      credentials: true,
      cleanUp: true,
    });
    if (put.status !== 200) throw new Error(put.gatewayFailure ?? `HTTP ${put.status} ${put.text.slice(0, 120)}`);
    const answered = nameOf(put.text);
    if (answered !== name) throw new Error(`the rename answered the name ${JSON.stringify(answered ?? null)}`);
    if (options.readBack) {
      const now = await readCurrentName(target, true);
      if (now.name !== name) {
        throw new Error(`the target now says ${JSON.stringify(now.name ?? `HTTP ${now.status}`)}`);
      }
    }
    return { line: `Restored the name ${shown}.`, back: true };
  } catch (error) {
    return { line: `Could not put the name ${shown} back: ${(error as Error).message}.`, back: false };
  }
}

function nameOf(text: string): string | undefined {
  try {
    const name = (JSON.parse(text) as { name?: unknown }).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}
