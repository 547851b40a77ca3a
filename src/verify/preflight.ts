import { InputError, ProviderUnavailableError } from '../errors';
import type { NameReading } from './pact/state-handlers';
import { redirectAdvice } from './transport/redirect';
import { CREDENTIALS, type Credentials } from '../contract/credentials';
import type { Redactor } from '../shared/redact';
import { recognizeToolAnswer, surpriseLines } from './first-read';

const { apiKey, userExternalId, secretKey } = CREDENTIALS;

/** The interaction's name before the run changed anything, and how it was read. */
export interface Original {
  name: string;
  /** `GET`, `POST {}`, or undefined when the name could not be read (then it cannot be put back). */
  via?: 'GET' | 'POST {}';
  /** Why it could not be read. */
  unreadable?: string;
  /** What answered instead (its body, bounded and escaped, and a curl), printed under the reason. */
  surprise?: string[];
  /** The whole interaction as read before the run changed anything (undefined when it could not be read). */
  interaction?: Readonly<Record<string, unknown>>;
  /** When it was read (performance.now()). */
  readAt?: number;
}

/**
 * What the first contact with the target means. Failing here says what to
 * fix: unreachable (exit 3), a redirect, an unknown id or refused credentials
 * (exit 2, a setting is wrong). Pure: the reading is done by the caller.
 * @param transportCause set when the gateway could not reach the target
 */
export function judgePreflight(
  reading: NameReading,
  target: { baseUrl: URL; interactionId: string; path: string; credentials?: Credentials; redact?: Redactor },
  transportCause?: string,
): Original {
  const origin = target.baseUrl.origin;
  const interactionId = target.interactionId;
  if (reading.via !== undefined) {
    return { name: reading.name, via: reading.via, interaction: reading.interaction, readAt: reading.readAt };
  }
  if (transportCause) throw new ProviderUnavailableError(`Cannot reach the provider at ${origin}: ${transportCause}.`);
  if (reading.status >= 300 && reading.status < 400) {
    const advice = redirectAdvice(target.baseUrl, reading.status, reading.location, target.path);
    throw new InputError(advice.message, advice.hint);
  }
  // A mock tool's own "nothing matched" (or Prism's own 401) is a mock to fix, not a setting: it is named with its fix.
  const tool = recognizeToolAnswer(reading, `GET and POST ${target.path}`);
  const told = tool ? `: ${tool.tool}'s own answer` : '';
  if (reading.status === 404) {
    throw new InputError(
      [
        `The target has no interaction ${interactionId} (404 ${apiErrorCode(reading.text)})${told}.`,
        ...surpriseLines(reading, target),
        ...(tool
          ? []
          : [
              `  Possible causes: no interaction ${interactionId} there, or no route for /interactions/{id} ` +
                '(a mock without it, or a --base-url without its path prefix).',
            ]),
      ].join('\n'),
      tool?.hint ??
        'Pass --interaction-id (or PROFICIENT_INTERACTION_ID) naming an interaction that exists on the target.',
    );
  }
  if (reading.status === 401 || reading.status === 403) {
    throw new InputError(
      [
        `The target refused the credentials (${reading.status} ${apiErrorCode(reading.text)})${told}.`,
        ...surpriseLines(reading, target),
      ].join('\n'),
      tool?.hint ?? `Set ${apiKey.env} and ${userExternalId.env} (or ${secretKey.env}) for this target.`,
    );
  }
  // The target answered, but not with a name: the checks will say how it breaks the contract.
  const because = tool ? `; ${tool.tool}: ${tool.hint}` : '';
  return {
    name: '',
    unreadable: `the current name could not be read (HTTP ${reading.status}${because})`,
    surprise: surpriseLines(reading, target),
  };
}

function apiErrorCode(text: string): string {
  try {
    return String((JSON.parse(text) as { error?: { code?: unknown } }).error?.code ?? 'without an ApiError code');
  } catch {
    return 'without a JSON body';
  }
}
