// The options page as a user drives it: the real file inputs, the real store in the built
// extension, a reload to prove persistence, and a second profile to prove a backup restores.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, ROOT, sendFromPage, type Harness } from './harness';

const FIXTURES = path.join(ROOT, 'tests/fixtures/library-import');
const OPTIONS = 'src/options/index.html';
const SAMPLE_TITLES = [
  'The Salt Keeper of Orrin Bay',
  'Notes on Keeping a Ledger of Small Things',
  'The Lighthouse Clockwork',
];
const IMPORTED_TITLES = [
  'The Quiet Orchard',
  'Notes on Winter Bread',
  'A Field Guide to Paper Boats',
  'Letters from the Harbour Office',
];

function fixture(name: string): { name: string; mimeType: string; buffer: Buffer } {
  const mimeType = name.endsWith('.html')
    ? 'text/html'
    : name.endsWith('.md')
      ? 'text/markdown'
      : 'text/plain';
  return { name, mimeType, buffer: fs.readFileSync(path.join(FIXTURES, name)) };
}

async function listedTitles(page: Page): Promise<string[]> {
  return page.locator('.recital-table tbody th[scope=row] > span').allTextContents();
}

async function waitForLibrary(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Library', exact: true }).waitFor();
  await page.getByText('Loading your library…').waitFor({ state: 'detached' });
}

async function openOptions(h: Harness): Promise<Page> {
  const page = await h.openExtensionPage(OPTIONS);
  await waitForLibrary(page);
  return page;
}

