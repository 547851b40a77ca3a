import { safeText } from '../../shared/safe-text';
import { HOSTILE_TEXT, unsafeLines } from '../../test-support/hostile-text';
import { parseXml } from '../../test-support/xml';
import { junitXml, type JunitRun } from './junit';

const SERVER_TEXT = 'Expected "a" ]]> got <b> & \'c\' ]]> \u0001\u0008\u000b\u000c\u001b[31m\u0000 \ud800 \ufffe end';

const run: JunitRun = {
  name: 'verify http://127.0.0.1:4010 <staging> & "co"',
  suites: [
    {
      name: 'pact',
      cases: [
        { className: 'proficient-contract.pact', name: 'renames', seconds: 0.0123, status: 'passed' },
        {
          className: 'proficient-contract.pact',
          name: `name ${SERVER_TEXT}`,
          seconds: 1.5,
          status: 'failed',
          message: `HTTP 500 ${SERVER_TEXT}`,
          text: `${SERVER_TEXT}\nsecond line\n::add-mask::x`,
        },
      ],
    },
    {
      name: 'schema',
      cases: [
        {
          className: 'proficient-contract.schema',
          name: 'errors',
          seconds: 0,
          status: 'error',
          message: 'reset',
          text: 'multi\nline',
        },
        { className: 'proficient-contract.schema', name: 'skips', seconds: 0, status: 'skipped', message: 'no GET' },
      ],
    },
  ],
};

describe('junitXml', () => {
  it('checks with a parser that does reject malformed XML', () => {
    expect(() => parseXml('<a><![CDATA[x ]]]]><![CDATA[> y ]]> z]]></a>')).toThrow();
    expect(() => parseXml('<a>x ]]> y</a>')).toThrow();
    expect(() => parseXml('<a>\u0001</a>')).toThrow();
    expect(() => parseXml('<a>&</a>')).toThrow();
  });

  it('is well-formed whatever the server text, and keeps that text readable', () => {
    const xml = junitXml(run);
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({ name: run.name, tests: '4', failures: '1', errors: '1', skipped: '1' });
    const [pact, schema] = root.children;
    expect(pact.attributes).toMatchObject({ name: 'pact', tests: '2', failures: '1', time: '1.512' });
    const [passed, failed] = pact.children;
    expect(passed).toMatchObject({ name: 'testcase', children: [] });
    expect(passed.attributes).toEqual({ classname: 'proficient-contract.pact', name: 'renames', time: '0.012' });
    const failure = failed.children[0];
    expect(failure.name).toBe('failure');
    expect(failure.attributes.type).toBe('ContractBroken');
    expect(failure.attributes.message).toBe(
      'HTTP 500 Expected "a" ]]> got <b> & \'c\' ]]> ' +
        '\\u0001\\u0008\\u000b\\u000c\\u001b[31m\\u0000 \\ud800 \\ufffe end',
    );
    expect(failure.text).toBe(
      `${failure.attributes.message.slice('HTTP 500 '.length)}\nsecond line\n\\u003a:add-mask::x`,
    );
    expect(schema.children[0].children[0]).toMatchObject({ name: 'error', text: 'multi\nline' });
    expect(schema.children[0].children[0].attributes).toEqual({ message: 'reset', type: 'ProviderUnavailable' });
    expect(schema.children[1].children[0]).toMatchObject({ name: 'skipped', attributes: { message: 'no GET' } });
  });

  it('keeps line breaks and tabs in attributes as they were', () => {
    const xml = junitXml({
      name: 'r',
      suites: [{ name: 's', cases: [{ className: 'c', name: 'n', seconds: 0, status: 'failed', message: 'a\n\tb' }] }],
    });
    expect(parseXml(xml).children[0].children[0].children[0].attributes.message).toBe('a\n\tb');
  });

  it('leaves no control character and no workflow command in the file', () => {
    const xml = junitXml({
      name: HOSTILE_TEXT,
      suites: [
        {
          name: HOSTILE_TEXT,
          cases: [
            {
              className: 'c',
              name: HOSTILE_TEXT,
              seconds: 0,
              status: 'failed',
              message: HOSTILE_TEXT,
              text: HOSTILE_TEXT,
            },
          ],
        },
      ],
    });
    expect(unsafeLines(xml)).toEqual([]);
    expect(parseXml(xml).children[0].children[0].children[0].text).toBe(safeText(HOSTILE_TEXT));
  });

  it("carries each check's stable id as the case's check.id property", () => {
    const xml = junitXml({
      name: 'r',
      suites: [
        {
          name: 'names',
          cases: [
            { id: 'names.padding', className: 'c', name: 'padded', seconds: 0, status: 'failed', message: 'trimmed' },
          ],
        },
      ],
    });
    const [failure, properties] = parseXml(xml).children[0].children[0].children;
    expect(properties).toMatchObject({
      name: 'properties',
      children: [{ name: 'property', attributes: { name: 'check.id', value: 'names.padding' } }],
    });
    expect(failure).toMatchObject({ name: 'failure', attributes: { message: 'trimmed' } });
  });
});
