/**
 * `diff` as a pure pipeline: load → compare → judge → report. The command line only wires it up;
 * each step is a function of what the one before it returned, so a new output format is one
 * more renderer in report.ts.
 */
import { Deadline, loadOpenApi, type LoadOptions, type OpenApiDocument } from '../contract/openapi';
import { applyAccepted, type AcceptedChanges } from './accepted';
import { judge, type PactUse, type Scope } from './consumer';
import { finding, LEVELS, type Finding, type Level } from './findings';
import { diffOperations } from './operation-diff';
import { diffHtml } from './html';
import { findingJson, findingLines, githubAnnotations, summaryLine, type Located } from './report';

export type Format = 'text' | 'json' | 'github' | 'html';

/** Both documents, read under one time bound. */
export async function load(
  oldLocation: string,
  newLocation: string,
  options: { old: LoadOptions; new: LoadOptions; deadline: Deadline },
): Promise<{ before: OpenApiDocument; after: OpenApiDocument }> {
  const before = await loadOpenApi(oldLocation, { ...options.old, deadline: options.deadline });
  const after = await loadOpenApi(newLocation, { ...options.new, deadline: options.deadline });
  return { before, after };
}

/** Every finding between the two documents, with what each document itself is found to lack. */
export function compare(
  before: OpenApiDocument,
  after: OpenApiDocument,
  options: { deadline: Deadline; today: string },
): Finding[] {
  return [
    ...documentFindings(before, 'old'),
    ...documentFindings(after, 'new'),
    ...diffOperations(
      { root: before.document, version: before.version },
      { root: after.document, version: after.version },
      options,
    ),
  ];
}

function documentFindings(document: OpenApiDocument, which: 'old' | 'new'): Finding[] {
  return document.problems.map((problem) =>
    finding(problem.level === 'info' ? 'document-ref-stands-for-map' : 'document-invalid', {
      where: `${which} document ${document.label}${problem.line ? `, line ${problem.line}` : ''}`,
      pointer: problem.pointer,
      ...(which === 'new' ? { documentPointer: problem.pointer } : {}),
      message: problem.problem,
    }),
  );
}

export interface Judgement {
  uses: PactUse[];
  scope: Scope;
  accepted?: AcceptedChanges;
  failOn: Level;
  today: string;
}

/** Who each finding touches, what the team accepted, and which findings fail the run. */
export function judgeFindings(findings: Finding[], judgement: Judgement): Finding[] {
  const rank = (level: Level) => LEVELS.indexOf(level);
  return applyAccepted(judge(findings, judgement.uses), judgement.accepted, judgement.today).map((f) => ({
    ...f,
    blocking:
      f.accepted === undefined &&
      rank(f.level) <= rank(judgement.failOn) &&
      (judgement.scope === 'all' || f.touchesPacts === true || f.level !== 'breaking'),
  }));
}

/** The findings in the format asked for: a pure function of the findings and where they are. */
export function render(
  findings: Finding[],
  format: Format,
  meta: { oldLabel: string; newLabel: string; scope: Scope; locate: (f: Finding) => Located },
): string[] {
  if (format === 'json') return [findingJson(findings, meta.oldLabel, meta.newLabel, meta.scope)];
  if (format === 'html') return [diffHtml(findings, meta.oldLabel, meta.newLabel, meta.scope)];
  const summary = summaryLine(findings, meta.oldLabel, meta.newLabel);
  if (format === 'github') return [...githubAnnotations(findings, meta.locate), summary];
  return [...findingLines(findings), summary];
}
