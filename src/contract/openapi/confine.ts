/**
 * Where a document's $refs may lead. A document is untrusted input: it must not make the suite read
 * the machine's files (`file:///proc/self/environ`, a key file) or call other hosts. By default a
 * document read from a URL may $ref only its own origin, and a local document only files under its
 * own folder; `--allow-ref` names more, explicitly.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InputError } from '../../errors';

export type Confinement = (target: URL, ref: string, from: string) => void;

/** @param allowed what --allow-ref added: origins (http(s) URLs) or local folders */
export function confinement(root: URL, allowed: string[] = [], repoRoot?: string): Confinement {
  const origins = new Set<string>();
  const folders: string[] = [];
  if (root.protocol === 'file:') folders.push(path.dirname(fileURLToPath(root)));
  else origins.add(root.origin);
  for (const entry of allowed) {
    if (/^https?:\/\//i.test(entry)) origins.add(new URL(entry).origin);
    else folders.push(path.resolve(repoRoot ?? process.cwd(), entry));
  }
  const own = root.protocol === 'file:' ? `files under ${folders[0]}` : `its own origin ${root.origin}`;
  return (target, ref, from) => {
    if (target.protocol === 'file:' && folders.some((folder) => inside(fileURLToPath(target), folder))) return;
    if (/^https?:$/.test(target.protocol) && origins.has(target.origin)) return;
    throw new InputError(
      `${from}: $ref ${JSON.stringify(ref.slice(0, 200))} leads outside the document (to ${shown(target)}): ` +
        'refused, not read.',
      `A document may $ref only ${own}. If you trust that place, allow it: --allow-ref ${suggestion(target)}`,
    );
  };
}

/** Whether a file is inside a folder, also after following symbolic links (a link inside may point out). */
function inside(file: string, folder: string): boolean {
  const within = (f: string, d: string) => {
    const relative = path.relative(d, f);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  };
  if (!within(path.resolve(file), path.resolve(folder))) return false;
  try {
    return within(fs.realpathSync(file), fs.realpathSync(folder));
  } catch {
    // Not there (yet): reading it fails with its own message; a git ref has no links to follow.
    return true;
  }
}

function shown(target: URL): string {
  return target.protocol === 'file:' ? fileURLToPath(target) : `${target.origin}${target.pathname}`.slice(0, 200);
}

function suggestion(target: URL): string {
  return target.protocol === 'file:' ? path.dirname(fileURLToPath(target)) : target.origin;
}

/** A local path as the URL the loader works with: `#` and `%` in a name are part of the name. */
export function fileUrl(file: string): URL {
  return pathToFileURL(file);
}
