import { InputError, NotVerifiedError, ProviderUnavailableError } from '../errors';
import { judgeCurrentName } from './staging/current-name';
import type { NameReading } from './staging/read-name';
import { redirectAdvice } from './transport/redirect';
import { CREDENTIALS, type CredentialDescriptor } from '../contract/credentials';
import type { Redactor } from '../shared/redact';
import { recognizeToolAnswer, surpriseLines } from './first-read';

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
  /** What answered instead (its body, bounded and escaped, and a curl), printed under the reason. */
  surprise?: string[];
}

/**
 * What the first contact with the target means. Failing here says what to
 * fix: unreachable (exit 3), a redirect, an unknown id or refused credentials
 * (exit 2, a setting is wrong). Pure: the reading is done by the caller.
 * @param transportCause set when the gateway could not reach the target
 */
export function judgePreflight(
  reading: NameReading,
  target: {
    baseUrl: URL;
    interactionId: string;
    path: string;
    currentName?: string;
    /**
     * The target is a mock the run started (verify --mock): a GET it lacks
     * is nothing to protect, only nothing to read.
     */
    ownsMock?: boolean;
    /** For the curl and the body shown: which credentials are set, and the run's redactor. */
    configured?: readonly CredentialDescriptor[];
    redact?: Redactor;
  },
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
  // A mock tool's own "nothing matched" (or Prism's own 401) is a mock to fix, not a setting: named with its fix.
  const tool = recognizeToolAnswer(reading, `GET ${target.path}`);
  const told = tool ? ` (${tool.tool}'s own answer)` : '';
  const surprise = surpriseLines(reading, target);
  if (reading.status === 401 || reading.status === 403) {
    throw new InputError(
      [
        `The target refused the credentials (${reading.status} ${apiErrorCode(reading.text)})${told}.`,
        ...surprise,
      ].join('\n'),
      tool?.hint ?? `Set ${apiKey.env} and ${userExternalId.env} (or ${secretKey.env}) for this target.`,
    );
  }
  // No GET to read it with: the user's word for it, or nothing that writes is sent.
  if (target.currentName !== undefined) return { name: target.currentName, via: '--current-name' };
  if (reading.status === 404 && !target.ownsMock) {
    throw new InputError(
      [
        `GET ${target.path} answered 404 ${apiErrorCode(reading.text)}${told}: the target has no interaction ` +
          `${interactionId}, or it does not serve GET.`,
        ...surprise,
        ...(tool
          ? []
          : ['  Possible causes: the id, no route for /interactions/{id}, or a --base-url without its path prefix.']),
      ].join('\n'),
      tool?.hint ??
        'Pass --interaction-id (or PROFICIENT_INTERACTION_ID) naming an interaction that exists on the target; ' +
          'if it exists and the target has no GET, pass --current-name "<its name>".',
    );
  }
  // The target answered, but not with a name (a mock the run started may simply have no GET): the checks judge it.
  const because = tool ? ` (${tool.tool}: ${tool.hint.replace(/\.$/, '')})` : '';
  return {
    name: '',
    unreadable:
      reading.status === 404
        ? `GET ${target.path} answered 404${told}: the mock has no GET (or none for this id)`
        : `GET ${target.path} answered HTTP ${reading.status}${because}, so the current name cannot be recorded`,
    surprise: reading.status === 404 && tool ? [...surprise, `  fix: ${tool.hint}`] : surprise,
  };
}

function apiErrorCode(text: string): string {
  try {
    return String((JSON.parse(text) as { error?: { code?: unknown } }).error?.code ?? 'without an ApiError code');
  } catch {
    return 'without a JSON body';
  }
}
