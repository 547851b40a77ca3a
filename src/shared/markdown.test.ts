import { markdownCell, markdownCode } from './markdown';

describe('Markdown table cells', () => {
  it.each([
    ['a link', '[click](https://evil.example)', '\\[click\\]\\(https://evil.example\\)'],
    ['an image', '![x](https://evil.example/x.png)', '\\!\\[x\\]\\(https://evil.example/x.png\\)'],
    ['HTML', '<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert\\(1\\)&gt;'],
    ['a pipe and a line break', 'a | b\nc', 'a \\| b c'],
    ['emphasis and code', '**bold** `code`', '\\*\\*bold\\*\\* \\`code\\`'],
  ])('keep %s as text', (_case, text, cell) => {
    expect(markdownCell(text)).toBe(cell);
  });

  it('show code whose backticks and pipes cannot end the code or the cell', () => {
    expect(markdownCode("curl -d '`x` | <y>'")).toBe("<code>curl -d '`x` &#124; &lt;y&gt;'</code>");
  });
});
