/**
 * diff's findings as one self-contained HTML page (`diff --format html`), on
 * the same page as verify's report.html. What the documents say is escaped
 * there; the columns are the Markdown table's, one row per change.
 */
import { badge, htmlPage, table } from '../html-report/page';
import { html } from '../shared/html';
import type { Scope } from './consumer';
import type { Finding } from './findings';
import { audience, change, grouped, location, summaryLine } from './report';

const LEVEL_TONE = { breaking: 'bad', warning: 'unsure', info: 'muted' } as const;

/** The page: a verdict (changes that fail the run, or none), then every change. */
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
              grouped(findings).map((group) => {
                const f = group.first;
                return [
                  f.accepted !== undefined
                    ? badge(`accepted ${f.level}`, 'muted')
                    : badge(f.level, LEVEL_TONE[f.level]),
                  html`<code>${f.rule}</code>`,
                  location(group),
                  change(f),
                  f.accepted !== undefined ? `${f.message} (accepted: ${f.accepted})` : f.message,
                  audience(f),
                ];
              }),
            )}`,
  });
}
