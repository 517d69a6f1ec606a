// The evidence report in Debian's Chromium, opened from disk with the network cut: it loads
// nothing, breaks no CSP rule, passes axe, filters with its own script, prints every reply, and
// reads the same with JavaScript off. Also writes the README's screenshot.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAuditReport } from '../../src/cli/audit-report/write-audit-report';
import { HOSTILE, REPLIES, RUN, sourceText } from '../fixtures/audit-report/audit-run';
import { ROOT } from './harness';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';

let dir: string;
let reportUrl: string;
let browser: Browser;
/** Every request any page made that was not the report file itself. */
const stray: string[] = [];

async function openReport(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context: BrowserContext = await browser.newContext({
    viewport: { width: 1000, height: 1400 },
    ...options,
  });
  await context.setOffline(true);
  await context.route('**/*', (route) => {
    if (route.request().url() === reportUrl) return route.continue();
    stray.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  page.on('request', (req) => {
    if (req.url() !== reportUrl) stray.push(req.url());
  });
  // Runs before the page's own script, outside its CSP: records what the policy blocked.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(reportUrl);
  return page;
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
}

const visibleReplies = (page: Page) =>
  page.locator('article.recital-reply:visible').evaluateAll((els) => els.map((e) => e.id));

describe('the evidence report in Chromium, offline', () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-report-e2e-'));
    await writeAuditReport(dir, RUN, REPLIES, sourceText);
    reportUrl = `file://${path.join(dir, 'report.html')}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loads nothing, breaks no CSP rule, runs its script and passes axe', async () => {
    const page = await openReport();
    await expect
      .poll(() => page.locator('#recital-count').textContent())
      .toBe('Showing 3 of 3 flagged replies.');
    expect(
      await page.evaluate(
        () => (globalThis as unknown as { cspViolations: string[] }).cspViolations,
      ),
    ).toEqual([]);
    // The hostile reply is shown as its text, and no script of it ran or exists.
    await expect.poll(() => page.getByText(HOSTILE.slice(0, 60)).count()).toBe(1);
    expect(await page.evaluate(() => document.scripts.length)).toBe(1);
    expect(await page.locator('img').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(stray).toEqual([]);
    fs.mkdirSync(path.join(ROOT, 'docs/screenshots'), { recursive: true });
    await page.screenshot({ path: path.join(ROOT, 'docs/screenshots/audit-report.png') });
    await page
      .locator('#reply-3')
      .screenshot({ path: path.join(ROOT, 'docs/screenshots/audit-report-reply.png') });
    await page.context().close();
  });

  it('filters the flagged replies by search, kind and work, and prints them all', async () => {
    const page = await openReport();
    const search = page.getByLabel('Search replies');
    await expect.poll(() => visibleReplies(page)).toEqual(['reply-1', 'reply-3', 'reply-4']);
    await search.fill('COST of  bread');
    await expect.poll(() => visibleReplies(page)).toEqual(['reply-3']);
    await search.fill('');
    await page.getByLabel('Kind of copy').selectOption('exact');
    await expect.poll(() => visibleReplies(page)).toEqual(['reply-1', 'reply-3', 'reply-4']);
    await page.getByLabel('Work', { exact: true }).selectOption({ label: 'The Ledger' });
    await expect.poll(() => visibleReplies(page)).toEqual(['reply-3', 'reply-4']);
    await page.getByLabel('Kind of copy').selectOption('near');
    await expect.poll(() => visibleReplies(page)).toEqual(['reply-3']);
    expect(await page.locator('#recital-count').textContent()).toBe(
      'Showing 1 of 3 flagged replies.',
    );
    await search.fill('no reply says this');
    await expect.poll(() => visibleReplies(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    // Printed evidence is whole: the filters and their hiding do not apply on paper.
    await page.emulateMedia({ media: 'print' });
    await expect.poll(() => visibleReplies(page)).toEqual(['reply-1', 'reply-3', 'reply-4']);
    expect(await page.locator('#recital-filters').isVisible()).toBe(false);
    expect(stray).toEqual([]);
    await page.context().close();
  });

  it('shows every flagged reply with JavaScript off, without the filter controls', async () => {
    const page = await openReport({ javaScriptEnabled: false });
    expect(await visibleReplies(page)).toEqual(['reply-1', 'reply-3', 'reply-4']);
    expect(await page.locator('#recital-filters').isVisible()).toBe(false);
    expect(await page.locator('del').filter({ hasText: 'night' }).count()).toBe(1);
    expect(stray).toEqual([]);
    await page.context().close();
  });
});
