import { closeSharedPactWorker } from './run-cli';

// The Pact process a test file's verify runs shared ends with the file.
afterAll(() => closeSharedPactWorker());
