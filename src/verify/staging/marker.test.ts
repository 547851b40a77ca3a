import { markerOf, newRunId, probeName, probeRunOf } from './marker';

describe('probe names', () => {
  it("carry their run's marker, and the marker names the run", () => {
    const runId = newRunId();
    expect(runId).toMatch(/^[0-9a-f]{12}$/);
    const name = probeName(runId, 'check 2026-12-01T10:00:00.000Z');
    expect(name).toBe(`contract-suite check 2026-12-01T10:00:00.000Z ${markerOf(runId)}`);
    expect(probeRunOf(name)).toBe(runId);
  });

  it('are told from real names, also when a marker stands inside a longer name', () => {
    expect(probeRunOf('Trip planning')).toBeUndefined();
    expect(probeRunOf('contract-suite is a fine name')).toBeUndefined();
    expect(probeRunOf('  \t padded [contract-suite run 0123456789ab] x')).toBe('0123456789ab');
    expect(probeRunOf('[contract-suite run 0123]')).toBeUndefined(); // not a run id
  });

  it("recognise an earlier version's unmarked probes, so they are never adopted either", () => {
    expect(probeRunOf('contract-suite check 2026-11-30T08:00:00.000Z')).toBe('unknown');
  });

  it('differ from run to run', () => {
    expect(new Set(Array.from({ length: 50 }, newRunId)).size).toBe(50);
  });
});
