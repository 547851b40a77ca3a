import { parseBaseUrl } from '../config';
import { credentialsFromEnv, secretValues } from '../contract/credentials';
import { redactorFor } from '../shared/redact';
import { exitCodeForSignal, InputError } from '../errors';
import { safeLine } from '../shared/safe-text';
import { launchFor, READY_MS } from './kinds';
import { freePort, startMockProcess, type MockLaunch } from './mock-process';
import { UNHANDLED_PREFIX } from './msw-server';
import { DEFAULT_PROFILE, parseMockSpec, type MockProfile, type MockSpec } from './spec';

/** The production origin the provider publishes: what apps (and so their MSW handlers) call. */
export const PRODUCTION_ORIGIN = 'https://api.proficientai.com';

/** verify's mock flags, as commander gives them. */
export interface MockFlags {
  mock?: string;
  mockProfile?: MockProfile;
  mockOrigin?: string;
  baseUrl?: string;
}

/** A mock to start, decided from the flags before anything starts (every mistake is an InputError now). */
export interface MockPlan {
  spec: MockSpec;
  profile: MockProfile;
  origin: URL;
}

// The most distinct unmatched requests listed after a run.
const MAX_UNHANDLED_LISTED = 10;

/**
 * Reads the mock flags: undefined without --mock. --mock-origin is for msw
 * only, and --mock replaces --base-url (the mock's URL is the target).
 */
export function planMock(flags: MockFlags): MockPlan | undefined {
  if (!flags.mock) {
    if (flags.mockOrigin) throw new InputError('--mock-origin is used only with --mock msw:FILE.');
    return undefined;
  }
  if (flags.baseUrl) {
    throw new InputError(
      '--mock and --base-url both name the target: pass one.',
      'With --mock the suite starts the mock on a free 127.0.0.1 port and verifies that.',
    );
  }
  const spec = parseMockSpec(flags.mock);
  if (flags.mockOrigin && spec.kind !== 'msw') throw new InputError('--mock-origin is used only with --mock msw:FILE.');
  const origin = parseBaseUrl(flags.mockOrigin ?? PRODUCTION_ORIGIN, '--mock-origin');
  return { spec, profile: flags.mockProfile ?? DEFAULT_PROFILE[spec.kind], origin };
}

/**
 * Starts the mock on a free 127.0.0.1 port, runs `verify` against it, and
 * stops it on every way out (pass, fail, error; a signal ends the run, and
 * so reaches the `finally` too). Resolves to verify's exit code.
 */
export async function withMock(
  plan: MockPlan,
  io: { out(line: string): void; env: NodeJS.ProcessEnv },
  verify: (baseUrl: URL) => Promise<number>,
  interrupted?: AbortSignal,
): Promise<number> {
  const port = await freePort();
  const unhandled = new Map<string, number>();
  const launch: MockLaunch = {
    ...launchFor(plan.spec, port, { origin: plan.origin, env: io.env }),
    onOutput: plan.spec.kind === 'msw' ? unhandledCollector(unhandled) : undefined,
  };
  const origin = plan.spec.kind === 'msw' ? ` (handlers' ${plan.origin.origin} mapped to it)` : '';
  io.out(safeLine(`Starting the mock: ${launch.label}, profile ${plan.profile}`));
  const mock = await startMockProcess(launch, port, READY_MS[plan.spec.kind], interrupted);
  try {
    if (interrupted?.aborted) return exitCodeForSignal(interrupted.reason as NodeJS.Signals);
    io.out(safeLine(`  answering on ${mock.url.origin}${origin}`));
    return await verify(mock.url);
  } finally {
    const ended = mock.endedEarly();
    await mock.stop();
    if (unhandled.size > 0) {
      io.out('');
      io.out(`No MSW handler matched ${unhandled.size} request${unhandled.size === 1 ? '' : 's'} (answered 404):`);
      for (const [request, count] of [...unhandled].slice(0, MAX_UNHANDLED_LISTED)) {
        io.out(safeLine(`  ${request}${count > 1 ? ` (${count}×)` : ''}`));
      }
      io.out(
        `  Handlers are matched as ${plan.origin.origin}/...: a handler for another origin needs --mock-origin.` +
          ' A missing GET only means nothing can be read back.',
      );
    }
    if (ended) {
      // Its output may quote what it was sent (credentials in headers): redacted like everything else.
      const redact = redactorFor(secretValues(credentialsFromEnv(io.env)));
      io.out(`The mock ${ended} during the run. Its last output:`);
      for (const line of mock.lastOutput().split('\n')) io.out(redact(line));
    }
    io.out(`Stopped the mock (${plan.spec.kind}).`);
  }
}

/** Counts the MSW server's "no handler matched METHOD PATH" lines, per distinct request. */
function unhandledCollector(unhandled: Map<string, number>): (text: string) => void {
  let partial = '';
  return (text) => {
    const lines = (partial + text).split('\n');
    partial = (lines.pop() ?? '').slice(-1_000); // a line that never ends is not one of ours
    for (const line of lines) {
      if (!line.startsWith(UNHANDLED_PREFIX)) continue;
      const request = line.slice(UNHANDLED_PREFIX.length, UNHANDLED_PREFIX.length + 300);
      if (unhandled.size < 100 || unhandled.has(request)) unhandled.set(request, (unhandled.get(request) ?? 0) + 1);
    }
  };
}
