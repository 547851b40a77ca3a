import { runCli } from '../../test-support/run-cli';
import { CHECK_GROUP_NAMES, CHECK_GROUPS, describeCheckGroups, parseCheckGroups } from './registry';

describe('the check registry', () => {
  it('lists every group once, each at a place of its own in the run', () => {
    expect(new Set(CHECK_GROUP_NAMES).size).toBe(CHECK_GROUP_NAMES.length);
    expect(new Set(CHECK_GROUPS.map((g) => g.order)).size).toBe(CHECK_GROUPS.length);
  });

  it('runs the schema group last: it judges every response the others provoked', () => {
    expect(CHECK_GROUP_NAMES.at(-1)).toBe('schema');
  });

  it('parses --checks into groups in run order, whatever order they were named in', () => {
    expect(parseCheckGroups(' schema , pact').map((g) => g.name)).toEqual(['pact', 'schema']);
  });

  it('takes check ids too: only those checks of their group run; the pact group runs whole', () => {
    const groups = parseCheckGroups('names.empty,behaviour.persisted,names.long,pact.publish');
    expect(groups.map((g) => `${g.name}: ${g.checks.map((c) => c.id).join(' ')}`)).toEqual([
      'behaviour: behaviour.persisted',
      'names: names.empty names.long',
      'pact: pact.interaction pact.replay pact.publish',
    ]);
    // A group named whole wins over ids of its own.
    expect(parseCheckGroups('names,names.empty')[0].checks.length).toBe(12);
  });

  it.each([
    ['pact,everything', /unknown: everything/],
    ['', /--checks takes a comma-separated list of/],
  ])('refuses --checks %j, listing the groups it takes', (value, message) => {
    expect(() => parseCheckGroups(value)).toThrow(message);
    expect(() => parseCheckGroups(value)).toThrow(CHECK_GROUP_NAMES.join(', '));
  });

  it('verify --help lists every group, in run order, from the registry', async () => {
    const { code, stdout } = await runCli(['verify', '--help']);
    expect(code).toBe(0);
    const listed = stdout.split('\n').filter((line) => /^ {2}\S/.test(line) && !line.trimStart().startsWith('-'));
    expect(listed.map((line) => line.trim().split(/\s+/)[0])).toEqual(CHECK_GROUP_NAMES);
    expect(stdout).toContain(describeCheckGroups());
  });
});
