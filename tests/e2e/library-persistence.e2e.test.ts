// The library survives the service worker: a woken worker answers from the index stored in
// IndexedDB (nothing re-indexed), and an import cut off in the middle (its options page closed,
// the worker stopped) leaves no half-written document behind. Documents come in through the
// options page's import; scans go through the "Check selected text" page's message.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../src/shared/result';
import { launch, sendFromPage, type Harness } from './harness';
import {
  importDocuments,
  openOptionsPage,
  startImport,
  writeMarkdownFiles,
} from './import-library';

const PAGE = 'src/popup/index.html';
const quote =
  'The second book was never shown to the tax collector. It lived in a tin box under the floorboards of the counting room';
const seedTexts = [
  {
    title: 'Salt and Ledger',
    text: `Every merchant house in the old harbour town kept two books. ${quote}, and it told the truth about which captains paid in silver.`,
  },
  {
    title: 'The Glass Orchard',
    text: 'In the glass orchard the apples ring like bells when the north wind combs the branches after dusk, and the gardener counts every fruit by the sound it makes in falling.',
  },
];

/** Deterministic prose of pseudo-words, so every document is long, distinct and informative. */
function syntheticText(seed: number, words: number): string {
  let s = seed >>> 0;
  const random = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const syllables = [
    'ka',
    'lo',
    'mir',
    'ten',
    'sa',
    'vu',
    'dor',
    'el',
    'qui',
    'ra',
    'bos',
    'nith',
    'pe',
    'gar',
    'ul',
    'fen',
  ];
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    let w = '';
    const n = 1 + Math.floor(random() * 3);
    for (let j = 0; j < n; j++) w += syllables[Math.floor(random() * syllables.length)];
    out.push(i % 14 === 13 ? `${w}.` : w);
  }
  return out.join(' ');
}

interface LibraryState {
  docs: { id: string; chars: number; status: string; title: string }[];
  chunkChars: Record<string, number>;
  indexIds: string[];
  indexBuilds: number;
}

