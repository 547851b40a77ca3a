/**
 * Text a hostile server might send, and a check that output carries none of
 * it raw: for tests of every place the suite prints or writes server text.
 */

/** Terminal escapes, a carriage return that overwrites a line, workflow commands, bidi overrides, XML breakers. */
export const HOSTILE_TEXT = [
  'name \u001b[2J\u001b]0;pwned\u0007 cleared',
  'FAILED\rREAL STATUS: all green',
  'first line\n::add-mask::secret\n  ::stop-commands::token',
  'quoted ##[error]fake annotation',
  'bidi \u202eevil\u202c \u2066isolate\u2069 \u200f',
  'c1 \u0085 \u009b31m del \u007f nul \u0000',
  'xml ]]> twice ]]> <tag a="b"> & \'quotes\'',
].join('\n');

/** The lines of `output` that are unsafe: a byte below 0x20 other than tab, DEL, C1, bidi, or a workflow command. */
export function unsafeLines(output: string): string[] {
  return output
    .split('\n')
    .filter(
      (line) =>
        /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(line) ||
        /^\s*::/.test(line) ||
        line.includes('##['),
    );
}
