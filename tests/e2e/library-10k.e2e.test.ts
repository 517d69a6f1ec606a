// The options page with 10,000 documents in Chromium: records written straight into the
// extension's IndexedDB (indexing 10,000 texts is the importer's cost), then the page opened,
// sorted, paged and searched. Times are printed, never asserted: this machine is shared.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type Harness } from './harness';

const COUNT = 10_000;

async function seed(page: Page): Promise<void> {
  await page.evaluate(async (count) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('recital');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction(['docs', 'settings'], 'readwrite');
    // As every write of the store's documents does (library/store/docs-snapshot.ts): the list
    // kept for a quick wake is then read anew.
    tx.objectStore('settings').put({ key: 'docsEpoch', value: `seed-${Date.now()}` });
    for (let i = 1; i <= count; i++)
      tx.objectStore('docs').put({
        id: `doc-${i}`,
        title: `Document ${String(i).padStart(5, '0')}`,
        ...(i % 3 !== 0 && { author: `Author ${i % 97}` }),
        tags: [],
        format: 'txt',
        chars: 6 * ((i * 7919) % 5000),
        bytes: 6 * ((i * 7919) % 5000),
        words: (i * 7919) % 5000,
        addedAt: 1_700_000_000_000 + i * 60_000,
        contentHash: `hash-${i}`,
        status: 'active',
      });
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, COUNT);
}

interface Want {
  rows?: number;
  first?: string;
  pager?: string;
}

/**
 * Clicks `click` (or types `fill.value` into `fill.selector`) inside the page and waits there
 * until the table shows what `want` says: the milliseconds from the event to the updated DOM,
 * without the test driver's round trips.
 */
async function timed(
  page: Page,
  action: { click?: string; fill?: { selector: string; value: string } },
  want: Want,
): Promise<number> {
  return page.evaluate(
    async ({ action, want }) => {
      const shows = (): boolean => {
        const rows = document.querySelectorAll('.recital-table tbody tr');
        const first = rows[0]?.querySelector('th[scope=row]')?.textContent;
        const pager = document.querySelector('.recital-pager__status')?.textContent ?? '';
        return (
          (want.rows === undefined || rows.length === want.rows) &&
          (want.first === undefined || first === want.first) &&
          (want.pager === undefined || pager.includes(want.pager))
        );
      };
      const start = performance.now();
      if (action.click) document.querySelector<HTMLElement>(action.click)?.click();
      if (action.fill) {
        const input = document.querySelector<HTMLInputElement>(action.fill.selector);
        if (input) input.value = action.fill.value;
        input?.dispatchEvent(new Event('input', { bubbles: true }));
      }
      const deadline = start + 30_000;
      while (!shows() && performance.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 0));
      if (!shows()) throw new Error(`the table never showed ${JSON.stringify(want)}`);
      return Math.round(performance.now() - start);
    },
    { action, want },
  );
}

describe('the options page with 10,000 documents, in Chromium', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await launch(() => undefined);
  });
  afterAll(async () => h?.close());

  it('opens, sorts, pages and searches them', async () => {
    const page = await h.openExtensionPage('src/options/index.html');
    await page.getByText('Your library is empty').waitFor();
    await seed(page);
    const times: Record<string, number> = {};
    const opening = Date.now();
    await page.reload();
    await page.locator('.recital-table tbody tr').nth(49).waitFor();
    times['open the page (reload to 50 rows)'] = Date.now() - opening;
    expect(await page.locator('.recital-pager__status').textContent()).toContain('1–50 of 10,000');
    times['sort by title'] = await timed(
      page,
      { click: 'thead th:nth-child(2) button' },
      { first: 'Document 00001' },
    );
    times['last page'] = await timed(
      page,
      { click: 'button[aria-label="Last page"]' },
      { pager: '9,951–10,000' },
    );
    times['search'] = await timed(
      page,
      { fill: { selector: '#library-search', value: 'Document 04321' } },
      { first: 'Document 04321' },
    );
    console.log(
      `Options page, ${COUNT.toLocaleString('en')} documents (Chromium): ${Object.entries(times)
        .map(([k, v]) => `${k} ${v} ms`)
        .join(', ')}`,
    );
  });
});
