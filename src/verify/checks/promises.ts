/**
 * The documented promises of API.md that `verify` judges, each said once.
 * A check names the promise it judges by its key; coverage lists the
 * promises the registered checks declare, so a promise no check judges
 * cannot be listed, and a misspelt key does not compile.
 */
export const PROMISES = {
  names: { promise: 'a rename returns the name sent, code point for code point', topic: 'names' },
  'answered-id': { promise: 'the answer is the interaction in the path', topic: 'the answered id' },
  timestamps: {
    promise: 'created_at and updated_at are milliseconds since the Unix epoch',
    topic: 'timestamps',
  },
  persistence: { promise: 'a change persists: a read-back equals the answer', topic: 'persistence' },
  'field-preservation': {
    promise: 'only the provided properties are updated ({} changes nothing)',
    topic: 'field preservation',
  },
  'updated-at': { promise: 'updated_at is the last update time: a rename moves it forward', topic: 'updated_at' },
  'created-at': { promise: 'created_at is the creation time: no update moves it', topic: 'created_at' },
  'credential-check': {
    promise: 'a request without credentials is refused with 403 and an ApiError',
    topic: 'the credential check',
  },
  'unknown-ids': { promise: 'an unknown id gives 404 and an ApiError', topic: 'unknown ids' },
  'invalid-bodies': { promise: 'a body the contract rejects gives 400 and an ApiError', topic: 'invalid bodies' },
  pacts: { promise: "the consumer's pacts hold", topic: 'the pacts' },
  'response-shapes': {
    promise: 'every response is JSON: each 2xx an Interaction, each error an ApiError',
    topic: 'response shapes',
  },
} as const satisfies Record<string, { promise: string; topic: string }>;

export type PromiseId = keyof typeof PROMISES;
