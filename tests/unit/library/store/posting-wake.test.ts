// What a woken background reads of the posting pages: one filter bundle instead of a filter per
// slice, and the checkpoints stored in the index records instead of a pass over each text.
import { describe, expect, it } from 'vitest';
import { BLOCK_WORDS, findSpans, hashWords } from '../../../../src/core/index';
import { SLICES } from '../../../../src/core/posting-pages';
import type { LibraryStore, PagedIndex } from '../../../../src/library/store/index';
import { ALMANAC_BOOK, LANTERN_BOOK, library, ORCHARD_BOOK } from '../../core/fixtures';
import { loadPaged, scanPaged } from './paged-scan';
import { raw, useTestStore } from './store-fixture';

const t = useTestStore();

const BOOKS: Record<string, string> = {
  lantern: LANTERN_BOOK,
  orchard: ORCHARD_BOOK,
  almanac: ALMANAC_BOOK,
};
const REPLY = `As the story goes: ${LANTERN_BOOK.slice(200, 700)} and later ${ORCHARD_BOOK.slice(
  30,
  400,
)}, which I made up.`;

async function addBooks(store: LibraryStore): Promise<void> {
  for (const [id, text] of Object.entries(BOOKS))
    await store.addDocument({ id, text, title: id, format: 'txt' });
}

interface Layout {
  slices: number[];
  bytes: number[];
  stamp?: string;
}
interface Meta {
  gen: number;
  filterBundle?: Layout;
  secondBundle?: Layout;
}
const meta = () => raw(async (db) => (await db.get('pageMeta', 'meta')) as Meta);
const sliceRange = (gen: number) => IDBKeyRange.bound([gen, 0], [gen, SLICES], false, true);
const bundleKey = (gen: number): [number, number] => [gen, SLICES];

describe('the filter bundle', () => {
  it('is written by each merge pass with the slices’ filters one after another', async () => {
    await addBooks(t.store);
    await t.store.mergePostings();
    const m = await meta();
    const { slices, bundle } = await raw(async (db) => ({
      slices: (await db.getAll('pageFilters', sliceRange(m.gen))) as Blob[],
      bundle: (await db.get('pageFilters', bundleKey(m.gen))) as Blob,
    }));
    expect(m.filterBundle?.bytes).toEqual(slices.map((b) => b.size));
    const joined = new Uint8Array(await new Blob(slices).arrayBuffer());
    expect(new Uint8Array(await bundle.arrayBuffer())).toEqual(joined);
  });

  it('is what a wake reads: with every slice’s own filter gone, scans still find every copy', async () => {
    await addBooks(t.store);
    await t.store.mergePostings();
    const { gen } = await meta();
    await raw((db) => db.delete('pageFilters', sliceRange(gen)));
    const paged = await loadPaged(t.store);
    expect(paged.filterBytes).toBeGreaterThan(0);
    const { index, getText } = library(BOOKS);
    expect(await scanPaged(t.store, REPLY, paged)).toEqual(findSpans(index, REPLY, getText));
  });

  it('that is missing or does not fit the metadata is passed over for the slices’ filters', async () => {
    await addBooks(t.store);
    await t.store.mergePostings();
    const { gen } = await meta();
    const { index, getText } = library(BOOKS);
    const expected = findSpans(index, REPLY, getText);
    await raw((db) => db.put('pageFilters', new Blob([new Uint8Array(12)]), bundleKey(gen)));
    expect(await scanPaged(t.store, REPLY)).toEqual(expected);
    await raw((db) => db.delete('pageFilters', bundleKey(gen)));
    expect(await scanPaged(t.store, REPLY)).toEqual(expected);
  });

  it('follows a later pass: a document added after the first pass matches through it', async () => {
    await t.store.addDocument({ id: 'lantern', text: LANTERN_BOOK, title: 'l', format: 'txt' });
    await t.store.mergePostings();
    await t.store.addDocument({ id: 'orchard', text: ORCHARD_BOOK, title: 'o', format: 'txt' });
    await t.store.mergePostings();
    const { gen } = await meta();
    await raw((db) => db.delete('pageFilters', sliceRange(gen)));
    const result = await scanPaged(t.store, REPLY);
    expect(new Set(result.spans.map((s) => s.docId))).toEqual(new Set(['lantern', 'orchard']));
  });
});

/** Shingles (lane A, low byte of lane B) of made-up text: none is stored. */
function strangers(count: number): [number, number][] {
  let x = 0x2f6b1d3;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  return Array.from({ length: count }, () => [next(), next() & 0xff]);
}

/** How many of `shingles` the loaded filters let through. */
const passing = (paged: PagedIndex, shingles: [number, number][]): number =>
  shingles.filter(([a, b]) => paged.pages.mayContain(a, b)).length;

