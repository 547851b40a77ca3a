import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inputVariable } from '../action/inputs';
import { runAction } from '../action/run-action';
import { runCli } from './run-cli';

/** What one simulated step left behind: its exit code, log lines, outputs and step summary. */
export interface ActionStep {
  code: number;
  log: string[];
  /** The log lines that are annotations, as `level title: message` (message unescaped). */
  annotations: string[];
  outputs: Record<string, string>;
  summary: string;
  reportDir: string;
}

/**
 * Runs the action's step as the runner would, with a simulated environment:
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY as fresh files, each input as its
 * INPUT_ variable, and the CLI run in this process (sharing the file's Pact process).
 */
export async function runActionStep(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<ActionStep> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'action-step-'));
  const files = { GITHUB_OUTPUT: path.join(dir, 'output'), GITHUB_STEP_SUMMARY: path.join(dir, 'summary') };
  for (const file of Object.values(files)) fs.writeFileSync(file, '');
  const reportDir = inputs['report-dir'] ?? path.join(dir, 'reports');
  const stepEnv: NodeJS.ProcessEnv = {
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'acme/app',
    ...files,
    ...env,
    ...Object.fromEntries(
      Object.entries({ 'report-dir': reportDir, ...inputs }).map(([k, v]) => [inputVariable(k), v]),
    ),
  };
  const log: string[] = [];
  const code = await runAction({
    env: stepEnv,
    log: (line) => log.push(line),
    runCli: async (args) => (await runCli(args, stepEnv)).code,
  });
  return {
    code,
    log,
    annotations: log.filter((line) => line.startsWith('::')).map(readAnnotation),
    outputs: readOutputs(fs.readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    summary: fs.readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    reportDir,
  };
}

const unescape = (text: string) =>
  text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');

/** `::warning title=NOT verified::message` → `warning NOT verified: message`, as the runner shows it. */
function readAnnotation(line: string): string {
  const [, level, title, message] = /^::(\w+) title=([^:]*)::(.*)$/.exec(line) ?? [];
  return `${level} ${unescape(title ?? '')}: ${unescape(message ?? line)}`;
}

/** The outputs in a $GITHUB_OUTPUT file, read as the runner reads them (`name<<DELIMITER` blocks, or `name=value`). */
export function readOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const block = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (block) {
      const end = lines.indexOf(block[2], i + 1);
      outputs[block[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=');
      outputs[lines[i].slice(0, at)] = lines[i].slice(at + 1);
    }
  }
  return outputs;
}
