import { CHECK_GROUP_NAMES, CHECK_GROUPS, describeCheckGroups, parseCheckGroups } from './registry';

describe('the check registry', () => {
  it('lists every group once, in run order', () => {
    expect(new Set(CHECK_GROUP_NAMES).size).toBe(CHECK_GROUP_NAMES.length);
    const orders = CHECK_GROUPS.map((g) => g.order);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
  });

  it('runs the schema group last: it judges every response the others provoked', () => {
    expect(CHECK_GROUP_NAMES.at(-1)).toBe('schema');
  });

  it('parses --checks into groups in run order, whatever order they were named in', () => {
    expect(parseCheckGroups(' schema , pact').map((g) => g.name)).toEqual(['pact', 'schema']);
  });

  it.each([
    ['pact,everything', /unknown: everything/],
    ['', /--checks takes a comma-separated list of/],
  ])('refuses --checks %j, listing the groups it takes', (value, message) => {
    expect(() => parseCheckGroups(value)).toThrow(message);
    expect(() => parseCheckGroups(value)).toThrow(CHECK_GROUP_NAMES.join(', '));
  });

  it('describes every group for --help, one line each', () => {
    const lines = describeCheckGroups().split('\n');
    expect(lines).toHaveLength(CHECK_GROUPS.length);
    CHECK_GROUPS.forEach((group, i) => expect(lines[i]).toContain(group.summary));
  });
});
