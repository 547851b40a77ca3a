import type { GatewayConnection } from '../transport/gateway-connection';

export type NameReading =
  | {
      name: string;
      via: 'GET';
      /** The whole body as read, before anything changed it (it may break the contract elsewhere). */
      interaction: Record<string, unknown>;
      /** When the answer arrived (performance.now()), so a later change can wait a few milliseconds past it. */
      readAt: number;
    }
  | {
      name?: undefined;
      via?: undefined;
      status: number;
      text: string;
      location?: string;
      /** All of its headers: a mock tool's own (Prism's sl-violations) tell what answered. */
      headers?: Record<string, string | string[] | undefined>;
      /** Set when the target gave no answer at all (the gateway's cause). */
      gatewayFailure?: string;
    };

/**
 * Reads an interaction's current name with GET, the only read there is: a
 * target without GET is never "read" with a write such as `POST {}` (on a
 * server whose `{}` clears the name, that read would be the first change).
 * Deliberately lenient: a response that breaks the contract elsewhere still
 * tells the name, so it can be put back.
 */
export async function readCurrentName(target: GatewayConnection, cleanUp = false): Promise<NameReading> {
  const response = await target.raw('GET', target.pathOf(), { credentials: true, cleanUp });
  const interaction = response.status === 200 ? withName(response.text) : undefined;
  if (interaction) return { name: interaction.name, via: 'GET', interaction, readAt: performance.now() };
  return {
    status: response.status,
    text: response.text,
    location: response.location,
    headers: response.headers,
    gatewayFailure: response.gatewayFailure,
  };
}

/** The body, if it is a JSON object with a string name. */
function withName(text: string): (Record<string, unknown> & { name: string }) | undefined {
  try {
    const body = JSON.parse(text) as unknown;
    const ok = typeof body === 'object' && body !== null && typeof (body as { name?: unknown }).name === 'string';
    return ok ? (body as Record<string, unknown> & { name: string }) : undefined;
  } catch {
    return undefined;
  }
}
