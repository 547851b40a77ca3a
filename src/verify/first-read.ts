import type { CredentialDescriptor } from '../contract/credentials';
import type { Redactor } from '../shared/redact';
import { safeLine } from '../shared/safe-text';
import { curlCommand } from './report/curl';

/** What the first read got when it got no name: enough to say what answered, and why. */
export interface SurpriseAnswer {
  status: number;
  text: string;
  headers?: Record<string, string | string[] | undefined>;
}

// The body shown at most: enough for any tool's error, bounded for a page of HTML.
const SHOWN_BODY_CHARS = 300;

/**
 * A mock tool's own answer, recognised from its body or headers: which tool
 * it is and what to do. The usual tools each say "I have nothing for this"
 * in their own way; each of those is a mock to fix, not an id to change.
 */
export function recognizeToolAnswer(answer: SurpriseAnswer, path: string): { tool: string; hint: string } | undefined {
  const header = (name: string) => {
    const value = answer.headers?.[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  const violations = header('sl-violations');
  if (header('x-msw-unhandled') || /"error"\s*:\s*"Mock not found"/.test(answer.text)) {
    return {
      tool: 'MSW',
      hint:
        `No MSW handler matched ${path}: add one for GET and POST .../interactions/:id, ` +
        'written for the origin --mock-origin names (default https://api.proficientai.com).',
    };
  }
  if (/Request was not matched/.test(answer.text)) {
    return {
      tool: 'WireMock',
      hint:
        `No WireMock stub matched ${path}: add a mapping under mappings/ with ` +
        '"urlPathPattern": "/interactions/[^/]+" for POST (and GET), or check the one that was closest in the body.',
    };
  }
  if (
    answer.status === 401 &&
    (violations !== undefined || /stoplight\.io\/prism\/errors#UNAUTHORIZED/.test(answer.text))
  ) {
    return {
      tool: 'Prism',
      hint:
        "This 401 is Prism's own: the document's security scheme wants credentials the request lacks. " +
        'Set PROFICIENT_API_KEY and PROFICIENT_USER_EXTERNAL_ID (any pk_... value will do for a mock), ' +
        'or make the document name the headers the API uses (X-PROFICIENT-API-KEY).',
    };
  }
  if (/stoplight\.io\/prism\/errors#NO_PATH_MATCHED_ERROR/.test(answer.text)) {
    return {
      tool: 'Prism',
      hint:
        `Prism's document has no operation for ${path}: ` +
        'mock a document that describes POST /interactions/{interaction_id}.',
    };
  }
  if (violations !== undefined) {
    return {
      tool: 'Prism',
      hint:
        'Prism found the request invalid against its document ' +
        `(sl-violations: ${safeLine(violations.slice(0, 200))}).`,
    };
  }
  return undefined;
}

/**
 * The lines that explain a surprising first answer: its body (redacted,
 * bounded, escaped: it is data) and a curl that asks the same again.
 */
export function surpriseLines(
  answer: SurpriseAnswer,
  target: { baseUrl: URL; path: string; configured?: readonly CredentialDescriptor[]; redact?: Redactor },
): string[] {
  const redact = target.redact ?? ((text: string) => text);
  // Whitespace runs (a tool's padded text page) shown as one space: the body is read by people, in one line.
  // Redacted first (a secret cut in two by the bound would slip through), then bounded, then escaped.
  const chars = [...redact(answer.text).replace(/\s+/g, ' ').trim()];
  const shown = chars.slice(0, SHOWN_BODY_CHARS).join('');
  const more = chars.length > SHOWN_BODY_CHARS ? `… (${chars.length} characters)` : '';
  const lines = [`  body: ${chars.length === 0 ? '(empty)' : `${safeLine(shown)}${more}`}`];
  const read = { method: 'GET', path: target.path, credentials: true };
  lines.push(`  reproduce: ${curlCommand(target.baseUrl, read, target.configured ?? [])}`);
  return lines;
}
