import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors';
import { PROJECT_ROOT } from '../pacticipants';
import type { MockLaunch } from './mock-process';
import { missingTool, packageDirectory, resolveToolProgram, TOOLS } from './resolve-tool';
import type { MockSpec } from './spec';

// Built with the rest of the CLI (npm ci builds): Node cannot run the .ts file itself.
const MSW_SERVER = path.join(PROJECT_ROOT, 'dist', 'mock', 'msw-server.js');

/** How long a kind may take to answer after it starts: a JVM (WireMock) and Prism load for seconds. */
export const READY_MS: Record<MockSpec['kind'], number> = {
  msw: 15_000,
  prism: 30_000,
  wiremock: 60_000,
  mockoon: 30_000,
  cmd: 60_000,
};

/**
 * The mock's environment: this process's, without the suite's secrets (a mock
 * never needs the provider's credentials, so its output can never show them).
 */
function mockEnv(env: NodeJS.ProcessEnv, port: number): NodeJS.ProcessEnv {
  const kept = Object.fromEntries(
    Object.entries(env).filter(([name]) => !/^PROFICIENT_|^PACT_BROKER_/.test(name)),
  ) as NodeJS.ProcessEnv;
  return { ...kept, PORT: String(port) };
}

/**
 * How to start one kind of mock on a port: the user's installed tool (from
 * the project's node_modules or PATH), or for msw our own small server
 * around MSW's request handling. A tool that is missing is an InputError
 * naming the install command, said before anything starts.
 */
export function launchFor(
  spec: MockSpec,
  port: number,
  settings: { origin: URL; env: NodeJS.ProcessEnv; cwd?: string },
): MockLaunch {
  const env = mockEnv(settings.env, port);
  const cwd = settings.cwd ?? process.cwd();
  const p = String(port);
  switch (spec.kind) {
    case 'msw': {
      if (/\.[cm]?tsx?$/.test(spec.target)) {
        throw new InputError(
          `--mock msw: ${path.relative(cwd, spec.target)} is TypeScript, which Node 20 cannot load.`,
          'Point --mock at the handlers compiled to JavaScript (.js or .mjs).',
        );
      }
      if (!packageDirectory('msw', path.dirname(spec.target)) && !packageDirectory('msw', cwd)) {
        throw missingTool(TOOLS.msw, cwd);
      }
      if (!fs.existsSync(MSW_SERVER)) {
        throw new InputError(`${path.relative(cwd, MSW_SERVER)} is missing.`, 'Build the suite first: npm run build.');
      }
      return {
        label: `MSW handlers ${path.relative(cwd, spec.target)}`,
        command: process.execPath,
        args: [MSW_SERVER, spec.target, settings.origin.origin, p],
        env,
      };
    }
    case 'prism': {
      const program = resolveToolProgram(TOOLS.prism, settings.env, cwd);
      return {
        label: `Prism on ${path.relative(cwd, spec.target)}${spec.dynamic ? ' (dynamic)' : ''}`,
        ...program,
        args: [
          ...program.args,
          'mock',
          spec.target,
          '--host',
          '127.0.0.1',
          '--port',
          p,
          ...(spec.dynamic ? ['--dynamic'] : []),
        ],
        env,
      };
    }
    case 'wiremock': {
      const program = resolveToolProgram(TOOLS.wiremock, settings.env, cwd);
      return {
        label: `WireMock on ${path.relative(cwd, spec.target) || '.'}`,
        ...program,
        args: [
          ...program.args,
          '--port',
          p,
          '--bind-address',
          '127.0.0.1',
          '--root-dir',
          spec.target,
          '--disable-banner',
        ],
        env,
      };
    }
    case 'mockoon': {
      const program = resolveToolProgram(TOOLS.mockoon, settings.env, cwd);
      return {
        label: `Mockoon on ${path.relative(cwd, spec.target)}`,
        ...program,
        args: [
          ...program.args,
          'start',
          '--data',
          spec.target,
          '--port',
          p,
          '--hostname',
          '127.0.0.1',
          '--disable-log-to-file',
          '--disable-admin-api',
        ],
        env,
      };
    }
    case 'cmd':
      // The user's own command line, run by sh as they would: {port} is the free port (PORT is set too).
      return {
        label: `command ${JSON.stringify(spec.target)}`,
        command: spec.target.replaceAll('{port}', p),
        args: [],
        env,
        shell: true,
      };
  }
}