describe('the options page manages the library', () => {
  let h: Harness;
  let page: Page;
  let backupPath: string;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-options-'));

  beforeAll(async () => {
    h = await launch(() => undefined);
    page = await openOptions(h);
  });
  afterAll(async () => {
    await h?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('offers the sample library when empty, and adding it lists the samples', async () => {
    await expect.poll(() => page.getByText('Your library is empty').count()).toBe(1);
    await expect.poll(() => page.getByText(/Add the texts you want to protect/).count()).toBe(1);
    await page.getByRole('button', { name: 'Add the sample library' }).click();
    await expect.poll(() => listedTitles(page)).toHaveLength(3);
    expect((await listedTitles(page)).sort()).toEqual([...SAMPLE_TITLES].sort());
    await expect.poll(() => page.getByText('3 documents protected').count()).toBe(1);
  });

  it('imports a batch of files one by one, listing each and reporting the bad and duplicate ones alone', async () => {
    const binary = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 37 + 11) % 256));
    await page
      .locator('input[type=file][multiple]')
      .setInputFiles([
        fixture('The_Quiet_Orchard.txt'),
        fixture('Notes_on_Winter_Bread.txt'),
        { name: 'cover-photo.txt', mimeType: 'text/plain', buffer: binary },
        fixture('a-field-guide-to-paper-boats.md'),
        fixture('letters-from-the-harbour-office.html'),
        { ...fixture('The_Quiet_Orchard.txt'), name: 'orchard-copy.txt' },
      ]);
    const results = page.locator('.recital-results__list li');
    await expect.poll(() => results.count(), { timeout: 20_000 }).toBe(6);
    expect(
      await results.evaluateAll((items) => items.map((li) => li.getAttribute('data-status'))),
    ).toEqual(['imported', 'imported', 'failed', 'imported', 'imported', 'duplicate']);
    const failed = page.locator('.recital-result--failed');
    expect(await failed.textContent()).toContain('cover-photo.txt');
    expect(await failed.textContent()).toMatch(/does not contain readable text/);
    expect(await page.locator('.recital-result--duplicate').textContent()).toContain(
      'Already in your library',
    );
    await expect
      .poll(() => page.locator('.recital-progress__status').textContent())
      .toBe(
        'Imported 4 documents. 1 file was already in your library. 1 file could not be imported.',
      );
    // The outcome takes focus where the import started, not somewhere mid-page (in an effect
    // after the summary's render, so a moment after its text shows).
    await expect
      .poll(() =>
        page.evaluate(() => document.activeElement?.classList.contains('recital-import-outcome')),
      )
      .toBe(true);

    await expect.poll(async () => (await listedTitles(page)).length).toBe(7);
    expect(await listedTitles(page)).toEqual(
      expect.arrayContaining([...IMPORTED_TITLES, ...SAMPLE_TITLES]),
    );
    const boats = page.getByRole('row', { name: /A Field Guide to Paper Boats/ });
    expect(await boats.textContent()).toContain('Mirela Oduya');
    fs.mkdirSync(path.join(ROOT, 'docs/screenshots'), { recursive: true });
    await page.screenshot({
      path: path.join(ROOT, 'docs/screenshots/options.png'),
      fullPage: true,
    });
  });

  it('imports files dropped on the drop zone', async () => {
    const dataTransfer = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(
        new File(
          [
            'A dropped page about the tides, the gulls and the keeper who counted both every morning before breakfast.',
          ],
          'Dropped_Tides.txt',
          { type: 'text/plain' },
        ),
      );
      return dt;
    });
    const zone = page.locator('.recital-dropzone');
    await zone.dispatchEvent('dragenter', { dataTransfer });
    expect(await zone.getAttribute('class')).toContain('recital-dropzone--over');
    await zone.dispatchEvent('drop', { dataTransfer });
    await expect.poll(() => listedTitles(page)).toContain('Dropped Tides');
    await expect.poll(() => page.locator('.recital-results__list li').count()).toBe(1);
    await page.getByRole('button', { name: 'Delete “Dropped Tides”' }).click();
    await expect.poll(async () => (await listedTitles(page)).length).toBe(7);
  });

  it('tells the background, whose index then finds a sentence of an imported file', async () => {
    const sentence =
      'Tomas walked between the rows with a ladder on his shoulder, counting the trees he could still save and the ones he would have to let go.';
    // The "Check selected text" page's message: the background's index answers it.
    const reply = await sendFromPage<{
      ok: boolean;
      value?: { spans: { source: { title: string } | null }[] };
    }>(page, 'checkText', { text: `Sure! Here it is: ${sentence}` });
    expect(reply.ok).toBe(true);
    expect(reply.value?.spans.length).toBeGreaterThan(0);
    expect(reply.value?.spans[0]?.source?.title).toBe('The Quiet Orchard');
  });

  it('narrows the list with a fuzzy search over title, author and tags', async () => {
    const search = page.getByLabel('Search by title, author or tag');
    await search.fill('harbor');
    await expect.poll(() => listedTitles(page)).toEqual(['Letters from the Harbour Office']);
    await search.fill('Oduya');
    await expect.poll(() => listedTitles(page)).toEqual(['A Field Guide to Paper Boats']);
    await search.fill('poetry');
    await expect.poll(() => listedTitles(page)).toEqual(['The Lighthouse Clockwork']);
    await search.fill('zzzzqqq');
    await expect.poll(() => page.getByText('No documents match “zzzzqqq”.').count()).toBe(1);
    await page.getByRole('button', { name: 'Clear search' }).click();
    await expect.poll(async () => (await listedTitles(page)).length).toBe(7);
  });

  it('edits a title, and the new title is still there after a reload', async () => {
    await page.getByRole('button', { name: 'Edit “Notes on Winter Bread”' }).click();
    const title = page.getByLabel('Title', { exact: true });
    await expect.poll(() => title.evaluate((el) => el === document.activeElement)).toBe(true);
    await title.fill('Winter Bread, a Memoir');
    await page.getByLabel('Tags (separate with commas)').fill('memoir, food');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => listedTitles(page)).toContain('Winter Bread, a Memoir');
    await page.reload();
    await waitForLibrary(page);
    await expect.poll(() => listedTitles(page)).toContain('Winter Bread, a Memoir');
    expect(await listedTitles(page)).not.toContain('Notes on Winter Bread');
    expect(await page.getByRole('row', { name: /Winter Bread, a Memoir/ }).textContent()).toContain(
      'memoir',
    );
  });

  it('cancelling an edit with Escape changes nothing', async () => {
    await page.getByRole('button', { name: 'Edit “The Quiet Orchard”' }).click();
    await page.getByLabel('Title', { exact: true }).fill('Something else');
    await page.keyboard.press('Escape');
    await expect.poll(() => listedTitles(page)).toContain('The Quiet Orchard');
    expect(await listedTitles(page)).not.toContain('Something else');
  });

  it('deletes a document with an Undo that brings it back', async () => {
    await page.getByRole('button', { name: 'Delete “The Quiet Orchard”' }).click();
    await expect.poll(() => listedTitles(page)).not.toContain('The Quiet Orchard');
    await expect
      .poll(() => page.locator('.recital-toast').textContent())
      .toContain('Deleted “The Quiet Orchard”.');
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => listedTitles(page)).toContain('The Quiet Orchard');
    await page.reload();
    await waitForLibrary(page);
    await expect.poll(async () => (await listedTitles(page)).length).toBe(7);
  });

  it('exports the library to one file', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export library' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^recital-library-\d{4}-\d{2}-\d{2}\.zip$/);
    backupPath = path.join(tmp, download.suggestedFilename());
    await download.saveAs(backupPath);
    expect(fs.statSync(backupPath).size).toBeGreaterThan(500);
  });

  it('restores the backup into a fresh profile with the same documents', async () => {
    const before = (await listedTitles(page)).sort();
    const fresh = await launch(() => undefined);
    try {
      const freshPage = await openOptions(fresh);
      await expect.poll(() => freshPage.getByText('Your library is empty').count()).toBe(1);
      // A restore shows what it would add first, and writes when told to.
      const restore = freshPage
        .locator('.recital-restore')
        .getByRole('button', { name: /^Restore/ });
      await freshPage.locator('input[type=file][accept*=zip]').setInputFiles(backupPath);
      await expect.poll(() => freshPage.getByText('7 documents to add').count()).toBe(1);
      await restore.click();
      await expect.poll(() => freshPage.getByText('Restored 7 documents.').count()).toBe(1);
      await expect.poll(async () => (await listedTitles(freshPage)).sort()).toEqual(before);
      expect(
        await freshPage.getByRole('row', { name: /Winter Bread, a Memoir/ }).textContent(),
      ).toContain('memoir');

      await freshPage.locator('input[type=file][accept*=zip]').setInputFiles(backupPath);
      await restore.click();
      await expect
        .poll(() =>
          freshPage
            .getByText('7 documents were already in your library, so they were left as they are.')
            .count(),
        )
        .toBe(1);
      expect(await listedTitles(freshPage)).toHaveLength(7);

      await freshPage
        .locator('input[type=file][accept*=zip]')
        .setInputFiles(path.join(FIXTURES, 'The_Quiet_Orchard.txt'));
      await expect
        .poll(() => freshPage.locator('.recital-backup .recital-notice--error').count())
        .toBe(1);
    } finally {
      await fresh.close();
    }
    expect(h.strayRequests).toEqual([]);
  });

  it('cancels a long batch after the current file, keeping what was imported', async () => {
    const paragraph =
      'The tide came in over the flats while the keeper counted gulls and wrote their numbers in a ledger. ';
    const files = Array.from({ length: 30 }, (_, i) => ({
      name: `Chapter_${i + 1}.txt`,
      mimeType: 'text/plain',
      buffer: Buffer.from(`Chapter ${i + 1}, draft ${i * 7919}.\n\n${paragraph.repeat(2000)}`),
    }));
    await page.locator('input[type=file][multiple]').setInputFiles(files);
    // No wait for a stable layout: the progress text around the button changes many times a second.
    await page.getByRole('button', { name: 'Cancel' }).dispatchEvent('click');
    await expect
      .poll(() => page.locator('.recital-progress__status').textContent(), { timeout: 20_000 })
      .toMatch(/not imported because you stopped the import\.$/);
    const statuses = await page
      .locator('.recital-results__list li')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-status')));
    const imported = statuses.filter((x) => x === 'imported').length;
    expect(statuses).toHaveLength(30);
    expect(imported).toBeGreaterThan(0);
    expect(statuses.filter((x) => x === 'cancelled').length).toBe(30 - imported);
    await expect.poll(async () => (await listedTitles(page)).length).toBe(7 + imported);
  });
  it('imports a batch of fifty files in which one bad file fails alone and the other forty-nine are listed', async () => {
    const before = (await listedTitles(page)).length;
    const nouns = ['harbour', 'lantern', 'orchard', 'ledger', 'ferry', 'quarry', 'bell', 'kiln'];
    const verbs = ['mended', 'counted', 'painted', 'carried', 'weighed', 'watched', 'buried'];
    const files = Array.from({ length: 50 }, (_, i) => {
      if (i === 23) {
        const noise = Buffer.from(Array.from({ length: 4096 }, (_, j) => (j * 131 + 7) % 256));
        return { name: 'Batch_24_scan.txt', mimeType: 'text/plain', buffer: noise };
      }
      const sentences = Array.from(
        { length: 300 },
        (_, j) =>
          `In year ${i * 1000 + j} the keeper ${verbs[(i + j) % verbs.length]} the ${nouns[(i * 3 + j) % nouns.length]} beside the ${nouns[(j * 5 + i) % nouns.length]}.`,
      );
      return {
        name: `Batch_${String(i + 1).padStart(2, '0')}.txt`,
        mimeType: 'text/plain',
        buffer: Buffer.from(sentences.join(' ')),
      };
    });
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    await page.locator('input[type=file][multiple]').setInputFiles(files);
    await expect
      .poll(() => page.locator('.recital-progress__status').textContent(), { timeout: 60_000 })
      .toBe('Imported 49 documents. 1 file could not be imported.');
    // Plain-text files are read and indexed by the import workers, not the page.
    expect(workers.filter((url) => url.includes('import-worker')).length).toBeGreaterThan(0);
    const statuses = await page
      .locator('.recital-results__list li')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-status')));
    expect(statuses).toEqual(files.map((_, i) => (i === 23 ? 'failed' : 'imported')));
    expect(await page.locator('.recital-result--failed').textContent()).toContain(
      'Batch_24_scan.txt',
    );
    // The table shows 50 a page, newest first: every batch document is on the first page.
    await expect
      .poll(() => page.locator('#library .recital-section__count').textContent())
      .toBe(`${before + 49} documents protected`);
    const titles = await listedTitles(page);
    expect(titles).toContain('Batch 01');
    expect(titles).toContain('Batch 50');
    expect(titles).not.toContain('Batch 24 scan');
    const batchTitles = titles.filter((t) => /^Batch \d\d$/.test(t)).sort();
    expect(batchTitles).toEqual(
      files.filter((_, i) => i !== 23).map((f) => f.name.replace('_', ' ').replace('.txt', '')),
    );
  });
});
