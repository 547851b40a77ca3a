import { responseSchemaFor } from './responses';

describe('which schema a response must match, as contracts/openapi.json documents it', () => {
  it.each([
    [200, 'Interaction'],
    [201, 'Interaction'], // undocumented, but a success: judged as the documented successes are
    [400, 'ApiError'],
    [404, 'ApiError'],
    [429, 'ApiError'],
    [503, 'ApiError'],
  ])('HTTP %i is judged as %s', (status, schema) => {
    expect(responseSchemaFor(status)).toBe(schema);
  });

  it('leaves redirects and informational answers to no schema', () => {
    expect(responseSchemaFor(301)).toBeUndefined();
  });
});
