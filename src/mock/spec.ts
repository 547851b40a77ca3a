import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors';

/** What a mock promises: a static one answers fixed examples, a stateful one keeps what it is told. */
export const MOCK_PROFILES = ['static', 'stateful'] as const;
export type MockProfile = (typeof MOCK_PROFILES)[number];

export const MOCK_KINDS = ['msw', 'prism', 'wiremock', 'mockoon', 'cmd'] as const;
export type MockKind = (typeof MOCK_KINDS)[number];

/** A parsed `--mock KIND:TARGET`. */
export interface MockSpec {
  kind: MockKind;
  /** The file or folder, resolved from the working directory (cmd: the command line, `{port}` not yet filled in). */
  target: string;
  /** prism only: `--dynamic` after the document. */
  dynamic: boolean;
}

/**
 * The profile a kind gets when --mock-profile is not given. A tool that
 * answers fixed examples by design (Prism from a document, WireMock mappings,
 * Mockoon routes) is static; MSW handlers and a command are code, which
 * usually keeps state, and a pass should then mean everything was judged.
 */
export const DEFAULT_PROFILE: Record<MockKind, MockProfile> = {
  msw: 'stateful',
  prism: 'static',
  wiremock: 'static',
  mockoon: 'static',
  cmd: 'stateful',
};

const USAGE =
  '--mock takes KIND:TARGET: ' +
  "msw:FILE, prism:DOCUMENT [--dynamic], wiremock:DIR, mockoon:ENV.json or cmd:'COMMAND {port}'";

/** What each kind's target is, for the message when it is missing. */
const TARGET_NAMES = {
  msw: 'module exporting the handlers',
  prism: 'OpenAPI document',
  mockoon: 'Mockoon environment file',
} as const;

/** Parses `--mock`, checking that the file or folder it names exists: every mistake is said before anything starts. */
export function parseMockSpec(value: string, cwd = process.cwd()): MockSpec {
  const colon = value.indexOf(':');
  const kind = value.slice(0, colon) as MockKind;
  let target = value.slice(colon + 1).trim();
  if (colon < 1 || !MOCK_KINDS.includes(kind) || target === '') {
    throw new InputError(`${USAGE} (got ${JSON.stringify(value)}).`);
  }
  if (kind === 'cmd') return { kind, target, dynamic: false };
  let dynamic = false;
  if (kind === 'prism' && / --dynamic$/.test(target)) {
    dynamic = true;
    target = target.replace(/ --dynamic$/, '').trim();
  }
  const resolved = path.resolve(cwd, target);
  const wanted = kind === 'wiremock' ? 'folder' : 'file';
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(resolved);
  } catch {
    stat = undefined;
  }
  if (!stat || (wanted === 'folder' ? !stat.isDirectory() : !stat.isFile())) {
    throw new InputError(
      `--mock ${kind}: ${JSON.stringify(target)} is not a ${wanted} (looked at ${resolved}).`,
      kind === 'wiremock'
        ? 'Name the WireMock root folder, the one holding mappings/ (and __files/).'
        : `Name the ${TARGET_NAMES[kind as keyof typeof TARGET_NAMES]}, relative to ${cwd}.`,
    );
  }
  return { kind, target: resolved, dynamic };
}
