import { redactorFor } from '../shared/redact';
import { RedactingLines } from './pact-cli';

const SECRET = 'pact_broker_token_9f8e7d6c5b4a';

function collect(chunks: (string | Buffer)[]): string[] {
  const lines: string[] = [];
  const stream = new RedactingLines(redactorFor([SECRET]), (line) => lines.push(line));
  for (const chunk of chunks) stream.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  stream.end();
  return lines;
}

describe('RedactingLines', () => {
  it('redacts a secret split across two chunks', () => {
    const lines = collect([`Authorization: Bearer ${SECRET.slice(0, 10)}`, `${SECRET.slice(10)} sent\nnext line\n`]);
    expect(lines).toEqual(['Authorization: Bearer [REDACTED] sent', 'next line']);
  });

  it('redacts a secret split one byte at a time', () => {
    const text = `token=${SECRET}\n`;
    const lines = collect([...text].map((char) => char));
    expect(lines).toEqual(['token=[REDACTED]']);
  });

  it('passes on the last line without a line break, and drops a CR before LF', () => {
    expect(collect(['one\r\ntwo ', `${SECRET}`])).toEqual(['one', 'two [REDACTED]']);
  });

  it('keeps a UTF-8 character split across chunks whole', () => {
    const bytes = Buffer.from('Zoë 東京\n');
    expect(collect([bytes.subarray(0, 3), bytes.subarray(3, 7), bytes.subarray(7)])).toEqual(['Zoë 東京']);
  });

  it('removes colour codes, even split across chunks, and escapes what the server put in', () => {
    expect(collect(['\u001b[3', '1mred\u001b[0m ::add-mask::x \u001b]0;title\u0007\n'])).toEqual([
      'red ::add-mask::x \\u001b]0;title\\u0007',
    ]);
    expect(collect(['::error::from the server\n'])).toEqual(['\\u003a:error::from the server']);
  });

  it('bounds memory on a line that never ends, and still catches a secret across the cut', () => {
    const lines = collect(['x'.repeat(64 * 1024 - 5), SECRET, 'y'.repeat(100), '\n']);
    expect(lines.join('')).not.toContain(SECRET);
    expect(lines.join('')).toContain('[REDACTED]');
    expect(lines.length).toBe(2);
  });
});
