/** True for a JSON Content-Type (`application/json`, with or without parameters such as a charset). */
export function isJsonContentType(contentType: string | undefined): boolean {
  return /^application\/json\s*(;|$)/i.test(contentType ?? '');
}

/**
 * A response's Content-Type as a failure names it: a JSON type that is not
 * the documented one (application/problem+json) is said to be exactly that,
 * not "not JSON".
 */
export function describeContentType(contentType: string | undefined): string {
  if (!contentType) return 'no Content-Type';
  if (isJsonContentType(contentType)) return `Content-Type ${contentType}`;
  return /^application\/[\w.-]+\+json\s*(;|$)/i.test(contentType)
    ? `Content-Type ${contentType}: JSON, but not the documented application/json`
    : `Content-Type ${contentType}: not JSON`;
}
