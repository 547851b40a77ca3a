import { describeNameMismatch, visible } from './name-diff';

describe('describeNameMismatch', () => {
  it('shows a decomposed name that came back precomposed, code point by code point, as NFC', () => {
    const { message, expected, actual } = describeNameMismatch('Cafe\u0301 au lait', 'Caf\u00e9 au lait');
    expect(message).toBe(
      'The name came back changed (Unicode-normalized to NFC): first difference at code point 4 ' +
        '(sent 13 code points, got 12): U+0065 U+0301 vs U+00E9',
    );
    // They print the same in a terminal; here they must not.
    expect(expected).toBe('"Cafe\\u{0301} au lait"');
    expect(actual).toBe('"Café au lait"');
  });

  it('recognises the other normal form', () => {
    expect(describeNameMismatch('Caf\u00e9', 'Cafe\u0301').message).toMatch(/\(Unicode-normalized to NFD\)/);
  });

  it.each([
    ['trimmed', '  padded \n', 'padded', /\(trimmed: whitespace removed at the ends\)/],
    ['trimmed at one end', '  padded', 'padded', /\(trimmed/],
    ['collapsed', 'a  b\tc\nd', 'a b c d', /\(whitespace collapsed\)/],
    [
      'truncated',
      'x'.repeat(1000),
      'x'.repeat(255),
      /\(truncated at 255 characters\): first difference at code point 256 .*: U\+0078 vs \(nothing\)$/,
    ],
    ['emptied', 'Trip planning', '', /\(it came back empty\)/],
    [
      'HTML-escaped',
      `Tom & Jerry <b>"hi"</b> it's`,
      'Tom &amp; Jerry &lt;b&gt;&quot;hi&quot;&lt;/b&gt; it&#39;s',
      /\(HTML-escaped\)/,
    ],
    ['lower-cased', 'MiXeD Case', 'mixed case', /\(case-changed: lower-cased\)/],
    ['upper-cased', 'MiXeD Case', 'MIXED CASE', /\(case-changed: upper-cased\)/],
    ['case-swapped', 'MiXeD', 'mIxEd', /\(case-changed\)/],
    [
      'replaced by U+FFFD',
      'rocket 🚀 ok',
      'rocket \uFFFD ok',
      /\(characters replaced by U\+FFFD.*U\+1F680 vs U\+FFFD$/,
    ],
  ])('names the cause when the name was %s', (_how, sent, got, message) => {
    expect(describeNameMismatch(sent, got).message).toMatch(message);
  });

  it('names no cause it cannot recognise, but still the position and the code points', () => {
    expect(describeNameMismatch('Trip planning', 'Unchanged name').message).toBe(
      'The name came back changed: first difference at code point 1 (sent 13 code points, got 14): U+0054 vs U+0055',
    );
  });

  it('shows the whole first differing character, however many code points it has', () => {
    expect(describeNameMismatch('Crew 👩🏽‍🚀 ok', 'Crew 👩🏽🚀 ok').message).toMatch(
      /at code point 8 .*: U\+1F469 U\+1F3FD U\+200D U\+1F680 vs U\+1F469 U\+1F3FD$/,
    );
  });

  it('says "nothing" for the side that has no code points where the other has some', () => {
    expect(describeNameMismatch('abc', 'abcd').message).toMatch(/: \(nothing\) vs U\+0064$/);
  });

  it('shows a long name as a window around the first difference, with its length', () => {
    const { expected, actual } = describeNameMismatch('x'.repeat(1000), 'x'.repeat(255));
    expect(expected).toBe(`…"${'x'.repeat(60)}"… (1000 characters)`);
    expect(actual).toBe(`…"${'x'.repeat(20)}" (255 characters)`);
  });

  it('never shows two different strings the same, even when only invisible characters differ', () => {
    const { expected, actual } = describeNameMismatch('a\u200db', 'ab');
    expect(expected).not.toBe(actual);
    expect(expected).toBe('"a\\u{200D}b"');
  });
});

describe('visible', () => {
  it('writes controls, format characters and combining marks as code points, and keeps letters as they are', () => {
    expect(visible('tab\there\nZWJ\u200d RLO\u202e e\u0301 東京 🚀 "q" \\')).toBe(
      '"tab\\u{0009}here\\u{000A}ZWJ\\u{200D} RLO\\u{202E} e\\u{0301} 東京 🚀 \\"q\\" \\\\"',
    );
  });
});
