import http from 'node:http';
import { safeLine } from '../../shared/safe-text';

/** How far one attempt got before it failed: the facts a cause is told from. */
export interface AttemptProgress {
  /** When the response headers arrived, in ms from the start of the attempt. */
  headersAfterMs?: number;
  /** Body bytes received so far. */
  bytes: number;
  /** The Content-Length the target announced, if any. */
  announced?: number;
}

/** One line naming a failed attempt's real cause, and whether trying again may help. */
export interface FailureCause {
  cause: string;
  transient: boolean;
}

const UNTRUSTED_CERTIFICATE = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/** What a socket, TLS or HTTP-parser error means, in plain words, given how far the attempt got. */
export function describeFailure(
  error: NodeJS.ErrnoException & { rawPacket?: Buffer },
  where: string,
  progress: AttemptProgress,
): FailureCause {
  const code = error.code ?? '';
  const cut =
    code === 'ECONNRESET' || code === 'EPIPE' || error.message === 'socket hang up' || code === 'ECONNABORTED';
  if (progress.headersAfterMs !== undefined && (cut || error.message === 'aborted')) {
    // The answer had begun: say how much of it came.
    return {
      cause:
        progress.announced !== undefined
          ? `${where} closed after ${progress.bytes} of the ${progress.announced} bytes it announced`
          : `${where} closed after ${progress.bytes} bytes of the body, before its end`,
      transient: true,
    };
  }
  if (code === 'HPE_HEADER_OVERFLOW') {
    return { cause: `response headers larger than ${http.maxHeaderSize / 1024} KiB from ${where}`, transient: false };
  }
  if (code.startsWith('HPE_')) {
    if (progress.headersAfterMs !== undefined) {
      return { cause: `${where} broke HTTP in the middle of the body (malformed framing)`, transient: false };
    }
    const began = error.rawPacket?.length ? ` (it began "${firstBytes(error.rawPacket)}")` : '';
    return {
      cause: `the target did not answer with HTTP${began}: is ${where} the right port, and http:// or https:// right?`,
      transient: false,
    };
  }
  if (UNTRUSTED_CERTIFICATE.has(code)) {
    return {
      cause: `TLS certificate not trusted — set NODE_EXTRA_CA_CERTS to your CA file (${where}: ${code})`,
      transient: false,
    };
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return { cause: `TLS certificate of ${where} is out of its validity dates (${code})`, transient: false };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return { cause: `TLS certificate of ${where} is for another host name (${code})`, transient: false };
  }
  if (code === 'EPROTO' || code.startsWith('ERR_SSL_')) {
    return {
      cause: `TLS handshake with ${where} failed (${code}): if it speaks plain HTTP, use http:// in --base-url`,
      transient: false,
    };
  }
  return { cause: describeSocketError(error, where), transient: cut };
}

/** One line naming a socket error's real cause. */
function describeSocketError(error: NodeJS.ErrnoException, where: string): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return `connection refused by ${where} (ECONNREFUSED): nothing is listening there`;
    case 'ECONNRESET':
      return `connection reset by ${where} (ECONNRESET)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host ${where} not found (${error.code}): check the hostname in --base-url`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `host ${where} unreachable (${error.code})`;
    default:
      if (error.message === 'socket hang up') return `connection closed by ${where} before any answer (socket hang up)`;
      return `request to ${where} failed (${safeLine(error.code ?? error.message)})`;
  }
}

/** What a timed-out attempt got: nothing at all, or headers and part of a body. */
export function timeoutCause(attemptMs: number, where: string, progress: AttemptProgress): string {
  if (progress.headersAfterMs === undefined) {
    return `no answer within ${attemptMs} ms from ${where} (timed out; raise --timeout-ms if the target is just slow)`;
  }
  const of = progress.announced !== undefined ? ` of ${progress.announced} announced` : '';
  return (
    `headers after ${progress.headersAfterMs} ms; body still incomplete after ${attemptMs} ms ` +
    `(${progress.bytes} bytes so far${of}) from ${where}; --timeout-ms covers the whole response`
  );
}

/** The first bytes a non-HTTP server sent, as safe text. */
function firstBytes(packet: Buffer): string {
  const text = safeLine(packet.subarray(0, 24).toString('latin1'));
  return packet.length > 24 ? `${text}…` : text;
}