describe('the second filters', () => {
  it('are written with the first by each pass, and their bundle with the same stamp', async () => {
    await addBooks(t.store);
    await t.store.mergePostings();
    const m = await meta();
    const second = (slice: number): [number, number] => [m.gen, SLICES + 1 + slice];
    const { firsts, seconds, bundle } = await raw(async (db) => ({
      firsts: (await db.getAll('pageFilters', sliceRange(m.gen))) as Blob[],
      seconds: (await db.getAll(
        'pageFilters',
        IDBKeyRange.bound(second(0), second(SLICES), false, true),
      )) as Blob[],
      bundle: (await db.get('pageFilters', [m.gen, 2 * SLICES + 1])) as Blob,
    }));
    expect(seconds.map((b) => b.size)).toEqual(firsts.map((b) => b.size));
    expect(m.secondBundle?.slices).toEqual(m.filterBundle?.slices);
    expect(m.secondBundle?.stamp).toEqual(m.filterBundle?.stamp);
    expect(m.secondBundle?.stamp).toBeTruthy();
    const joined = new Uint8Array(await new Blob(seconds).arrayBuffer());
    expect(new Uint8Array(await bundle.arrayBuffer())).toEqual(joined);
    // Other bits than the first filters': probed by other hashes.
    expect(joined).not.toEqual(new Uint8Array(await new Blob(firsts).arrayBuffer()));
  });

  it('once read, turn away most shingles the first let through, and miss no copy', async () => {
    await addBooks(t.store);
    // Made-up words enough for filters of their nominal size (a few thousand postings a slice).
    const words = strangers(400_000).map(([a]) => `w${a % 50_000}`);
    await t.store.addDocument({ id: 'big', text: words.join(' '), title: 'big', format: 'txt' });
    await t.store.mergePostings();
    const { index, getText } = library(BOOKS);
    const shingles = strangers(100_000);
    const paged = await loadPaged(t.store);
    const bytes = paged.pages.filterBytes;
    const before = passing(paged, shingles);
    expect(await paged.readSecondFilters()).toBe(true);
    expect(paged.pages.hasSecondFilters).toBe(true);
    expect(paged.pages.filterBytes).toBe(2 * bytes);
    const after = passing(paged, shingles);
    // About 9% and 1% (5 bits a posting, 3 probes, twice).
    expect(before).toBeGreaterThan(4000);
    expect(after).toBeLessThan(before / 5);
    expect(await scanPaged(t.store, REPLY, paged)).toEqual(findSpans(index, REPLY, getText));
  });

  it('are not used when another pass or another version wrote the metadata since', async () => {
    await addBooks(t.store);
    await t.store.mergePostings();
    // A later pass (another document merged) changes the stamp a loaded index was read with.
    const stale = await loadPaged(t.store);
    await t.store.addDocument({
      id: 'extra',
      text: ALMANAC_BOOK.slice(500),
      title: 'x',
      format: 'txt',
    });
    await t.store.mergePostings();
    expect(await stale.readSecondFilters()).toBe(false);
    expect(stale.pages.hasSecondFilters).toBe(false);
    expect(await (await loadPaged(t.store)).readSecondFilters()).toBe(true);
    // A version without second filters rewrites the first bundle's layout without a stamp (and
    // keeps the second's as it found it): after a load, or before one.
    const loaded = await loadPaged(t.store);
    await raw(async (db) => {
      const m = (await db.get('pageMeta', 'meta')) as Meta;
      await db.put('pageMeta', { ...m, filterBundle: { ...m.filterBundle, stamp: undefined } });
    });
    expect(await loaded.readSecondFilters()).toBe(false);
    const older = await loadPaged(t.store);
    expect(await older.readSecondFilters()).toBe(false);
    const { index, getText } = library({ ...BOOKS, extra: ALMANAC_BOOK.slice(500) });
    expect(await scanPaged(t.store, REPLY, older)).toEqual(findSpans(index, REPLY, getText));
  });
});

describe('stored checkpoints', () => {
  it('are read from the index records of documents of the same text', async () => {
    await addBooks(t.store);
    await t.store.mergePostings();
    const paged = await loadPaged(t.store);
    const docs = await t.store.listDocuments();
    const lantern = docs.find((d) => d.id === 'lantern');
    const got = await paged.readCheckpoints([
      { id: 'lantern', contentHash: lantern?.contentHash ?? '' },
      { id: 'orchard', contentHash: 'another text' },
      { id: 'nobody', contentHash: 'x' },
    ]);
    expect([...got.keys()]).toEqual(['lantern']);
    expect([...(got.get('lantern') ?? [])]).toEqual([
      ...hashWords(LANTERN_BOOK, BLOCK_WORDS).checkpoints,
    ]);
  });
});
