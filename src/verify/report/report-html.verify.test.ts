/**
 * report.html opened in real headless Chromium (Debian's package): the verdict
 * and a failed check are visible, and a hostile server's markup in a name is
 * shown as text and never runs, with the page's policy and without it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../test-support/chromium';
import { runCli } from '../../test-support/run-cli';
import { isInteraction, startTamperingProvider, type TamperingProvider } from '../../test-support/tampering-provider';

// If any of it ran, the page's title changes and an element with this id appears.
const HOSTILE_NAME =
  "<script>document.title='pwned';document.body.append(Object.assign(document.createElement('b'),{id:'pwned'}))" +
  '</script><img src=x onerror="document.title=\'pwned\'">';

let browser: Browser;
let provider: TamperingProvider;
let reportHtml: string;

beforeAll(async () => {
  browser = await launchChromium();
  provider = await startTamperingProvider((p) => {
    if (isInteraction(p) && p.method === 'POST') p.body.name = HOSTILE_NAME;
  });
  const run = await runCli(['verify', '--base-url', provider.url, '--checks', 'behaviour', '--samples', '0']);
  expect(run.code).toBe(1);
  reportHtml = path.join(run.reportDir, 'report.html');
  expect(run.stdout).toContain(reportHtml);
});

afterAll(async () => {
  await browser?.close();
  await provider?.close();
});

/** A page that records every request it makes besides the report itself. */
async function openPage(): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const requests: string[] = [];
  page.on('request', (request) => {
    if (request.url() !== `file://${reportHtml}`) requests.push(request.url());
  });
  return { page, requests };
}

it('shows the verdict and the failed check, with the hostile name as text that never runs', async () => {
  const { page, requests } = await openPage();
  await page.goto(`file://${reportHtml}`);

  await expectVisible(page.locator('#verdict'), 'The contract is broken');
  const failed = page.locator('tr', { hasText: 'behaviour › the name sent is the name returned' });
  await expectVisible(failed, 'FAILED');
  // The server's markup is on the page as the characters it sent.
  await expectVisible(failed.locator('pre', { hasText: "<script>document.title='pwned'" }).first());
  await expectVisible(page.locator('#restore'), 'name');

  expect(await page.title()).toBe('Contract verification');
  expect(await page.locator('#pwned').count()).toBe(0);
  expect(await page.locator('script, img').count()).toBe(0);
  expect(requests).toEqual([]);

  const screenshot = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'report-html-')), 'report.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  expect(fs.statSync(screenshot).size).toBeGreaterThan(10_000);
  await page.close();
});

it('keeps the hostile name inert by escaping alone, with the Content-Security-Policy taken out', async () => {
  const withoutPolicy = fs
    .readFileSync(reportHtml, 'utf8')
    .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
  expect(withoutPolicy).not.toContain('Content-Security-Policy');
  const { page } = await openPage();
  await page.setContent(withoutPolicy);
  expect(await page.title()).toBe('Contract verification');
  expect(await page.locator('#pwned').count()).toBe(0);
  expect(await page.locator('script, img').count()).toBe(0);

  // The same markup unescaped does run in this browser: the assertions above can fail.
  await page.setContent(`<title>Contract verification</title><body>${HOSTILE_NAME}</body>`);
  await page.waitForFunction("document.title === 'pwned'");
  expect(await page.locator('#pwned').count()).toBe(1);
  await page.close();
});

async function expectVisible(locator: ReturnType<Page['locator']>, text?: string): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: 5_000 });
  expect(await locator.first().isVisible()).toBe(true);
  if (text) expect(await locator.first().innerText()).toContain(text);
}
