import { safeLine } from '../../shared/safe-text';

/** What to tell the user when the target answers with a redirect: a message and what to do about it. */
export interface RedirectAdvice {
  message: string;
  hint: string;
}

/**
 * The suite never follows a redirect, so credentials never leave for an
 * address the user did not give. This says where the redirect points and,
 * when that is another origin (scheme, host or port), says so plainly: no
 * credentials went there, and it is worth checking before it becomes --base-url.
 * `requestPath` is the path asked for below the base URL, e.g. /interactions/int_1.
 */
export function redirectAdvice(
  baseUrl: URL,
  status: number,
  location: string | undefined,
  requestPath: string,
): RedirectAdvice {
  const shown = location === undefined ? '' : ` to ${safeLine(location)}`;
  const resolved = location === undefined ? undefined : safeUrl(location, baseUrl);
  if (!resolved) {
    return {
      message: `The target redirects (HTTP ${status}${shown}): the suite does not follow redirects.`,
      hint: 'Check --base-url (PROFICIENT_BASE_URL): it should be the address that answers the API itself.',
    };
  }
  const suggestion = safeLine(suggestedBase(resolved, requestPath));
  if (resolved.origin === baseUrl.origin) {
    return {
      message:
        `The target redirects (HTTP ${status}${shown}), on the same origin: ` + 'the suite does not follow redirects.',
      hint: `Use ${suggestion} as --base-url (PROFICIENT_BASE_URL).`,
    };
  }
  return {
    message:
      `The target redirects (HTTP ${status}${shown}) to a different origin, ${safeLine(resolved.origin)} ` +
      `(not ${baseUrl.origin}): the suite does not follow redirects, and no credentials were sent there.`,
    hint:
      `If ${safeLine(resolved.origin)} really is your staging (check the host and port), ` +
      `use ${suggestion} as --base-url (PROFICIENT_BASE_URL).`,
  };
}

function safeUrl(location: string, base: URL): URL | undefined {
  try {
    const url = new URL(location, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The redirect's target without the path the suite asked for: the base URL it implies. */
function suggestedBase(resolved: URL, requestPath: string): string {
  const path = resolved.pathname.endsWith(requestPath)
    ? resolved.pathname.slice(0, -requestPath.length)
    : resolved.pathname.replace(/\/+$/, '');
  return `${resolved.origin}${path}`;
}