/** Reads the extension's database directly from one of its pages (same origin as the worker). */
async function readLibrary(page: Page): Promise<LibraryState> {
  return page.evaluate(async () => {
    const req = <T>(r: IDBRequest<T>): Promise<T> =>
      new Promise((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const open = indexedDB.open('recital');
    const db = await req(open);
    const tx = db.transaction(['docs', 'chunks', 'index', 'settings'], 'readonly');
    const docs = (await req(tx.objectStore('docs').getAll())) as {
      id: string;
      chars: number;
      status: string;
      title: string;
    }[];
    // A chunk holds a piece of text, or (for an imported plain-text file) the file and its length.
    const chunks = (await req(tx.objectStore('chunks').getAll())) as {
      docId: string;
      text?: string;
      file?: Blob;
      chars?: number;
    }[];
    const indexIds = (await req(tx.objectStore('index').getAllKeys())) as string[];
    // The counter of earlier versions, plus one `build:` mark per index build since.
    const stats = (await req(tx.objectStore('settings').get('stats'))) as
      { value: { indexBuilds: number } } | undefined;
    const marks = await req(
      tx.objectStore('settings').count(IDBKeyRange.bound('build:', 'build:\uffff')),
    );
    db.close();
    const chunkChars: Record<string, number> = {};
    for (const c of chunks) {
      const chars = c.text?.length ?? (c.file && c.file.size > 0 ? (c.chars ?? 0) : 0);
      chunkChars[c.docId] = (chunkChars[c.docId] ?? 0) + chars;
    }
    return {
      docs: docs.map((d) => ({ id: d.id, chars: d.chars, status: d.status, title: d.title })),
      chunkChars,
      indexIds,
      indexBuilds: (stats?.value.indexBuilds ?? 0) + marks,
    };
  });
}

/** Every stored document is whole (all its text, an index record) and nothing is orphaned. */
function expectNoHalfDocuments(state: LibraryState): void {
  const ids = new Set(state.docs.map((d) => d.id));
  for (const d of state.docs) expect(state.chunkChars[d.id], `text of ${d.title}`).toBe(d.chars);
  expect(new Set(state.indexIds)).toEqual(ids);
  expect(Object.keys(state.chunkChars).filter((id) => !ids.has(id))).toEqual([]);
}

type ScanValue = {
  words: number;
  coverage: number;
  spans: { spanId: string; replyText: string; kind: string; source: { title: string } | null }[];
};

/** Checks a text as the "Check selected text" page does. */
function checkText(page: Page, text: string): Promise<Result<ScanValue>> {
  return sendFromPage<Result<ScanValue>>(page, 'checkText', { text });
}

describe('the library across service-worker restarts', () => {
  let h: Harness;
  let page: Page;

  beforeAll(async () => {
    h = await launch(() => undefined);
    page = await h.openExtensionPage(PAGE);
  });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-persistence-'));
  afterAll(async () => {
    await h?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('finds a seeded passage after the worker was stopped, from the stored index without re-indexing', async () => {
    expect(await importDocuments(h, seedTexts)).toEqual(['imported', 'imported']);
    const reply = `As the essay puts it, ${quote}. Nobody else knew.`;
    const before = await checkText(page, reply);
    if (!before.ok) throw new Error(before.error.message);
    expect(before.value.spans).toHaveLength(1);
    const builds = (await readLibrary(page)).indexBuilds;
    expect(builds).toBe(seedTexts.length);

    await h.stopServiceWorker();
    const fresh = await h.openExtensionPage(PAGE);
    const after = await checkText(fresh, reply);
    expect(after).toEqual(before);
    if (!after.ok) throw new Error(after.error.message);
    expect(after.value.spans[0]?.replyText).toBe(quote);
    expect(after.value.spans[0]?.source?.title).toBe('Salt and Ledger');
    expect((await readLibrary(fresh)).indexBuilds).toBe(builds);
    await fresh.close();
  });

  it('leaves no half-imported document when an import is cut off mid-batch, and importing again completes', async () => {
    const batch = Array.from({ length: 14 }, (_, i) => ({
      title: `Long book ${i + 1}`,
      text: syntheticText(i + 1, 250_000),
    }));
    const known = (await readLibrary(page)).docs.length;
    const files = writeMarkdownFiles(batch, tmp);
    const importing = await openOptionsPage(h);
    await startImport(importing, files);
    await expect
      .poll(async () => (await readLibrary(page)).docs.length, { interval: 20, timeout: 30_000 })
      .toBeGreaterThan(known);
    // The user closes the page mid-batch (its import workers go with it) and the worker sleeps.
    await importing.close();
    await h.stopServiceWorker();
    const cut = await readLibrary(page);
    expectNoHalfDocuments(cut);
    const stored = cut.docs.length - known;
    console.log(`import cut off with ${stored} of ${batch.length} batch documents stored`);
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(batch.length);

    const statuses = await importDocuments(h, files);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(stored);
    expect(statuses.filter((s) => s === 'imported')).toHaveLength(batch.length - stored);
    const again = await h.openExtensionPage(PAGE);
    const done = await readLibrary(again);
    expectNoHalfDocuments(done);
    expect(done.docs.map((d) => d.title).sort()).toEqual(
      [...seedTexts.map((d) => d.title), ...batch.map((d) => d.title)].sort(),
    );

    const lastText = batch.at(-1)?.text ?? '';
    const excerpt = lastText.slice(lastText.length - 400);
    const scanned = await checkText(again, `Quoted: ${excerpt}`);
    expect(scanned.ok && scanned.value.spans.length).toBe(1);
    await again.close();
  });

  it('wakes from the posting pages, and never reports a document deleted while the worker was stopped', async () => {
    const reply = `As the essay puts it, ${quote}. Nobody else knew.`;
    const before = await checkText(page, reply);
    expect(before.ok && before.value.spans.length).toBe(1);
    await expect
      .poll(() => mergedDocuments(page), { interval: 50, timeout: 10_000 })
      .toBeGreaterThan(0);
    const builds = (await readLibrary(page)).indexBuilds;
    const ledger = (await readLibrary(page)).docs.find((d) => d.title === 'Salt and Ledger');
    if (!ledger) throw new Error('the seeded document is missing');

    // Changed behind the worker's back, as another extension page would while it sleeps.
    await setStatus(page, ledger.id, 'deleted');
    await h.stopServiceWorker();
    const woken = await h.openExtensionPage(PAGE);
    const whileDeleted = await checkText(woken, reply);
    expect(whileDeleted.ok && whileDeleted.value.spans).toEqual([]);

    await setStatus(woken, ledger.id, 'active');
    await h.stopServiceWorker();
    const again = await h.openExtensionPage(PAGE);
    expect(await checkText(again, reply)).toEqual(before);
    expect((await readLibrary(again)).indexBuilds).toBe(builds);
    await woken.close();
    await again.close();
  });
});

/** How many documents the posting pages' metadata says are merged. */
async function mergedDocuments(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const req = <T>(r: IDBRequest<T>): Promise<T> =>
      new Promise((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const db = await req(indexedDB.open('recital'));
    const meta = db.objectStoreNames.contains('pageMeta')
      ? ((await req(db.transaction('pageMeta').objectStore('pageMeta').get('meta'))) as
          { docs: Map<string, unknown> } | undefined)
      : undefined;
    db.close();
    return meta?.docs.size ?? 0;
  });
}

/** Sets a document's status directly in the database, without telling the worker. */
async function setStatus(page: Page, id: string, status: 'active' | 'deleted'): Promise<void> {
  await page.evaluate(
    async ([docId, next]) => {
      const req = <T>(r: IDBRequest<T>): Promise<T> =>
        new Promise((resolve, reject) => {
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
      const db = await req(indexedDB.open('recital'));
      const tx = db.transaction(['docs', 'settings'], 'readwrite');
      const doc = (await req(tx.objectStore('docs').get(docId))) as Record<string, unknown>;
      await req(tx.objectStore('docs').put({ ...doc, status: next }));
      // As every write of the store's documents does (library/store/docs-snapshot.ts): the list
      // kept for a quick wake is then read anew.
      await req(tx.objectStore('settings').put({ key: 'docsEpoch', value: `test-${Date.now()}` }));
      db.close();
    },
    [id, status] as const,
  );
}
