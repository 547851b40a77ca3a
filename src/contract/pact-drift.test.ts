import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { driftMessage, syncGeneratedPacts } from './pact-drift';

describe('syncGeneratedPacts', () => {
  let generated: string;
  let committed: string;
  beforeEach(() => {
    generated = fs.mkdtempSync(path.join(os.tmpdir(), 'generated-'));
    committed = fs.mkdtempSync(path.join(os.tmpdir(), 'committed-'));
    fs.writeFileSync(path.join(generated, 'a-b.json'), '{"v":2}\n');
  });
  afterEach(() => {
    fs.rmSync(generated, { recursive: true, force: true });
    fs.rmSync(committed, { recursive: true, force: true });
  });

  it('reports nothing when the committed pact is the generated one', () => {
    fs.writeFileSync(path.join(committed, 'a-b.json'), '{"v":2}\n');
    expect(syncGeneratedPacts(generated, committed, true)).toEqual({ changed: [], written: false });
  });

  it('on CI, reports a drifted pact and leaves the committed file alone', () => {
    fs.writeFileSync(path.join(committed, 'a-b.json'), '{"v":1}\n');
    const result = syncGeneratedPacts(generated, committed, true);
    expect(result).toEqual({ changed: [path.join(committed, 'a-b.json')], written: false });
    expect(fs.readFileSync(path.join(committed, 'a-b.json'), 'utf8')).toBe('{"v":1}\n');
    expect(driftMessage(result.changed)).toMatch(
      /differ from what the consumer tests generate.*a-b\.json[\s\S]*commit pacts\//,
    );
  });

  it('on CI, reports a pact that was never committed', () => {
    expect(syncGeneratedPacts(generated, committed, true).changed).toEqual([path.join(committed, 'a-b.json')]);
  });

  it('locally, rewrites the committed pact and leaves no temporary file', () => {
    fs.writeFileSync(path.join(committed, 'a-b.json'), '{"v":1}\n');
    expect(syncGeneratedPacts(generated, committed, false)).toEqual({
      changed: [path.join(committed, 'a-b.json')],
      written: true,
    });
    expect(fs.readdirSync(committed)).toEqual(['a-b.json']);
    expect(fs.readFileSync(path.join(committed, 'a-b.json'), 'utf8')).toBe('{"v":2}\n');
  });
});
