/**
 * Bundles a document and the files its $refs name into one document in which only "#/..." refs
 * remain, in one pass over the nodes (linear in the size of the files, whatever the number of refs).
 * The first $ref to a place in another file inlines it there; every later $ref to that place, or to
 * anything inside it, points at where it was inlined. Where a $ref stands for a whole map or list
 * (`properties: {$ref: ...}`), which OpenAPI does not allow but JSON Reference does, it is replaced
 * by what it names and reported, so the document can still be compared.
 *
 * Data is not followed: $refs inside examples, defaults, enums, const and `x-` extensions are values.
 */
import { InputError } from '../../errors';
import type { Confinement } from './confine';
import type { Deadline } from './deadline';
import { parseText } from './parse';
import { escapePointer, pointerKeys, resolvePointer } from './pointer';
import { MAX_BYTES } from './sources';

type Json = Record<string, unknown>;

export interface Bundled {
  document: Json;
  /** The root file's text, for finding lines. */
  rootText: string;
  /** Pointers (into the bundled document) where a $ref stood for a whole map or list. */
  mapRefs: string[];
}

export interface BundleContext {
  read: (url: URL) => Promise<string>;
  confine: Confinement;
  deadline: Deadline;
  /** A file's name for messages. */
  describe: (url: URL) => string;
}

// Keywords whose value is a map of names (or a list): a $ref may stand for an entry, not for the whole.
const MAPS = new Set([
  'properties',
  'patternProperties',
  'dependentSchemas',
  '$defs',
  'definitions',
  'responses',
  'content',
  'headers',
  'paths',
  'webhooks',
  'callbacks',
  'links',
  'examples',
  'encoding',
  'variables',
  'schemas',
  'securitySchemes',
  'requestBodies',
  'pathItems',
]);
const LISTS = new Set(['parameters', 'allOf', 'anyOf', 'oneOf', 'prefixItems', 'servers', 'tags', 'security']);
// Values, not parts of the description.
const DATA = new Set(['example', 'default', 'enum', 'const', 'value', 'externalValue', 'mapping', 'required']);
// All files of one document together; one published description is a few megabytes.
const MAX_TOTAL_BYTES = 5 * MAX_BYTES;

type Kind = 'keywords' | 'names' | 'list';

interface Frame {
  node: Json | unknown[];
  kind: Kind;
  file: string;
  /** Where the node is in its own file, and in the bundle: made from the parent's when first asked for. */
  parent?: Frame;
  key?: string;
  /** Set where a node starts a file's fragment, or once computed. */
  filePointer?: string;
  at?: string;
}

/** A frame's pointers, built only for the few nodes that need one (a $ref, a node of another file). */
function filePointerOf(frame: Frame): string {
  if (frame.filePointer === undefined)
    frame.filePointer = `${filePointerOf(frame.parent!)}/${escapePointer(frame.key!)}`;
  return frame.filePointer;
}
function atOf(frame: Frame): string {
  if (frame.at === undefined) frame.at = `${atOf(frame.parent!)}/${escapePointer(frame.key!)}`;
  return frame.at;
}

