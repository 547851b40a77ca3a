import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { InputError } from '../errors';

/** A tool the user installs: its npm package, the program it provides, and the version that runs on Node 20. */
export interface Tool {
  label: string;
  packageName: string;
  bin: string;
  /** The newest version known to run on Node 20 (a newer one may need a newer Node). */
  node20Version: string;
}

export const TOOLS = {
  msw: { label: 'MSW', packageName: 'msw', bin: '', node20Version: '2.15.0' },
  prism: { label: 'Prism', packageName: '@stoplight/prism-cli', bin: 'prism', node20Version: '5.14.2' },
  wiremock: { label: 'WireMock', packageName: 'wiremock', bin: 'wiremock', node20Version: '3.13.2' },
  mockoon: { label: 'Mockoon CLI', packageName: '@mockoon/cli', bin: 'mockoon-cli', node20Version: '9.9.0' },
} as const satisfies Record<string, Tool>;

/** The exact command that installs a tool into the user's project. */
function installCommand(tool: Tool): string {
  return `npm install --save-dev --save-exact ${tool.packageName}@${tool.node20Version}`;
}

/**
 * Where a package lives in the user's project: resolved from the working
 * directory (the user's project), never from this suite's own dependencies.
 * Undefined when the project does not have it.
 */
export function packageDirectory(packageName: string, from = process.cwd()): string | undefined {
  try {
    const manifest = createRequire(path.join(from, 'package.json')).resolve(`${packageName}/package.json`);
    return path.dirname(manifest);
  } catch {
    return undefined;
  }
}

/** A program to start, and the arguments that come before the tool's own. */
export interface Program {
  command: string;
  args: string[];
}

/**
 * The program to start for a tool: its package's `bin` in the project's
 * node_modules, else the program of that name on PATH; else an InputError
 * that says the exact install command.
 */
export function resolveToolProgram(tool: Tool, env: NodeJS.ProcessEnv, from = process.cwd()): Program {
  const directory = packageDirectory(tool.packageName, from);
  if (directory) {
    const manifest = JSON.parse(fs.readFileSync(path.join(directory, 'package.json'), 'utf8')) as {
      bin?: string | Record<string, string>;
    };
    const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[tool.bin];
    // A package's bin is a Node script: run it with this Node, whatever its file mode or shebang says.
    if (bin) return { command: process.execPath, args: [path.join(directory, bin)] };
  }
  const onPath = findOnPath(tool.bin, env.PATH ?? '');
  if (onPath) return { command: onPath, args: [] };
  throw missingTool(tool, from);
}

/** A tool that is not installed: the exact command that installs it. */
export function missingTool(tool: Tool, from: string): InputError {
  return new InputError(
    `${tool.label} (${tool.packageName}) is not installed in ${from}` +
      `${tool.bin ? ` and ${tool.bin} is not on PATH` : ''}.`,
    `Install it: ${installCommand(tool)}` +
      ` (${tool.node20Version} is the newest version that runs on Node 20; on a newer Node a later one works too).`,
  );
}

function findOnPath(program: string, searchPath: string): string | undefined {
  for (const folder of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(folder, program);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
