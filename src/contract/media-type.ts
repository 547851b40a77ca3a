/** True for a JSON Content-Type (`application/json`, with or without parameters such as a charset). */
export function isJsonContentType(contentType: string | undefined): boolean {
  return /^application\/json\s*(;|$)/i.test(contentType ?? '');
}
