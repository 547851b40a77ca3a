import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors';

/**
 * Reads and parses a JSON file, turning every way it can fail into an
 * InputError that names the file (and, for a syntax error, the line and column).
 */
export function readJsonFile(file: string, what = 'JSON file'): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'it does not exist'
        : code === 'EISDIR'
          ? 'it is a folder'
          : `it cannot be read (${code ?? String(error)})`;
    throw new InputError(`Cannot read ${what} ${displayPath(file)}: ${reason}.`);
  }
  return parseJson(text, `${what} ${displayPath(file)}`);
}

/** Parses JSON text; `source` names where it came from in the error. */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = (error as Error).message;
    const position = /position (\d+)/.exec(detail);
    const offset = position ? Number(position[1]) : /end of JSON input/.test(detail) ? text.length : undefined;
    const where = offset === undefined ? '' : ` at ${lineAndColumn(text, offset)}`;
    throw new InputError(
      `${source} is not valid JSON${where}: ${detail}`,
      'Fix the JSON syntax, or regenerate the file.',
    );
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

/** A path relative to the working folder when it is below it: shorter in messages. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
