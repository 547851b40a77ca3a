/**
 * What the suite's own requests carry to the gateway: example values that
 * mark "this request is authenticated". The gateway swaps in the real
 * credentials (or, where none are configured, sends these on, which the
 * reference provider accepts).
 */
export const GATEWAY_PLACEHOLDER_CREDENTIALS = {
  apiKey: 'pk_placeholder_swapped_by_gateway',
  userExternalId: 'proficient-contract-suite',
} as const;
