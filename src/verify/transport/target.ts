import { ProficientClient } from '../../client/proficient-client';
import { requestDeadlineMs, type RequestBudget } from './budget';
import { CALLER_HEADER, GatewayConnection } from './gateway-connection';
import { GATEWAY_PLACEHOLDER_CREDENTIALS } from './gateway-credentials';

/** How checks reach the target: the typed client and raw requests, always through the gateway. */
export class TargetConnection extends GatewayConnection {
  readonly client: ProficientClient;

  constructor(gatewayUrl: string, interactionId: string, budget: RequestBudget, callerToken: string) {
    // The gateway may retry and wait out a rate limit: wait as long as it may take, not one attempt.
    super(gatewayUrl, interactionId, requestDeadlineMs(budget), callerToken);
    this.client = new ProficientClient({
      baseUrl: gatewayUrl,
      timeoutMs: this.deadlineMs,
      headers: { [CALLER_HEADER]: callerToken },
      ...GATEWAY_PLACEHOLDER_CREDENTIALS,
    });
  }
}
