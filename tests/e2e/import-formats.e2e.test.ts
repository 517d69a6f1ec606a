// Every format is read in the import worker, not in the options page (issue #15: a zip bomb must
// not freeze the page): EPUB, DOCX and PDF files picked in the built extension are imported with
// their title and author, the page itself never loads mammoth or pdf.js,
// and a file the reader refuses shows the reader's own message.
import fs from 'node:fs';
import path from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIXTURE_AUTHOR,
  FIXTURE_TITLE,
  FIRST_PARAGRAPH,
} from '../unit/library/import/read-fixture';
import { launch, ROOT, sendFromPage, type Harness } from './harness';
import { openOptionsPage } from './import-library';

const FIXTURES = path.join(ROOT, 'tests/fixtures/import');

const fixture = (file: string, name = file) => ({
  name,
  mimeType: 'application/octet-stream',
  buffer: fs.readFileSync(path.join(FIXTURES, file)),
});

/**
 * Collects the scripts the page's own thread parses (from the Debugger domain of its CDP session;
 * a worker's scripts are parsed in the worker's target, not here), as file names.
 */
async function watchPageScripts(h: Harness, page: Page): Promise<string[]> {
  const session = await h.context.newCDPSession(page);
  const names: string[] = [];
  session.on('Debugger.scriptParsed', ({ url }) => names.push(url.split('/').pop() ?? ''));
  await session.send('Debugger.enable');
  return names;
}

describe('every format is read in the import worker', () => {
  let h: Harness;
  let page: Page;
  const workers: Worker[] = [];

  beforeAll(async () => {
    h = await launch(() => undefined);
    page = await openOptionsPage(h);
    page.on('worker', (worker) => workers.push(worker));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('imports EPUB, DOCX and PDF with their title and author, reading none of them in the page', async () => {
    const scripts = await watchPageScripts(h, page);
    await page
      .locator('input[type=file][multiple]')
      .setInputFiles([
        fixture('sample.epub'),
        fixture('sample.docx'),
        fixture('sample.pdf'),
        fixture('pdf-renamed.docx', 'manuscript.docx'),
      ]);
    const results = page.locator('.recital-results__list li');
    await expect.poll(() => results.count(), { timeout: 60_000 }).toBe(4);
    expect(
      await results.evaluateAll((items) => items.map((li) => li.getAttribute('data-status'))),
    ).toEqual(['imported', 'imported', 'imported', 'failed']);
    // The reader's own sentence, as the page showed it when it read the file itself.
    expect(await results.last().innerText()).toMatch(/really a PDF/);

    const rows = page.getByRole('row', { name: /Glassblower/ });
    await expect.poll(() => rows.count()).toBe(3);
    for (const row of await rows.all()) expect(await row.textContent()).toContain(FIXTURE_AUTHOR);
    // The PDF's /Title has a straight apostrophe.
    const titles = await page
      .locator('.recital-table tbody th[scope=row] > span')
      .allTextContents();
    expect(titles.sort()).toEqual([FIXTURE_TITLE.replace('’', "'"), FIXTURE_TITLE, FIXTURE_TITLE]);

    // Mammoth and pdf.js are lazy chunks the page would load to read a DOCX or a PDF itself.
    expect(scripts.some((name) => name.startsWith('index.html-'))).toBe(true);
    expect(scripts.filter((name) => /^(?:lib|pdf)-.*\.js$/.test(name))).toEqual([]);
    expect(workers.length).toBeGreaterThan(0);

    // The text the worker read is what the background matches.
    expect((await sendFromPage<{ ok: boolean }>(page, 'libraryChanged', {})).ok).toBe(true);
    const answer = await sendFromPage<{ ok: boolean; value?: { spans: unknown[] } }>(
      page,
      'checkText',
      { text: `The book says: ${FIRST_PARAGRAPH}` },
    );
    expect(answer.value?.spans.length).toBeGreaterThan(0);
  }, 120_000);
});
