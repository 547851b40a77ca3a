import type http from 'node:http';
import zlib from 'node:zlib';

/** The default cap on one body (--max-body-mib): far above any answer of this API, far below a memory problem. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** "4 MiB", "0.5 MiB": a byte cap as the user sets it. */
export function mib(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 100) / 100} MiB`;
}

/** The plain-words cause for a body past the cap. */
export function tooLargeCause(limit: number, detail: string): string {
  return `response body larger than ${mib(limit)} (${detail}); the run does not read further`;
}

/**
 * Collects a body's chunks up to `limit` bytes. Once a chunk takes it past the
 * limit nothing more is kept, and the caller stops reading: memory stays
 * bounded whatever the other side sends.
 */
export class BodyCollector {
  private chunks: Buffer[] = [];
  /** Bytes seen so far, kept or not. */
  bytes = 0;

  constructor(readonly limit: number) {}

  /** Adds a chunk; false once the body is larger than the limit. */
  add(chunk: Buffer): boolean {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      this.chunks = [];
      return false;
    }
    this.chunks.push(chunk);
    return true;
  }

  get overLimit(): boolean {
    return this.bytes > this.limit;
  }

  body(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/**
 * Reads a whole stream of at most `limit` bytes. Past it, stops reading (the
 * stream is left paused, for the caller to answer or drop) and rejects with a RangeError.
 */
export function readBounded(stream: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const body = new BodyCollector(limit);
    const onData = (chunk: Buffer) => {
      if (body.add(chunk)) return;
      stream.removeListener('data', onData);
      stream.pause();
      reject(new RangeError(`body larger than ${mib(limit)}`));
    };
    stream.on('data', onData);
    stream.on('end', () => resolve(body.body()));
    stream.on('error', reject);
  });
}

/**
 * A server may compress despite "Accept-Encoding: identity": undo it, so every
 * caller and the records see the plain body. Decompression is bounded too (a
 * small gzip can expand without limit); a RangeError says it went past.
 */
export function decodeBody(
  headers: http.IncomingHttpHeaders,
  body: Buffer,
  limit: number,
): { headers: http.IncomingHttpHeaders; body: Buffer } {
  const encoding = String(headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  const decode = {
    gzip: zlib.gunzipSync,
    'x-gzip': zlib.gunzipSync,
    deflate: zlib.inflateSync,
    br: zlib.brotliDecompressSync,
  }[encoding];
  if (!decode) return { headers, body };
  const { 'content-encoding': _encoding, 'content-length': _length, ...rest } = headers;
  try {
    return { headers: rest, body: decode(body, { maxOutputLength: limit }) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new RangeError(tooLargeCause(limit, `once ${encoding}-decoded`));
    }
    throw new Error(`the body was sent as ${encoding} but could not be decoded (${(error as Error).message})`);
  }
}
