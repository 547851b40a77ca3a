/** JSON pointers and path templates: how the rest of the suite names a place in an OpenAPI document. */

type Json = Record<string, unknown>;

/** The operations a path item may hold, as OpenAPI names them. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * Whether a request path (query ignored) falls under a path template:
 * `/interactions/{id}` matches `/interactions/x`.
 */
export function matchesPathTemplate(template: string, requestPath: string): boolean {
  const pattern = template
    .split(/\{[^}]*\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${pattern}/?$`).test(requestPath.split(/[?#]/)[0]);
}

/** The keys of a "#/a/b" (or "/a/b") pointer, unescaped. */
export function pointerKeys(ref: string): string[] {
  return ref
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((key) => safeDecode(key).replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value a "#/a/b" pointer names in a document, or undefined. */
export function resolvePointer(root: unknown, ref: string): unknown {
  let at: unknown = root;
  for (const key of pointerKeys(ref)) {
    if (typeof at !== 'object' || at === null) return undefined;
    if (!Object.prototype.hasOwnProperty.call(at, key)) return undefined;
    at = (at as Json)[key];
  }
  return at;
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function safeDecode(key: string): string {
  try {
    return decodeURIComponent(key);
  } catch {
    return key;
  }
}
