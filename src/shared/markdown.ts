/**
 * Text placed in a Markdown table cell (summary.md, $GITHUB_STEP_SUMMARY):
 * whatever a server or a document sent must stay text there, not become a
 * link, an image, a heading, emphasis, HTML or the end of the cell.
 */
export function markdownCell(text: string): string {
  return text
    .replace(/\s*\r?\n\s*/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]()!#|~]/g, (c) => `\\${c}`);
}

/** Code in a table cell: shown as code, and a backtick or a pipe inside cannot end it. */
export function markdownCode(text: string): string {
  const html = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;');
  return `<code>${html.replace(/\s*\r?\n\s*/g, ' ')}</code>`;
}
