import type { CredentialDescriptor } from '../../contract/credentials';
import { redactedDeep, type Redactor } from '../../shared/redact';
import { bounded } from '../../shared/safe-text';
import { showInvisible } from '../checks/name-diff';
import type { CheckResult, FailureDetail, SentRequest } from '../results';
import { curlCommand } from './curl';

// A request line shows this much of a path (a pact's own may be any length).
const PATH_SHOWN = 300;
// A request line shows this much of a body.
const BODY_SHOWN = 120;
// Past this, a body is not written into a `curl` line (it would be one line of any size): the request line says why.
const CURL_BODY_MAX = 4_000;
// Any one field of a result (a message, an expected or actual value, Pact's words): bounded whatever was sent.
const FIELD_MAX = 2_000;
// A check's name: the pact group's come from the pacts' descriptions.
const NAME_MAX = 300;

/** What the reports need to write a failure's `curl`: where the target is and which credentials are set (no values). */
export interface Reproduction {
  targetUrl: URL;
  configured: readonly CredentialDescriptor[];
  redact: Redactor;
}

/**
 * A check's result as every output shows it: first redacted (each value
 * whole, before anything is shortened, quoted or escaped), then its request
 * rendered as one line and a `curl`, then every field bounded. The console,
 * the Markdown, JUnit and JSON reports all show this, and only this.
 */
export function presentResult(result: CheckResult, how: Reproduction): CheckResult {
  const clean = redactedDeep(result, how.redact);
  const presented: CheckResult = { ...clean, name: bounded(clean.name, NAME_MAX) };
  if (clean.detail) presented.detail = presentDetail(clean.detail, how);
  return presented;
}

/** A line of the run's own about the target (the restore line, a transport cause): redacted, then bounded. */
export function presentLine(text: string, redact: Redactor): string {
  return bounded(redact(text), FIELD_MAX);
}

function presentDetail(detail: FailureDetail, how: Reproduction): FailureDetail {
  const { sent, ...rest } = detail;
  const shown: FailureDetail = { ...rest };
  if (sent) {
    shown.request = requestLine(sent);
    if ((sent.body ?? '').length <= CURL_BODY_MAX) shown.curl = curlCommand(how.targetUrl, sent, how.configured);
  }
  for (const key of ['message', 'request', 'path', 'expected', 'actual'] as const) {
    const value = shown[key];
    if (value !== undefined) shown[key] = bounded(value, FIELD_MAX);
  }
  return shown;
}

/** A request in one line to read: method, path, the start of the body (invisible characters as code points). */
function requestLine(sent: SentRequest): string {
  const body = sent.body === undefined ? '' : ` ${showInvisible(bounded(sent.body, BODY_SHOWN))}`;
  const tooLong = (sent.body ?? '').length > CURL_BODY_MAX ? ' (too long to reproduce as a command line)' : '';
  const bare = sent.credentials ? '' : ' (no credential headers)';
  return `${sent.method} ${bounded(sent.path, PATH_SHOWN)}${body}${bare}${tooLong}`;
}
