import { WriterWatch } from './writer-watch';

describe('telling this run’s writes from anyone else’s', () => {
  it('judges no read before the original is known (that read is how it becomes known)', () => {
    const watch = new WriterWatch();
    expect(watch.foreignRead('anything')).toBeUndefined();
    watch.adopt('Trip planning');
    expect(watch.foreignRead('Trip planning')).toBeUndefined();
    expect(watch.foreignRead('Renamed by a person')).toBe('"Renamed by a person"');
  });

  it('counts as its own every name it sent and every spelling the target answered to its writes', () => {
    const watch = new WriterWatch();
    watch.adopt('Trip planning');
    watch.sent('  padded  ');
    watch.answered('padded'); // a server that trims: its answer, not another writer
    watch.sent(null); // clearing the name: servers show it as ""
    watch.sent(42); // a body the contract rejects, accepted by a broken server
    for (const name of ['  padded  ', 'padded', '', 42, '42']) expect(watch.foreignRead(name)).toBeUndefined();
    expect(watch.isOwn('somebody else')).toBe(false);
  });

  it("takes another run's marked name as another writer in any answer, a write's included", () => {
    const watch = new WriterWatch('aaaaaaaaaaaa');
    watch.adopt('Trip planning');
    expect(watch.foreignAnswer('contract-suite check x [contract-suite run aaaaaaaaaaaa]')).toBeUndefined();
    expect(watch.foreignAnswer('Trip planning')).toBeUndefined();
    expect(watch.foreignAnswer('contract-suite check x [contract-suite run bbbbbbbbbbbb]')).toBe(
      '"contract-suite check x [contract-suite run bbbbbbbbbbbb]"',
    );
  });
});

describe('the original name, read back', () => {
  it('is no stranger on a server that keeps no rename (that failure is judged by the checks)', () => {
    const watch = new WriterWatch();
    watch.adopt('Original');
    watch.sent('probe 1');
    expect(watch.foreignRead('Original')).toBeUndefined();
    watch.sent('probe 2');
    expect(watch.foreignRead('Original')).toBeUndefined();
  });

  it('is another writer once the server has shown it keeps renames (another run put its original back)', () => {
    const watch = new WriterWatch();
    watch.adopt('Original');
    watch.sent('probe 1');
    expect(watch.foreignRead('probe 1')).toBeUndefined();
    expect(watch.foreignRead('Original')).toBe('"Original"');
    expect(watch.isOwn('Original')).toBe(true); // still this run's to put back at the end
  });

  it("is no stranger where only {} shows the run's names (a stale GET is the checks' to judge)", () => {
    const watch = new WriterWatch();
    watch.adopt('Stale name');
    watch.sent('probe 1');
    expect(watch.foreignRead('probe 1', '{}')).toBeUndefined();
    expect(watch.foreignRead('Stale name')).toBeUndefined();
  });
});
