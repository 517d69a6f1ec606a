// Hostile files through the options page's real file input, in the built extension: zip bombs
// are refused with the "unpacks to more than N MB" message and cost the library nothing, and a
// file made to trip a quadratic parser imports, then scans after a cold wake. How long each
// takes, and the tab's memory, are figures of `npm run bench -- --only hostile`, not asserted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bombEntries, docxFrame, epubFrame, rawZip } from '../reliability/make-packages';
import { launch, sendFromPage, type Harness } from './harness';
import { importDocuments, openOptionsPage } from './import-library';

const MB = 1024 * 1024;
const GB = 1024 * MB;

const KEPT = {
  title: 'The Weir at Hollin Ford',
  text:
    'The weir at Hollin Ford was built of grey stone by men who never saw it finished, and the ' +
    'water that went over it in winter sang a note the millers said could be heard in three ' +
    'parishes when the wind lay in the east and the lanterns were lit along the towpath.',
};

const chapters = Array.from({ length: 8 }, (_, i) => `OEBPS/c${i}.xhtml`);

/** The cases: a file name, its bytes, and the message the page must show for it. */
const BOMBS: ReadonlyArray<[string, () => Buffer, RegExp]> = [
  [
    'chapters.epub',
    // 8 chapters that each declare 1 GB: refused from the declared sizes.
    () => Buffer.from(rawZip([...epubFrame(8), ...bombEntries(chapters, MB, GB)])),
    /unpacks to more than \d+ MB/,
  ],
  [
    'lying.epub',
    // One chapter that declares 1 KB and inflates to 300 MB: refused while inflating.
    () =>
      Buffer.from(rawZip([...epubFrame(1), ...bombEntries(chapters.slice(0, 1), 300 * MB, 1000)])),
    /unpacks to more than \d+ MB/,
  ],
  [
    'report.docx',
    () =>
      Buffer.from(rawZip([...docxFrame(), ...bombEntries(['word/document.xml'], 300 * MB, 1000)])),
    /unpacks to more than \d+ MB/,
  ],
];

async function listedTitles(page: Page): Promise<string[]> {
  return page.locator('.recital-table tbody th[scope=row] > span').allTextContents();
}

/** Imports one file on the page and waits for its result line; returns status and text. */
async function importOne(
  page: Page,
  file: { name: string; mimeType: string; buffer: Buffer },
): Promise<{ status: string | null; text: string }> {
  // A fresh page: the results list shows one batch, so the new file's line is its only one.
  await page.reload();
  await page.getByText('Loading your library…').waitFor({ state: 'detached' });
  const results = page.locator('.recital-results__list li');
  await page.locator('input[type=file][multiple]').setInputFiles([file]);
  await expect.poll(() => results.count(), { timeout: 60_000 }).toBeGreaterThan(0);
  const item = results.last();
  return { status: await item.getAttribute('data-status'), text: await item.innerText() };
}

describe('hostile files in the options page', () => {
  let h: Harness;
  let page: Page;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-hostile-'));

  beforeAll(async () => {
    h = await launch(() => undefined);
    await importDocuments(h, [KEPT]);
    page = await openOptionsPage(h);
  });
  afterAll(async () => {
    await h?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it.each(BOMBS)(
    'refuses the zip bomb %s with a size message and keeps the library as it was',
    async (name, make, message) => {
      const result = await importOne(page, {
        name,
        mimeType: 'application/octet-stream',
        buffer: make(),
      });
      expect(result.status).toBe('failed');
      expect(result.text).toMatch(message);
      await page.reload();
      await page.getByText('Loading your library…').waitFor({ state: 'detached' });
      expect(await listedTitles(page)).toEqual([KEPT.title]);
    },
    120_000,
  );

  it.each([
    [
      '100,000 nested <div>s',
      `<title>deep</title>${'<div>'.repeat(100_000)}deep${'</div>'.repeat(100_000)}`,
    ],
    ['120,000 unclosed <b><i>', `<title>unclosed</title>${'<b><i>x '.repeat(120_000)}`],
  ])(
    'imports 1 MB of HTML with %s (the page parser took minutes on it)',
    async (_case, html) => {
      const result = await importOne(page, {
        name: 'deep.html',
        mimeType: 'text/html',
        buffer: Buffer.from(html),
      });
      expect(result.status).toBe('imported');
    },
    120_000,
  );

  it('imports a Markdown file built to trip a quadratic parser, then finds a copy in it after a cold wake', async () => {
    // The first line is "# a", 250,000 spaces and "x"; the paragraph below it is the copy.
    const copy =
      'Nobody in the valley remembered who first kept bees on the south slope, but every ' +
      'family claimed the honey had once been paid as rent to a bishop who never came.';
    const body = `# a${' '.repeat(250_000)}x\n\n${copy}\n`;
    const result = await importOne(page, {
      name: 'spaces.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from(body),
    });
    expect(result.status).toBe('imported');
    const changed = await sendFromPage<{ ok: boolean }>(page, 'libraryChanged', {});
    expect(changed.ok).toBe(true);
    await h.stopServiceWorker();
    const checker = await h.openExtensionPage('src/popup/index.html');
    const scanned = await sendFromPage<{ ok: boolean; value?: { spans: unknown[] } }>(
      checker,
      'checkText',
      { text: `As the book says: ${copy}` },
    );
    expect(scanned.ok).toBe(true);
    expect(scanned.value?.spans.length).toBeGreaterThan(0);
    await checker.close();
  }, 120_000);
});
