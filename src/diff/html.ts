/**
 * diff's findings as one self-contained HTML page (`diff --format html`), on
 * the same page as verify's report.html. What the documents say is escaped
 * there; the columns are the Markdown table's.
 */
import { badge, htmlPage, table } from '../html-report/page';
import { html } from '../shared/html';
import type { Scope } from './consumer';
import type { Finding } from './findings';
import { audience, change, location, sorted, summaryLine } from './report';

const LEVEL_TONE = { breaking: 'bad', warning: 'unsure', info: 'muted' } as const;

/** The page: a verdict (breaking changes that fail the run, or none), then every finding. */
export function diffHtml(findings: Finding[], oldLabel: string, newLabel: string, scope: Scope): string {
  const blocking = findings.filter((f) => f.blocking).length;
  return htmlPage({
    title: 'OpenAPI diff',
    verdict: {
      tone: blocking > 0 ? 'bad' : 'good',
      label: blocking > 0 ? 'breaking' : 'compatible',
      sentence: blocking > 0 ? `${blocking} breaking change${blocking > 1 ? 's' : ''}` : 'No breaking changes',
    },
    facts: html`<code>${oldLabel}</code> → <code>${newLabel}</code> (scope: ${scope}).
      ${summaryLine(findings, oldLabel, newLabel)}`,
    body:
      findings.length === 0
        ? html``
        : html`<h2>Findings</h2>
            ${table(
              ['level', 'rule', 'where', 'old → new', 'why', 'consumer'],
              sorted(findings).map((f) => [
                badge(f.level, LEVEL_TONE[f.level]),
                html`<code>${f.rule}</code>`,
                location(f),
                change(f),
                f.message,
                audience(f),
              ]),
            )}`,
  });
}
