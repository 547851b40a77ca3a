import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError, ProviderUnavailableError } from '../errors';
import { launchFor } from './kinds';
import { freePort, startMockProcess } from './mock-process';
import { packageDirectory, resolveToolProgram, TOOLS } from './resolve-tool';
import { parseMockSpec } from './spec';
import { planMock } from './with-mock';

const temp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

describe('--mock KIND:TARGET', () => {
  it('resolves the target from the working directory and knows each kind', () => {
    const dir = temp('mock-spec-');
    fs.writeFileSync(path.join(dir, 'api.yaml'), 'openapi: 3.1.0\n');
    expect(parseMockSpec('prism:api.yaml --dynamic', dir)).toEqual({
      kind: 'prism',
      target: path.join(dir, 'api.yaml'),
      dynamic: true,
    });
    expect(parseMockSpec('wiremock:.', dir)).toEqual({ kind: 'wiremock', target: dir, dynamic: false });
    expect(parseMockSpec('cmd:npx json-server db.json --port {port}', dir).target).toBe(
      'npx json-server db.json --port {port}',
    );
  });

  it.each([
    ['msw', /--mock takes KIND:TARGET: msw:FILE, .* \(got "msw"\)/],
    ['nock:handlers.js', /--mock takes KIND:TARGET.*\(got "nock:handlers.js"\)/],
    ['msw:missing.mjs', /--mock msw: "missing.mjs" is not a file \(looked at .*missing\.mjs\)/],
    ['wiremock:package.json', /--mock wiremock: "package.json" is not a folder/],
  ])('refuses %s before anything starts (exit 2)', (value, message) => {
    expect(() => parseMockSpec(value, process.cwd())).toThrow(InputError);
    expect(() => parseMockSpec(value, process.cwd())).toThrow(message);
  });

  it('gives each kind its default profile; --mock-profile wins', () => {
    expect(planMock({ mock: 'msw:src/mock/fixtures/msw/honest-static.mjs' })?.profile).toBe('stateful');
    expect(planMock({ mock: 'wiremock:src/mock/fixtures/wiremock/honest-static' })?.profile).toBe('static');
    expect(planMock({ mock: 'cmd:serve {port}', mockProfile: 'static' })?.profile).toBe('static');
    expect(planMock({ mock: 'msw:src/mock/fixtures/msw/honest-static.mjs' })?.origin.origin).toBe(
      'https://api.proficientai.com',
    );
  });

  it('refuses --mock with --base-url, and --mock-origin without msw', () => {
    expect(() => planMock({ mock: 'cmd:x {port}', baseUrl: 'http://127.0.0.1:1' })).toThrow(
      '--mock and --base-url both name the target: pass one.',
    );
    expect(() => planMock({ mock: 'cmd:x {port}', mockOrigin: 'https://a.example' })).toThrow(
      '--mock-origin is used only with --mock msw:FILE.',
    );
    expect(() => planMock({ mockOrigin: 'https://a.example' })).toThrow('--mock-origin is used only with');
    expect(() =>
      planMock({ mock: 'msw:src/mock/fixtures/msw/honest-static.mjs', mockOrigin: 'ftp://a.example' }),
    ).toThrow(InputError);
  });

  it('refuses TypeScript handlers, which Node 20 cannot load, saying what to pass instead', () => {
    const dir = temp('mock-ts-');
    fs.writeFileSync(path.join(dir, 'handlers.ts'), '');
    const spec = parseMockSpec('msw:handlers.ts', dir);
    expect(() => launchFor(spec, 1, { origin: new URL('https://api.proficientai.com'), env: {}, cwd: dir })).toThrow(
      /handlers\.ts is TypeScript, which Node 20 cannot load/,
    );
  });

  it("gives the mock this process's environment without the suite's secrets, and PORT", () => {
    const launch = launchFor(parseMockSpec('cmd:serve --port {port} && echo {port}'), 4321, {
      origin: new URL('https://api.proficientai.com'),
      env: { PATH: '/bin', PROFICIENT_API_KEY: 'pk_secret', PACT_BROKER_TOKEN: 't', HOME: '/home/x' },
    });
    expect(launch.command).toBe('serve --port 4321 && echo 4321');
    expect(launch.env).toEqual({ PATH: '/bin', HOME: '/home/x', PORT: '4321' });
  });
});

