/**
 * The one HTML page every report is drawn on (verify's report.html, diff's
 * --format html): a single self-contained file that a person opens from a CI
 * artifact. No network, no external asset, no script: the styles are inline and
 * the Content-Security-Policy forbids everything else, so even text that escaped
 * escaping could load or run nothing.
 */
import { Html, html } from '../shared/html';

/** How a verdict reads at a glance: holds, broken, or not judged. */
export type Tone = 'good' | 'bad' | 'unsure';

// No default-src exception but inline styles: no scripts, images, fonts, frames, forms or connections.
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const STYLE = `
:root { color-scheme: light; --good: #1a7f37; --bad: #cf222e; --unsure: #9a6700; --line: #d0d7de; --muted: #57606a; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 0;
  background: #f6f8fa; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.verdict { border-left: 8px solid; background: #fff; padding: 14px 18px; border-radius: 6px; margin: 12px 0; }
.verdict p { margin: 4px 0 0; font-size: 17px; font-weight: 600; }
.verdict.good { border-color: var(--good); } .verdict.good p { color: var(--good); }
.verdict.bad { border-color: var(--bad); } .verdict.bad p { color: var(--bad); }
.verdict.unsure { border-color: var(--unsure); } .verdict.unsure p { color: var(--unsure); }
.facts { color: var(--muted); margin: 4px 0; }
table { border-collapse: collapse; width: 100%; background: #fff; margin: 6px 0; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #eaeef2; font-weight: 600; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; min-width: 64px; text-align: center; border-radius: 10px; padding: 0 8px;
  font-size: 12px; font-weight: 700; color: #fff; text-transform: uppercase; white-space: nowrap; }
.verdict .badge { font-size: 14px; padding: 1px 10px; margin-right: 6px; vertical-align: 2px; }
.badge.good { background: var(--good); } .badge.bad { background: var(--bad); }
.badge.unsure { background: var(--unsure); } .badge.muted { background: var(--muted); }
.detail { margin: 6px 0 2px; }
.detail dt { font-weight: 600; color: var(--muted); }
.detail dd { margin: 0 0 4px 0; }
pre, code { font: 13px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
pre { white-space: pre-wrap; word-break: break-all; background: #f6f8fa; border: 1px solid var(--line);
  padding: 6px 8px; margin: 2px 0; border-radius: 4px; }
.meter { display: grid; grid-template-columns: 220px 1fr 110px; gap: 10px; align-items: center; margin: 6px 0; }
.meter meter { width: 100%; height: 16px; }
.chips { list-style: none; padding: 0; margin: 4px 0 12px; display: flex; flex-wrap: wrap; gap: 6px; }
.chips li { border: 1px solid var(--line); border-radius: 12px; padding: 1px 10px; background: #fff; font-size: 13px; }
.chips li.seen { border-color: var(--good); }
.chips li.unseen { border-color: var(--bad); border-style: dashed; color: var(--bad); }
.restore { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
footer { color: var(--muted); font-size: 12px; margin-top: 32px; }
`;

// The style sheet is this module's own constant, never outside text: the one fragment made without escaping.
const STYLE_ELEMENT = new Html(`<style>${STYLE}</style>`);

export interface PageContent {
  /** The document title and first heading. */
  title: string;
  /** The verdict in one word or two (a badge: holds, broken, NOT verified), then in a sentence. */
  verdict: { tone: Tone; label: string; sentence: string };
  /** One line under the verdict: what was compared or verified, when. */
  facts: Html;
  body: Html;
}

/** The whole page, as one string: doctype, policy, styles and the content. */
export function htmlPage(content: PageContent): string {
  return `${html`<!DOCTYPE html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${content.title}</title>
        ${STYLE_ELEMENT}
      </head>
      <body>
        <main>
          <h1>${content.title}</h1>
          <section class="verdict ${content.verdict.tone}" id="verdict">
            <p>${badge(content.verdict.label, content.verdict.tone)} ${content.verdict.sentence}</p>
            <div class="facts">${content.facts}</div>
          </section>
          ${content.body}
          <footer>Written by proficient-contract. Everything a server or a document sent is shown as text.</footer>
        </main>
      </body>
    </html>`}\n`;
}

/** A status word as a coloured badge. */
export function badge(label: string, tone: Tone | 'muted'): Html {
  return html`<span class="badge ${tone}">${label}</span>`;
}

/** A table: a header row, then rows of cells (text is escaped; Html cells are kept). */
export function table(head: readonly string[], rows: readonly (readonly (Html | string | number)[])[]): Html {
  const cell = (value: Html | string | number) =>
    typeof value === 'number' ? html`<td class="n">${value}</td>` : html`<td>${value}</td>`;
  return html`<table>
    <thead>
      <tr>
        ${head.map((h) => html`<th>${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (row) =>
          html`<tr>
            ${row.map(cell)}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** "k of n" as a bar, then each item as a chip: seen ones plain, unseen ones dashed and red. */
export function coverageMeter(label: string, items: readonly { label: string; seen: boolean }[]): Html {
  const seen = items.filter((i) => i.seen).length;
  return html`<div class="meter">
      <span>${label}</span><meter min="0" max="${Math.max(items.length, 1)}" value="${seen}"></meter
      ><span>${seen} of ${items.length} seen</span>
    </div>
    <ul class="chips">
      ${items.map((i) => html`<li class="${i.seen ? 'seen' : 'unseen'}">${i.seen ? '✓' : '✗'} ${i.label}</li>`)}
    </ul>`;
}
