// What a woken background reads of the posting pages: one filter bundle instead of a filter per
// slice, and the checkpoints stored in the index records instead of a pass over each text.
import { describe, expect, it } from 'vitest';
import { BLOCK_WORDS, findSpans, hashWords } from '../../../../src/core/index';
import { SLICES } from '../../../../src/core/posting-pages';
import type { LibraryStore } from '../../../../src/library/store/index';
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

interface Meta {
  gen: number;
  filterBundle?: { slices: number[]; bytes: number[] };
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