describe("the user's installed tool", () => {
  it("is found in the project's node_modules (from the working directory), run with this Node", () => {
    const project = temp('mock-project-');
    const pkg = path.join(project, 'node_modules', '@stoplight', 'prism-cli');
    fs.mkdirSync(path.join(pkg, 'dist'), { recursive: true });
    fs.writeFileSync(
      path.join(pkg, 'package.json'),
      JSON.stringify({ name: '@stoplight/prism-cli', bin: { prism: 'dist/index.js' } }),
    );
    expect(packageDirectory('@stoplight/prism-cli', project)).toBe(pkg);
    expect(resolveToolProgram(TOOLS.prism, { PATH: '' }, project)).toEqual({
      command: process.execPath,
      args: [path.join(pkg, 'dist', 'index.js')],
    });
  });

  it('starts Prism on the document, 127.0.0.1 and the port, passing --dynamic through', () => {
    const project = temp('mock-prism-');
    const pkg = path.join(project, 'node_modules', '@stoplight', 'prism-cli');
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ bin: { prism: 'dist/index.js' } }));
    fs.writeFileSync(path.join(project, 'openapi.yaml'), 'openapi: 3.1.0\n');
    const spec = parseMockSpec('prism:openapi.yaml --dynamic', project);
    const launch = launchFor(spec, 4010, { origin: new URL('https://api.proficientai.com'), env: {}, cwd: project });
    expect([launch.command, ...launch.args]).toEqual([
      process.execPath,
      path.join(pkg, 'dist', 'index.js'),
      'mock',
      path.join(project, 'openapi.yaml'),
      '--host',
      '127.0.0.1',
      '--port',
      '4010',
      '--dynamic',
    ]);
  });

  it('is found on PATH when the project does not have it', () => {
    const bin = temp('mock-bin-');
    fs.writeFileSync(path.join(bin, 'wiremock'), '#!/bin/sh\n', { mode: 0o755 });
    expect(resolveToolProgram(TOOLS.wiremock, { PATH: bin }, temp('empty-project-'))).toEqual({
      command: path.join(bin, 'wiremock'),
      args: [],
    });
  });

  it('is named with its exact install command when it is nowhere', () => {
    const project = temp('empty-project-');
    let error: InputError | undefined;
    try {
      resolveToolProgram(TOOLS.mockoon, { PATH: '' }, project);
    } catch (thrown) {
      error = thrown as InputError;
    }
    expect(error?.message).toBe(
      `Mockoon CLI (@mockoon/cli) is not installed in ${project} and mockoon-cli is not on PATH.`,
    );
    expect(error?.hint).toMatch(/^Install it: npm install --save-dev --save-exact @mockoon\/cli@9\.9\.0 /);
  });
});

describe('a mock process', () => {
  it('that never answers is given up after the readiness wait, with its last output (exit 3)', async () => {
    const pidFile = path.join(temp('mock-pid-'), 'pid');
    const port = await freePort();
    const started = startMockProcess(
      {
        label: 'silent',
        command: `echo $$ > ${pidFile}; echo "loading \x1b[31mred\x1b[0m"; sleep 30`,
        args: [],
        shell: true,
      },
      port,
      400,
    );
    await expect(started).rejects.toThrow(ProviderUnavailableError);
    await expect(started).rejects.toThrow(
      new RegExp(
        `The mock \\(silent\\) did not answer on http://127\\.0\\.0\\.1:${port} within 400 ms\\. ` +
          'Its last output:\\n  \\| loading red',
      ),
    );
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });
});
