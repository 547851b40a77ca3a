import { HOSTILE_TEXT, unsafeLines } from '../test-support/hostile-text';
import { bounded, safeLine, safeText } from './safe-text';

describe('safeLine', () => {
  it('shows every control character escaped and keeps ordinary text, tab and Unicode', () => {
    expect(safeLine('a\u001b[2Jb\u0007c\u0000d\u007fe\u009bf')).toBe('a\\u001b[2Jb\\u0007c\\u0000d\\u007fe\\u009bf');
    expect(safeLine('Zoë 🚆 東京\t— ✓')).toBe('Zoë 🚆 東京\t— ✓');
  });

  it('turns carriage returns and newlines into visible text, so one call is one line', () => {
    expect(safeLine('FAILED\rREAL STATUS: all green')).toBe('FAILED\\rREAL STATUS: all green');
    expect(safeLine('one\r\ntwo\nthree')).toBe('one\\r\\ntwo\\nthree');
  });

  it('escapes the Unicode bidi controls that reorder what a reader sees', () => {
    expect(safeLine('\u202eabc\u202c\u2066\u2069\u200e\u200f\u061c')).toBe(
      '\\u202eabc\\u202c\\u2066\\u2069\\u200e\\u200f\\u061c',
    );
  });

  it('never starts a workflow command, even after leading whitespace (the runner trims it)', () => {
    expect(safeLine('::add-mask::x')).toBe('\\u003a:add-mask::x');
    expect(safeLine('  \t::stop-commands::t')).toBe('  \t\\u003a:stop-commands::t');
    expect(safeLine('a ::b:: stays')).toBe('a ::b:: stays');
  });

  it('breaks the legacy ##[command] form, which the runner finds anywhere in a line', () => {
    expect(safeLine('x ##[error]boom ##[warning]w')).toBe('x #\\u0023[error]boom #\\u0023[warning]w');
  });

  it('is idempotent', () => {
    const once = safeLine(HOSTILE_TEXT);
    expect(safeLine(once)).toBe(once);
  });

  it('leaves nothing unsafe in hostile text', () => {
    const line = safeLine(HOSTILE_TEXT);
    expect(line).not.toContain('\n');
    expect(unsafeLines(line)).toEqual([]);
  });
});

describe('safeText', () => {
  it('keeps newlines, normalises CRLF, escapes a lone CR and every other control', () => {
    expect(safeText('a\r\nb\nc\rd\u001b')).toBe('a\nb\nc\\rd\\u001b');
  });

  it('guards every line, not just the first', () => {
    expect(safeText('ok\n::error::x\n  ::group::y')).toBe('ok\n\\u003a:error::x\n  \\u003a:group::y');
  });

  it('leaves nothing unsafe in hostile text, line by line', () => {
    const text = safeText(HOSTILE_TEXT);
    expect(text.split('\n')).toHaveLength(HOSTILE_TEXT.split('\n').length);
    expect(unsafeLines(text)).toEqual([]);
    expect(unsafeLines(HOSTILE_TEXT).length).toBeGreaterThan(4); // the check itself sees the danger
  });

  it('is idempotent', () => {
    const once = safeText(HOSTILE_TEXT);
    expect(safeText(once)).toBe(once);
  });
});

describe('bounded', () => {
  it('keeps a short text and cuts a long one, saying how long it was', () => {
    expect(bounded('short', 10)).toBe('short');
    expect(bounded('x'.repeat(11), 10)).toBe('xxxxxxxxxx… (11 characters)');
  });

  it('never cuts inside a surrogate pair', () => {
    expect(bounded(`abc${'🚆'.repeat(3)}`, 4)).toBe('abc… (9 characters)');
  });
});
