/**
 * Reads an OpenAPI 3.0 or 3.1 document — a file (YAML or JSON), a folder holding openapi.json/.yaml,
 * an http(s) URL, or either of the first two at a git ref — confined to its own folder or origin,
 * bundled into one document, and checked: what stops a comparison ends the run (InputError), what
 * is merely not valid comes back as problems. A URL that cannot be fetched is a ProviderUnavailableError.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPENAPI_FILE } from '../../pacticipants';
import { InputError } from '../../errors';
import { displayPath } from '../json-file';
import { bundle } from './bundle';
import { confinement, fileUrl } from './confine';
import { Deadline } from './deadline';
import { lineFinder } from './parse';
import { describeSource, gitShow, sourceReader, type SourceOptions } from './sources';
import { validate } from './validate';

type Json = Record<string, unknown>;

/** A departure from the specification that does not stop the comparison, or a note on how the document was read. */
export interface DocumentProblem {
  level: 'warning' | 'info';
  pointer: string;
  line?: number;
  problem: string;
}

/** An OpenAPI document read from anywhere, every external $ref bundled in, so only "#/..." refs remain. */
export interface OpenApiDocument {
  /** Where it came from, for messages: a path, a URL or "contracts/openapi.json at <ref>". */
  label: string;
  /** The root file as a path relative to the working folder (or the URL), for annotations. */
  file: string;
  version: '3.0' | '3.1';
  document: Json;
  problems: DocumentProblem[];
  /** The line a pointer starts on in the root file, where it is there. */
  lineOf: (pointer: string) => number | undefined;
}

export interface LoadOptions extends SourceOptions {
  /** Every departure from the specification ends the run (exit 2), as it did before leniency. */
  strict?: boolean;
  /** Origins or folders beyond the document's own that its $refs may name (--allow-ref). */
  allowRefs?: string[];
  /** The time bound shared by everything a run does with its documents. */
  deadline?: Deadline;
}

const FOLDER_ENTRIES = ['openapi.json', 'openapi.yaml', 'openapi.yml'];

export async function loadOpenApi(location: string, options: LoadOptions = {}): Promise<OpenApiDocument> {
  const deadline = options.deadline ?? new Deadline();
  const isUrl = /^https?:/i.test(location);
  const root = isUrl ? checkedUrl(location) : fileUrl(rootFile(location, options));
  const label = describeSource(root, options);
  const confine = confinement(root, options.allowRefs, options.repoRoot);
  const mayFollow = (target: URL) => {
    try {
      confine(target, target.href, label);
      return true;
    } catch {
      return false;
    }
  };
  const { document, rootText, mapRefs } = await bundle(root, {
    read: sourceReader(options, mayFollow),
    confine,
    deadline,
    describe: (url) => describeSource(url, options),
  });
  const lineOf = lineFinder(rootText);
  const where = (pointer: string) => {
    const at = lineOf(pointer);
    return `${label}${at ? `, line ${at}` : ''}, at ${pointer || '/'}`;
  };
  const fatal = (pointer: string, problem: string): never => {
    throw new InputError(
      `${where(pointer)}: ${problem}`,
      'This is not an OpenAPI 3.0 or 3.1 document that can be compared; fix it, or name another file.',
    );
  };
  const { version, problems } = validate(document, fatal, deadline);
  if (options.strict && problems.length > 0)
    throw new InputError(
      `${where(problems[0].pointer)}: ${problems[0].problem}`,
      'This is not a valid OpenAPI 3.0 or 3.1 document (--strict); fix it, or name another file.',
    );
  const located: DocumentProblem[] = problems.map((p) => ({ level: 'warning', ...p, line: lineOf(p.pointer) }));
  if (mapRefs.length > 0)
    located.push({
      level: 'info',
      pointer: mapRefs[0],
      problem:
        `${mapRefs.length === 1 ? 'a $ref stands' : `${mapRefs.length} $refs stand`} for a whole map or list ` +
        `(${mapRefs.slice(0, 3).join(', ')}${mapRefs.length > 3 ? ', …' : ''}), which OpenAPI does not allow: ` +
        'resolved as JSON Reference says',
    });
  const file = isUrl ? root.toString() : path.relative(process.cwd(), fileURLToPath(root)) || fileURLToPath(root);
  return { label, file, version, document, problems: located, lineOf };
}

/** The comparator (check-pacts) reads one self-contained document: this one, with its file $refs inlined. */
export async function loadBundledOpenApi(location: string = OPENAPI_FILE, options: LoadOptions = {}): Promise<Json> {
  return (await loadOpenApi(location, options)).document;
}

function rootFile(location: string, options: LoadOptions): string {
  const absolute = path.resolve(options.repoRoot ?? process.cwd(), location);
  if (options.gitRef) {
    // At a git ref, a folder is named as in the working tree; the file inside it is found in git.
    const inside = FOLDER_ENTRIES.map((name) => path.join(absolute, name)).find((file) => gitShow(options, file));
    return inside ?? absolute;
  }
  if (!fs.existsSync(absolute)) throw new InputError(`Cannot read ${displayPath(absolute)}: it does not exist.`);
  if (!fs.statSync(absolute).isDirectory()) return absolute;
  const inside = FOLDER_ENTRIES.map((name) => path.join(absolute, name)).find((file) => fs.existsSync(file));
  if (!inside)
    throw new InputError(
      `${displayPath(absolute)} is a folder without ${FOLDER_ENTRIES.join(', ')}.`,
      'Name the OpenAPI document itself, or the contracts/ folder that holds it.',
    );
  return inside;
}

function checkedUrl(location: string): URL {
  try {
    return new URL(location);
  } catch {
    throw new InputError(`${JSON.stringify(location.slice(0, 200))} is not a valid URL.`);
  }
}
