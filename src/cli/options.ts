import path from 'node:path';
import { Option } from 'commander';
import { PACTS_DIR } from '../pacticipants';

/** `--pacts`, the same for every command that reads pacts: a file or a folder, pacts/ by default. */
export function pactsOption(description = 'a pact file, or a folder of them'): Option {
  return new Option('--pacts <path>', description).default(path.relative(process.cwd(), PACTS_DIR) || PACTS_DIR);
}
