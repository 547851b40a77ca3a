import path from 'node:path';
import { Option } from 'commander';
import { parseWholeNumber } from '../config';
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
