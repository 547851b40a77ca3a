import { startReferenceProvider, type ReferenceProvider } from '../provider/server';
import type { PactReplay } from './pact/replay';
import type { VerifyPlan } from './plan';
import { judgeResponse } from './response-judge';
import { WriterWatch } from './staging/writer-watch';
import { TargetGateway } from './transport/gateway';
import { runScope } from './transport/scope';
import { TargetConnection } from './transport/target';

/**
 * Everything a run starts, owned in one place: the Pact process, the embedded
 * reference provider, the gateway. `close()` tears all of it down, whatever
 * was started, however the run ended; it is safe to call twice.
 */
export class VerifySession {
  private closing?: Promise<void>;

  private constructor(
    readonly targetUrl: URL,
    readonly gateway: TargetGateway,
    readonly target: TargetConnection,
    readonly replay: PactReplay | undefined,
    /** Every name the run set, to tell another writer's from its own. */
    readonly watch: WriterWatch,
    private readonly embedded: ReferenceProvider | undefined,
    private readonly ownsReplay: boolean,
  ) {}

  /**
   * Starts what the plan needs. A Pact process handed in (started before the
   * rest loaded, or shared by tests) is used, and closed only if `ownsReplay`.
   * If anything fails to start, what did start is stopped before the error goes on.
   */
  static async open(plan: VerifyPlan, replay: PactReplay | undefined, ownsReplay: boolean): Promise<VerifySession> {
    let embedded: ReferenceProvider | undefined;
    try {
      if (plan.embedded) embedded = await startReferenceProvider();
      const targetUrl = plan.baseUrl ?? new URL(embedded!.url);
      const watch = new WriterWatch(plan.runId);
      const gateway = new TargetGateway({
        target: targetUrl,
        // A target the run started itself (a mock, the reference provider) never sees the real credentials.
        credentials: plan.disposable ? {} : plan.credentials,
        budget: plan.budget,
        maxBodyBytes: plan.maxBodyBytes,
        scope: runScope(plan.interactionId, plan.runId),
        callerToken: plan.callerToken,
        // A target the run started has no other writer: a name it did not set is the target's own doing
        // (a mock whose {} clears the name), for the checks to judge, not a reason to stop.
        watch: plan.disposable ? undefined : watch,
        judge: judgeResponse,
      });
      await gateway.start();
      const target = new TargetConnection(gateway.url, plan.interactionId, plan.budget, plan.callerToken);
      return new VerifySession(targetUrl, gateway, target, replay, watch, embedded, ownsReplay);
    } catch (error) {
      if (ownsReplay) replay?.close();
      await embedded?.close();
      throw error;
    }
  }

  /** The target as the output names it: origin and path prefix. */
  get targetLabel(): string {
    return targetLabelOf(this.targetUrl);
  }

  /** From now on only clean-up requests reach the target; resolves once what was on its way has finished. */
  stopChecks(): Promise<void> {
    if (this.ownsReplay) this.replay?.close();
    return this.gateway.closeToChecks();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.ownsReplay) this.replay?.close();
      await this.gateway.stop();
      await this.embedded?.close();
    })();
    return this.closing;
  }
}

/** A target as the output names it, and as its journal and lock are keyed: origin and path prefix. */
export function targetLabelOf(url: URL): string {
  return `${url.origin}${url.pathname.replace(/\/$/, '')}`;
}
