import fs from 'node:fs';
import path from 'node:path';
import { Option } from 'commander';
import { ENV, parseWholeNumber } from '../config';
import { InputError } from '../errors';
import { stateDirFrom } from '../verify/staging/journal';
import { PACTS_DIR } from '../pacticipants';

/** `--pacts`, the same for every command that reads pacts: a file or a folder, pacts/ by default. */
export function pactsOption(description = 'a pact file, or a folder of them'): Option {
  return new Option('--pacts <path>', description).default(path.relative(process.cwd(), PACTS_DIR) || PACTS_DIR);
}

/** `--timeout-ms` of the commands that may fetch a document from a URL (diff, check-pacts). */
export function fetchTimeoutOption(): Option {
  return new Option('--timeout-ms <n>', 'how long a URL may take to fetch, body included')
    .default(10_000)
    .argParser((value) => parseWholeNumber(value, '--timeout-ms', 1, 300_000));
}

/** `--allow-ref`, for the commands that read OpenAPI documents: where else their $refs may lead. */
export function allowRefOption(): Option {
  return new Option(
    '--allow-ref <origin-or-folder>',
    "also let the documents' $refs read this origin (https://host) or folder (repeatable); " +
      'by default a URL document may $ref only its own origin, a local one only files under its folder',
  )
    .argParser((value: string, previous: string[] = []) => [...previous, value])
    .default([]);
}

/** `--time-limit-ms`: one bound on loading, bundling, validating and comparing the documents. */
export function timeLimitOption(): Option {
  return new Option('--time-limit-ms <n>', 'stop (exit 2) when reading and comparing the documents takes longer')
    .default(60_000)
    .argParser((value) => parseWholeNumber(value, '--time-limit-ms', 1, 3_600_000));
}

/** `--strict`: a document that departs from the OpenAPI specification ends the run (exit 2), not a warning. */
export function strictOption(): Option {
  return new Option('--strict', 'refuse (exit 2) a document that is not valid OpenAPI, instead of warning');
}

/**
 * A folder the command writes, created now: one that cannot be written is a
 * setting to fix (exit 2) before anything is sent, not a crash after the run.
 */
export function writableFolder(value: string, flag: string, example: string): string {
  const folder = path.resolve(value);
  try {
    fs.mkdirSync(folder, { recursive: true });
    fs.accessSync(folder, fs.constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      `${flag} ${JSON.stringify(value)} cannot be written to (${code ?? (error as Error).message}).`,
      `Pass a folder this user can create and write, e.g. ${flag.startsWith('--') ? `${flag} ` : `${flag}=`}` +
        `${example}.`,
    );
  }
  return folder;
}

/** The state folder (journals, locks) of verify and restore: the flag, the environment, or the default; writable. */
export function writableStateDir(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const source = flag !== undefined ? '--state-dir' : env[ENV.stateDir] ? ENV.stateDir : 'the default state folder';
  return writableFolder(stateDirFrom(flag, env), source, '.contract-state');
}
