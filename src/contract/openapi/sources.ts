/** How each location is read: the file system, git at a ref, or the network. Sizes and times are bounded. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, ProviderUnavailableError } from '../../errors';
import { displayPath } from '../json-file';

const DEFAULT_FETCH_TIMEOUT_MS = 10_000;
// A published description is a few megabytes; anything far larger is not one.
export const MAX_BYTES = 10 * 1024 * 1024;

export interface SourceOptions {
  /** Read files from this git commit instead of the working tree. */
  gitRef?: string;
  /** The repository that gitRef belongs to. */
  repoRoot?: string;
  /** How long a URL may take to arrive. */
  timeoutMs?: number;
}

/** A file's or URL's name for messages. */
export function describeSource(url: URL, options: SourceOptions): string {
  if (url.protocol !== 'file:') return url.toString();
  const file = fileURLToPath(url);
  return options.gitRef ? `${displayPath(file)} at ${options.gitRef}` : displayPath(file);
}

/**
 * @param mayFollow whether a redirect may lead to this URL: the same rule as a $ref's (confine.ts),
 *   so a redirect cannot take the suite to a host the document could not name.
 */
export function sourceReader(
  options: SourceOptions,
  mayFollow: (target: URL) => boolean,
): (url: URL) => Promise<string> {
  return async (url) => {
    if (url.protocol !== 'file:')
      return fetchText(url.toString(), options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS, mayFollow);
    const file = fileURLToPath(url);
    if (options.gitRef) {
      const text = gitShow(options, file);
      if (text === undefined) throw new InputError(`${displayPath(file)} does not exist at ${options.gitRef}.`);
      return text;
    }
    try {
      if (fs.statSync(file).size > MAX_BYTES)
        throw new InputError(
          `${displayPath(file)} is larger than ${MAX_BYTES / 1024 / 1024} MiB: not an OpenAPI file.`,
        );
      return fs.readFileSync(file, 'utf8');
    } catch (error) {
      if (error instanceof InputError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      throw new InputError(
        `Cannot read ${displayPath(file)}: ${code === 'ENOENT' ? 'it does not exist' : (code ?? String(error))}.`,
        'A $ref to another file is resolved against the file that holds it.',
      );
    }
  };
}

/** A file's text at the git ref, or undefined where it does not exist there. */
export function gitShow(options: SourceOptions, file: string): string | undefined {
  const repoRoot = options.repoRoot ?? process.cwd();
  const relative = path.relative(repoRoot, file).split(path.sep).join('/');
  try {
    return execFileSync('git', ['show', `${options.gitRef}:${relative}`], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: MAX_BYTES,
    });
  } catch {
    return undefined;
  }
}

const MAX_REDIRECTS = 5;

async function fetchText(url: string, timeoutMs: number, mayFollow: (target: URL) => boolean): Promise<string> {
  let response: Response;
  const signal = AbortSignal.timeout(timeoutMs);
  let at = url;
  for (let hops = 0; ; hops++) {
    try {
      // Redirects are followed here, one by one, so each target is judged before it is contacted.
      response = await fetch(at, { signal, headers: { accept: 'application/yaml, */*' }, redirect: 'manual' });
    } catch (error) {
      const cause = (error as Error & { cause?: { code?: string } }).cause;
      const reason =
        (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (cause?.code ?? 'failed');
      throw new ProviderUnavailableError(`Cannot fetch ${url}: ${reason}.`);
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status > 399 || !location) break;
    await response.body?.cancel();
    const target = new URL(location, at);
    if (!mayFollow(target) || hops >= MAX_REDIRECTS)
      throw new InputError(
        `${url} redirects to ${`${target.origin}${target.pathname}`.slice(0, 200)}: not followed` +
          (hops >= MAX_REDIRECTS
            ? ` (more than ${MAX_REDIRECTS} redirects).`
            : ', it is outside what the document may reach.'),
        `Name the final URL, or allow its origin: --allow-ref ${target.origin}`,
      );
    at = target.toString();
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ProviderUnavailableError(`Cannot fetch ${url}: HTTP ${response.status}.`);
  }
  const tooLarge = () =>
    new InputError(`${url} is larger than ${MAX_BYTES / 1024 / 1024} MiB: not an OpenAPI description.`);
  if (Number(response.headers.get('content-length') ?? 0) > MAX_BYTES) {
    await response.body?.cancel();
    throw tooLarge();
  }
  // Read with a count, so an endless or stalling body costs neither memory nor a stack trace.
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body ?? []) {
      size += chunk.length;
      // Leaving the loop cancels the stream.
      if (size > MAX_BYTES) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `the body was still incomplete after ${timeoutMs} ms (${size} bytes so far)`
        : `the connection failed while reading the body (${size} bytes so far)`;
    throw new ProviderUnavailableError(`Cannot fetch ${url}: ${reason}.`);
  }
  return Buffer.concat(chunks).toString('utf8');
}
