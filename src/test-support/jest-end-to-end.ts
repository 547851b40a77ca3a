// End-to-end tests run verify (and the tools it starts: a JVM, Pact) on a busy 2-core machine: give
// each test a minute. Set here, per project, because Jest ignores `testTimeout` inside `projects`.
jest.setTimeout(60_000);
