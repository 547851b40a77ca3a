import { safeText } from '../../shared/safe-text';

/** One test case: a check and how it ended. */
interface JunitCase {
  /** The check's stable id, kept as the case's `check.id` property (names may be reworded, ids are not). */
  id?: string;
  className: string;
  name: string;
  seconds: number;
  status: 'passed' | 'failed' | 'error' | 'skipped';
  /** One line: why it failed, errored or was skipped. */
  message?: string;
  /** The detail (expected, actual, server text); may span lines. */
  text?: string;
}

/** A run: suites of cases, as JUnit XML readers (CI test panels) expect them. */
export interface JunitRun {
  name: string;
  suites: { name: string; cases: JunitCase[] }[];
}

/**
 * JUnit XML that is well-formed whatever the text holds. Our own writer, not
 * junit-report-builder: it bundles xmlbuilder 15, whose CDATA writer escapes
 * only the first `]]>`; xmlbuilder2 refuses such CDATA outright and writes
 * control characters raw. Here no CDATA is used at all: text and attributes
 * are entity-escaped, every character XML 1.0 forbids (most C0, lone
 * surrogates, U+FFFE/U+FFFF) is shown as a visible `\u0001`-style escape, and
 * server text is made safe for a CI log like every other output (safeText).
 */
export function junitXml(run: JunitRun): string {
  const all = run.suites.flatMap((suite) => suite.cases);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: run.name, ...tally(all) })}>`,
  ];
  for (const suite of run.suites) {
    lines.push(`  <testsuite${attributes({ name: suite.name, ...tally(suite.cases) })}>`);
    for (const testCase of suite.cases) lines.push(...caseLines(testCase));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

const OUTCOME = {
  failed: { element: 'failure', type: 'ContractBroken' },
  error: { element: 'error', type: 'ProviderUnavailable' },
  skipped: { element: 'skipped', type: undefined },
} as const;

function caseLines(testCase: JunitCase): string[] {
  const open = `    <testcase${attributes({
    classname: testCase.className,
    name: testCase.name,
    time: seconds(testCase.seconds),
  })}`;
  const body: string[] = [];
  if (testCase.status !== 'passed') {
    const { element, type } = OUTCOME[testCase.status];
    const attrs = attributes({ message: testCase.message, type });
    body.push(
      testCase.text === undefined
        ? `      <${element}${attrs}/>`
        : `      <${element}${attrs}>${escapeText(testCase.text)}</${element}>`,
    );
  } else if (testCase.text !== undefined) {
    body.push(`      <system-out>${escapeText(testCase.text)}</system-out>`);
  }
  // After the outcome, so a reader that looks for <failure> first finds it first.
  if (testCase.id !== undefined) {
    body.push(
      '      <properties>',
      `        <property${attributes({ name: 'check.id', value: testCase.id })}/>`,
      '      </properties>',
    );
  }
  return body.length === 0 ? [`${open}/>`] : [`${open}>`, ...body, '    </testcase>'];
}

function tally(cases: JunitCase[]): Record<string, string> {
  const count = (status: JunitCase['status']) => String(cases.filter((c) => c.status === status).length);
  return {
    tests: String(cases.length),
    failures: count('failed'),
    errors: count('error'),
    skipped: count('skipped'),
    time: seconds(cases.reduce((sum, c) => sum + c.seconds, 0)),
  };
}

function seconds(value: number): string {
  return Number.isFinite(value) && value >= 0 ? value.toFixed(3) : '0.000';
}

function attributes(values: Record<string, string | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('');
}

// Characters XML 1.0 allows are tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD and U+10000 up.
const XML_FORBIDDEN = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

function xmlSafe(text: string): string {
  return safeText(text).replace(
    XML_FORBIDDEN,
    (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}

/** Element text: `>` too, so `]]>` can never appear. */
function escapeText(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values: quotes, and line breaks and tabs as references, so a parser keeps them as they were. */
function escapeAttribute(text: string): string {
  return escapeText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}
