import { InputError, NotVerifiedError, ProviderUnavailableError } from '../errors';
import { judgeCurrentName } from './staging/current-name';
import type { NameReading } from './staging/read-name';
import { redirectAdvice } from './transport/redirect';
import { CREDENTIALS } from '../contract/credentials';

const { apiKey, userExternalId, secretKey } = CREDENTIALS;

/** The interaction's name before the run changed anything, and how it was read. */
export interface Original {
  name: string;
  /**
   * `GET`, or `--current-name` (the user named it, for a target without GET), or undefined when it
   * is not known: then nothing that could change the interaction is sent.
   */
  via?: 'GET' | '--current-name';
  /** Why it could not be read. */
  unreadable?: string;
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
  target: { baseUrl: URL; interactionId: string; path: string; currentName?: string },
  transportCause?: string,
): Original {
  const origin = target.baseUrl.origin;
  const interactionId = target.interactionId;
  if (reading.via !== undefined) {
    // A probe name is never adopted as "the original": it is not this run's to keep.
    const decision = judgeCurrentName(reading.name, { target: origin, interactionId });
    if (decision.kind === 'refuse') throw new NotVerifiedError(decision.message, decision.hint);
    return { name: reading.name, via: reading.via, interaction: reading.interaction, readAt: reading.readAt };
  }
  if (transportCause) throw new ProviderUnavailableError(`Cannot reach the provider at ${origin}: ${transportCause}.`);
  if (reading.status >= 300 && reading.status < 400) {
    const advice = redirectAdvice(target.baseUrl, reading.status, reading.location, target.path);
    throw new InputError(advice.message, advice.hint);
  }
  if (reading.status === 401 || reading.status === 403) {
    throw new InputError(
      `The target refused the credentials (${reading.status} ${apiErrorCode(reading.text)}).`,
      `Set ${apiKey.env} and ${userExternalId.env} (or ${secretKey.env}) for this target.`,
    );
  }
  // No GET to read it with: the user's word for it, or nothing that writes is sent.
  if (target.currentName !== undefined) return { name: target.currentName, via: '--current-name' };
  if (reading.status === 404) {
    throw new InputError(
      `GET ${target.path} answered 404 ${apiErrorCode(reading.text)}: the target has no interaction ` +
        `${interactionId}, or it does not serve GET.`,
      'Pass --interaction-id (or PROFICIENT_INTERACTION_ID) naming an interaction that exists on the target; ' +
        'if it exists and the target has no GET, pass --current-name "<its name>".',
    );
  }
  return {
    name: '',
    unreadable: `GET ${target.path} answered HTTP ${reading.status}, so the current name cannot be recorded`,
  };
}

function apiErrorCode(text: string): string {
  try {
    return String((JSON.parse(text) as { error?: { code?: unknown } }).error?.code ?? 'without an ApiError code');
  } catch {
    return 'without a JSON body';
  }
}
