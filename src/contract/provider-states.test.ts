import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProviderStates, ProviderState } from './provider-states';

describe('provider states', () => {
  it('every state the code uses is described in contracts/provider-states.json, with its parameters', () => {
    const described = loadProviderStates();
    for (const name of Object.values(ProviderState)) {
      expect(described).toHaveProperty([name, 'params']);
    }
    expect(Object.keys(described[ProviderState.interactionExists].params).sort()).toEqual(['interactionId', 'name']);
  });

  it('names a provider-states file without a "states" object', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'states-')), 'provider-states.json');
    fs.writeFileSync(file, '{"$comment": "no states"}');
    expect(() => loadProviderStates(file)).toThrow(/provider-states\.json must have a "states" object/);
  });
});
