import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONTRACTS_DIR } from '../pacticipants';
import { runCli } from '../test-support/run-cli';

const HOSTILE = '<img src=x onerror=alert(1)>';
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-html-'));
  for (const side of ['before', 'after']) fs.cpSync(CONTRACTS_DIR, path.join(dir, side), { recursive: true });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function editInteraction(side: string, edit: (schema: Record<string, any>) => void): void {
  const file = path.join(dir, side, 'schemas', 'Interaction.schema.json');
  const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(schema);
  fs.writeFileSync(file, JSON.stringify(schema));
}

describe('diff --format html', () => {
  it('writes one self-contained page with the verdict and every finding, the documents’ text escaped', async () => {
    editInteraction('before', (s) => (s.properties[HOSTILE] = { type: 'string' }));
    editInteraction('after', (s) => (s.properties.total_message_count.type = 'number'));
    const run = await runCli(['diff', path.join(dir, 'before'), path.join(dir, 'after'), '--format', 'html']);
    expect(run.code).toBe(1);
    const page = run.stdout.replace(/\s+/g, ' ');
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;');
    expect(page).toMatch(
      /<section class="verdict bad" id="verdict"> <p><span class="badge bad">breaking<\/span> \d+ breaking/,
    );
    expect(page).toContain('<code>response-property-type-changed</code>');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toMatch(/<(script|img|link|iframe)\b|<[a-z]+[^>]*\s(src|href)=/i);
  });

  it('says there is no breaking change when there is none', async () => {
    const run = await runCli(['diff', path.join(dir, 'before'), path.join(dir, 'after'), '--format', 'html']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('<p><span class="badge good">compatible</span> No breaking changes</p>');
    expect(run.stdout).toContain('No changes between');
  });
});
