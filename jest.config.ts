import type { Config } from 'jest';

// Tests are transpiled only (tsconfig sets isolatedModules): `npm test` type-checks
// every file, tests included, once with tsc (the build) before Jest starts, instead
// of ts-jest type-checking each file again in each worker.
const transform: Config['transform'] = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };

const shared: Partial<Config> = {
  testEnvironment: 'node',
  transform,
  // Generated pacts and reports change while tests run; they are outputs, not inputs.
  watchPathIgnorePatterns: ['<rootDir>/pacts/', '<rootDir>/reports/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  setupFiles: ['<rootDir>/src/test-support/jest-setup.ts'],
  setupFilesAfterEnv: ['<rootDir>/src/test-support/jest-after-env.ts'],
};

const config: Config = {
  // Both cores: most provider tests wait on sockets and timers, not on the CPU.
  maxWorkers: 2,
  // Provider tests run verify end to end (about 1 s here; the first of a file loads Pact): room for a
  // slow, busy CI machine. A global option: Jest does not take it per project.
  testTimeout: 30_000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/src/**/*.test.ts'],
      testPathIgnorePatterns: ['\\.pact\\.test\\.ts$', '\\.verify\\.test\\.ts$', '\\.tools\\.test\\.ts$'],
    },
    {
      ...shared,
      // One file writes pacts/: it deletes the pact first, so every run starts clean.
      displayName: 'consumer',
      testMatch: ['<rootDir>/src/**/*.pact.test.ts'],
    },
    {
      ...shared,
      displayName: 'provider',
      testMatch: ['<rootDir>/src/**/*.verify.test.ts'],
    },
    {
      ...shared,
      // verify --mock on the real tools (MSW, WireMock's JVM) and stand-in processes: few, end to end.
      displayName: 'tools',
      testMatch: ['<rootDir>/src/**/*.tools.test.ts'],
    },
  ],
};

export default config;
