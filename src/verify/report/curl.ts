import { CREDENTIALS, type CredentialDescriptor } from '../../contract/credentials';
import type { SentRequest } from '../results';
import { GATEWAY_PLACEHOLDER_CREDENTIALS } from '../transport/gateway-credentials';

/**
 * The request as a `curl` command to paste into a POSIX shell: the target's
 * real base URL, the method, path, headers and body. Credentials appear as
 * references to the environment variables the suite reads (never values).
 * A body with anything but printable ASCII is piped in through `printf`
 * with octal escapes: the exact bytes, and no raw control character printed.
 * @param configured the credentials the run has configured: their descriptors, never their values
 */
export function curlCommand(baseUrl: URL, sent: SentRequest, configured: readonly CredentialDescriptor[]): string {
  const url = `${baseUrl.origin}${baseUrl.pathname.replace(/\/+$/, '')}${sent.path}`;
  const parts = [
    'curl',
    '-sS',
    '-i',
    '-X',
    sent.method,
    singleQuoted(url),
    '-H',
    singleQuoted('Accept: application/json'),
  ];
  if (sent.body !== undefined) parts.push('-H', singleQuoted('Content-Type: application/json'));
  if (sent.credentials) {
    for (const c of credentialsToSend(configured)) {
      parts.push('-H', `"${c.header}: ${c.scheme ? `${c.scheme} ` : ''}$${c.env}"`);
    }
    // With a key but no user id configured, the gateway sends the suite's own user id (not a secret): so does this.
    const has = (c: CredentialDescriptor) => configured.some((d) => d.field === c.field);
    if (has(CREDENTIALS.apiKey) && !has(CREDENTIALS.userExternalId)) {
      parts.push(
        '-H',
        singleQuoted(`${CREDENTIALS.userExternalId.header}: ${GATEWAY_PLACEHOLDER_CREDENTIALS.userExternalId}`),
      );
    }
  }
  if (sent.body === undefined) return parts.join(' ');
  if (/^[\x20-\x7e]*$/.test(sent.body)) return [...parts, '--data-binary', singleQuoted(sent.body)].join(' ');
  return `printf ${singleQuoted(printfFormat(sent.body))} | ${[...parts, '--data-binary', '@-'].join(' ')}`;
}

/** The credentials the run sends; with none configured, the usual pair (publishable key and user id). */
function credentialsToSend(configured: readonly CredentialDescriptor[]): readonly CredentialDescriptor[] {
  return configured.length > 0 ? configured : [CREDENTIALS.apiKey, CREDENTIALS.userExternalId];
}

/** POSIX single quotes: nothing inside is special except the quote itself, written as '\''. */
function singleQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A printf format that prints exactly these UTF-8 bytes: printable ASCII as is, the rest as \ooo. */
function printfFormat(text: string): string {
  let format = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    if (char === '\\') format += '\\\\';
    else if (char === '%') format += '%%';
    else if (byte >= 0x20 && byte <= 0x7e) format += char;
    else format += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return format;
}