export async function bundle(root: URL, context: BundleContext): Promise<Bundled> {
  const rootFile = withoutHash(root);
  const texts = new Map<string, string>();
  const parsed = new Map<string, unknown>();
  let total = 0;
  const load = async (file: string): Promise<unknown> => {
    if (parsed.has(file)) return parsed.get(file);
    context.deadline.check('reading the files the $refs name');
    const text = await context.read(new URL(file));
    total += text.length;
    if (total > MAX_TOTAL_BYTES)
      throw new InputError(
        `${context.describe(root)} and the files it $refs are larger than ` +
          `${MAX_TOTAL_BYTES / 1024 / 1024} MiB together.`,
      );
    texts.set(file, text);
    const value = parseText(text, context.describe(new URL(file)));
    parsed.set(file, value);
    return value;
  };

  const document = (await load(rootFile)) as Json;
  const rootText = texts.get(rootFile) ?? '';
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    return { document, rootText, mapRefs: [] };

  // Where each node of another file went in the bundle: "file#pointer" -> pointer in the bundle.
  const placed = new Map<string, string>();
  const visited = new WeakSet<object>();
  const refs: { node: Json; file: string; filePointer: string }[] = [];
  const mapRefs: { parent: Json | unknown[]; key: string; at: string; file: string; filePointer: string }[] = [];
  let extra = 0;
  const stack: Frame[] = [{ node: document, kind: 'keywords', file: rootFile, filePointer: '', at: '' }];

  /** Where a place in some file is in the bundle, if it is there yet. */
  const inBundle = (file: string, fragment: string): string | undefined => {
    if (file === rootFile) return `#${fragment}`;
    const keys = fragment.split('/');
    for (let length = keys.length; length >= 1; length--) {
      const found = placed.get(`${file}#${keys.slice(0, length).join('/')}`);
      if (found !== undefined) return `#${[found, ...keys.slice(length)].join('/')}`;
    }
    return undefined;
  };

  while (stack.length > 0) {
    context.deadline.tick('bundling the $refs');
    const frame = stack.pop()!;
    if (visited.has(frame.node)) continue;
    visited.add(frame.node);
    if (frame.file !== rootFile && !placed.has(`${frame.file}#${filePointerOf(frame)}`))
      placed.set(`${frame.file}#${filePointerOf(frame)}`, atOf(frame));

    const entries: [string, unknown][] = Array.isArray(frame.node)
      ? frame.node.map((value, index) => [String(index), value])
      : Object.entries(frame.node);
    for (const [key, child] of entries) {
      if (typeof child !== 'object' || child === null) continue;
      let childKind: Kind = 'keywords';
      if (frame.kind === 'keywords') {
        if (DATA.has(key) || key.startsWith('x-') || (key === 'examples' && Array.isArray(child))) continue;
        if (MAPS.has(key)) childKind = 'names';
        else if (LISTS.has(key) || Array.isArray(child)) childKind = 'list';
      }
      const ref = (child as Json).$ref;
      if (Array.isArray(child) || typeof ref !== 'string') {
        stack.push({ node: child as Json, kind: childKind, file: frame.file, parent: frame, key });
        continue;
      }
      const filePointer = `${filePointerOf(frame)}/${escapePointer(key)}`;
      const at = `${atOf(frame)}/${escapePointer(key)}`;
      const from = `${context.describe(new URL(frame.file))}, at ${filePointer}`;
      const target = targetOf(ref, frame.file, from);
      if (target.file !== rootFile) context.confine(new URL(target.file), ref, from);
      const standsForMap = childKind !== 'keywords';
      const known = inBundle(target.file, target.fragment);
      if (known !== undefined) {
        if (known !== ref) (child as Json).$ref = known;
        if (standsForMap) mapRefs.push({ parent: frame.node, key, at, file: frame.file, filePointer });
        else refs.push({ node: child as Json, file: frame.file, filePointer });
        stack.push({ node: child as Json, kind: 'keywords', file: frame.file, filePointer, at });
        continue;
      }
      // A place in another file, met for the first time: inline it.
      const fileValue = await load(target.file);
      const value = resolvePointer(fileValue, `#${target.fragment}`);
      if (value === undefined)
        throw new InputError(
          `${from}: $ref ${JSON.stringify(ref.slice(0, 200))} points at nothing in ` +
            `${context.describe(new URL(target.file))}.`,
          'Every $ref must name a file that exists and a place in it.',
        );
      const siblings = Object.keys(child).length > 1;
      if (!siblings) {
        (frame.node as Json)[key] = value;
        if (standsForMap) mapRefs.push({ parent: frame.node, key, at: '', file: frame.file, filePointer });
        if (typeof value === 'object' && value !== null)
          stack.push({ node: value as Json, kind: childKind, file: target.file, filePointer: target.fragment, at });
        continue;
      }
      // Keywords beside the $ref (a 3.1 schema, a description): the target goes beside the components.
      const components = ((document.components ??= {}) as Json)['x-bundled'] as Json | undefined;
      const bundledHere = components ?? (((document.components as Json)['x-bundled'] = {}) as Json);
      const name = `${++extra}`;
      bundledHere[name] = value;
      (child as Json).$ref = `#/components/x-bundled/${name}`;
      refs.push({ node: child as Json, file: frame.file, filePointer });
      if (typeof value === 'object' && value !== null)
        stack.push({
          node: value as Json,
          kind: 'keywords',
          file: target.file,
          filePointer: target.fragment,
          at: `/components/x-bundled/${name}`,
        });
      stack.push({ node: child as Json, kind: 'keywords', file: frame.file, filePointer, at });
    }
  }

  // Every reference must now point at something in the bundle (each distinct one looked up once).
  const resolves = new Map<string, boolean>();
  for (const { node, file, filePointer } of refs) {
    context.deadline.tick('checking the $refs');
    const target = node.$ref as string;
    let found = resolves.get(target);
    if (found === undefined) resolves.set(target, (found = resolvePointer(document, target) !== undefined));
    if (!found) throw pointsAtNothing(context, file, filePointer, target);
  }
  // A $ref standing for a map or a list becomes what it names (following a chain of such refs).
  const resolvedMaps: string[] = [];
  for (const entry of mapRefs) {
    if (entry.at === '') {
      resolvedMaps.push(`${context.describe(new URL(entry.file))}#${entry.filePointer}`);
      continue;
    }
    let value: unknown = (entry.parent as Json)[entry.key];
    for (let hops = 0; typeof (value as Json | undefined)?.$ref === 'string'; hops++) {
      if (hops > 64) throw pointsAtNothing(context, entry.file, entry.filePointer, String((value as Json).$ref));
      value = resolvePointer(document, (value as Json).$ref as string);
    }
    if (value === undefined) throw pointsAtNothing(context, entry.file, entry.filePointer, 'its $ref');
    (entry.parent as Json)[entry.key] = value;
    resolvedMaps.push(entry.at);
  }
  return { document, rootText, mapRefs: resolvedMaps };
}

function pointsAtNothing(context: BundleContext, file: string, filePointer: string, ref: string): InputError {
  return new InputError(
    `${context.describe(new URL(file))}, at ${filePointer}: ` +
      `$ref ${JSON.stringify(ref.slice(0, 200))} points at nothing.`,
    'Every $ref must name a file that exists and a place in it.',
  );
}

function targetOf(ref: string, base: string, from: string): { file: string; fragment: string } {
  let url: URL;
  try {
    url = new URL(ref, base);
  } catch {
    throw new InputError(`${from}: $ref ${JSON.stringify(ref.slice(0, 200))} is not a valid reference.`);
  }
  const fragment = url.hash ? `/${pointerKeys(url.hash).map(escapePointer).join('/')}` : '';
  return { file: withoutHash(url), fragment: fragment === '/' ? '' : fragment };
}

function withoutHash(url: URL): string {
  const copy = new URL(url);
  copy.hash = '';
  return copy.href;
}
