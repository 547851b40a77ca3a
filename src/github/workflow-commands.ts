/**
 * The GitHub Actions runner's protocol, as its documentation gives it: an
 * annotation is one stdout line `::error title=T::message`, with `%`, CR and
 * LF escaped (and `:` and `,` in properties); a step output is a block in the
 * file $GITHUB_OUTPUT, between delimiters that the value cannot contain.
 *
 * Written here rather than taken from @actions/core: its current major is an
 * ES module only (this suite is CommonJS), and the protocol is these few lines.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';

export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** GitHub's workflow commands: a value is escaped as the runner expects, a property a little more. */
export const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
export const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** One annotation line: the runner shows it on the run's page (and a warning or an error beside the step). */
export function annotation(level: AnnotationLevel, title: string, message: string): string {
  return `::${level} title=${escapeProperty(title)}::${escapeData(message)}`;
}

/** Adds one step output to the $GITHUB_OUTPUT file, as a delimited block that holds any value. */
export function appendOutput(file: string, name: string, value: string): void {
  let delimiter = `ghadelimiter_${randomUUID()}`;
  while (value.includes(delimiter)) delimiter = `ghadelimiter_${randomUUID()}`;
  fs.appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}
