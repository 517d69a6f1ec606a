import { IDBFactory } from 'fake-indexeddb';
import { openDB, type IDBPDatabase } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { findSpans, INDEX_FORMAT_VERSION, PassageIndex } from '../../../../src/core/index';
import { DEFAULT_INDEX_OPTIONS } from '../../../../src/core/index-format';
import { SLICES, TARGET_PAGE_POSTINGS } from '../../../../src/core/posting-pages';
import { createConnection, type LibraryDB } from '../../../../src/library/store/database';
import { openLibraryStore, type LibraryStore } from '../../../../src/library/store/index';
import { mergePostings } from '../../../../src/library/store/posting-merge';
import {
  ALMANAC_BOOK,
  inventWords,
  LANTERN_BOOK,
  library,
  ORCHARD_BOOK,
  randomRun,
  seededRandom,
} from '../../core/fixtures';
import { loadPaged, scanPaged } from './paged-scan';
import { raw, useTestStore } from './store-fixture';

const t = useTestStore();

const BOOKS: Record<string, string> = {
  lantern: LANTERN_BOOK,
  orchard: ORCHARD_BOOK,
  almanac: ALMANAC_BOOK,
};
/** Quotes each of the books, then a sentence of none. */
const REPLY = `As the story goes: ${LANTERN_BOOK.slice(200, 700)} and later ${ORCHARD_BOOK.slice(
  30,
  400,
)}, while ${ALMANAC_BOOK.slice(ALMANAC_BOOK.indexOf('The beekeeper'))} Which I made up.`;

/** Adds `books` under their names as ids, one after another. */
async function addBooks(store: LibraryStore, books: Record<string, string>): Promise<void> {
  for (const [id, text] of Object.entries(books))
    await store.addDocument({ id, text, title: id, format: 'txt' });
}

/** Every page and filter of the database, keys and contents, pages' triples sorted. */
async function snapshot(name = 'test'): Promise<{ pages: string[]; filters: string[] }> {
  return raw(async (db) => {
    const pageKeys = await db.getAllKeys('pages');
    const pageValues = (await db.getAll('pages')) as ArrayBuffer[];
    const pages = pageKeys.map((key, i) => {
      const triples = new Uint32Array(pageValues[i] as ArrayBuffer);
      const rows: string[] = [];
      for (let j = 0; j < triples.length; j += 3) rows.push(triples.subarray(j, j + 3).join(':'));
      return `${JSON.stringify(key)} ${rows.sort().join(' ')}`;
    });
    const filterKeys = await db.getAllKeys('pageFilters');
    const filterValues = (await db.getAll('pageFilters')) as Blob[];
    const filters = await Promise.all(
      filterKeys.map(async (key, i) => {
        const words = new Uint32Array(await (filterValues[i] as Blob).arrayBuffer());
        return `${JSON.stringify(key)} ${words.join(',')}`;
      }),
    );
    return { pages, filters };
  }, name);
}

/** The document numbers of every triple in the pages. */
async function numbersInPages(): Promise<Set<number>> {
  const { pages } = await snapshot();
  const numbers = new Set<number>();
  for (const page of pages)
    for (const row of page.split(' ').slice(1)) numbers.add(Number(row.split(':')[2]));
  return numbers;
}

const pageMeta = () =>
  raw(
    async (db) =>
      (await db.get('pageMeta', 'meta')) as {
        gen: number;
        pageBits: number;
        docs: Map<string, [number, string]>;
      },
  );

/**
 * The merge of database `name` over a connection whose `failAt`-th write transaction of a slice
 * (pages or filter) fails at its commit (aborts, as a full disk makes it), after its writes were
 * issued.
 */
function mergeFailingAt(name: string, failAt: number) {
  const connection = createConnection(name, () => 1000);
  let slices = 0;
  const failing = (db: IDBPDatabase<LibraryDB>): IDBPDatabase<LibraryDB> =>
    new Proxy(db, {
      get(target, prop) {
        if (prop !== 'transaction') {
          const value: unknown = Reflect.get(target, prop, target);
          return typeof value === 'function' ? value.bind(target) : value;
        }
        return (...args: Parameters<typeof target.transaction>) => {
          const tx = target.transaction(...args);
          // A slice's writes are the relaxed transactions.
          const isSlice = (args[2] as { durability?: string } | undefined)?.durability;
          if (!isSlice || ++slices !== failAt) return tx;
          return new Proxy(tx, {
            get(inner, key) {
              if (key === 'commit') return () => inner.abort();
              const value: unknown = Reflect.get(inner, key, inner);
              return typeof value === 'function' ? value.bind(inner) : value;
            },
          });
        };
      },
    });
  return {
    run: () => mergePostings({ ...connection, db: async () => failing(await connection.db()) }),
    close: () => connection.close(),
  };
}

describe('a merge pass', () => {
  it('makes the store find the same spans as an in-memory index of the same documents', async () => {
    await addBooks(t.store, BOOKS);
    expect((await scanPaged(t.store, REPLY)).spans).toEqual([]);
    expect(await t.store.mergePostings()).toMatchObject({ merged: 3, purged: 0, remaining: 0 });
    const { index, getText } = library(BOOKS);
    const expected = findSpans(index, REPLY, getText);
    expect(new Set(expected.spans.map((s) => s.docId))).toEqual(
      new Set(['lantern', 'orchard', 'almanac']),
    );
    const paged = await loadPaged(t.store);
    expect(paged.unmerged).toBe(0);
    expect(await scanPaged(t.store, REPLY, paged)).toEqual(expected);
  });

  it('takes the postings of index records it is given instead of reading them, and reads the store for one that is not the document’s', async () => {
    await addBooks(t.store, BOOKS);
    const { pages: expected } = await (async () => {
      // The same books merged from the store alone, in another database, for the pages to equal.
      const other = await openLibraryStore('other', { now: t.now });
      await addBooks(other, BOOKS);
      await other.mergePostings();
      other.close();
      return snapshot('other');
    })();
    const records = await raw(async (db) => {
      const got = new Map<string, ArrayBuffer>();
      for (const id of ['lantern', 'orchard'])
        got.set(id, ((await db.get('index', id)) as { data: ArrayBuffer }).data);
      // Lantern's record and text are gone from the store: only the record given can index it.
      await db.delete('index', 'lantern');
      await db.delete('chunks', IDBKeyRange.bound(['lantern', 0], ['lantern', Infinity]));
      return got;
    });
    // Orchard is given lantern's record: not orchard's, so orchard's is read from the store.
    const given = new Map([
      ['lantern', records.get('lantern') as ArrayBuffer],
      ['orchard', records.get('lantern') as ArrayBuffer],
    ]);
    expect(await t.store.mergePostings({ records: given })).toMatchObject({ merged: 3 });
    expect((await snapshot()).pages).toEqual(expected);
    // Without the record given, lantern has no postings at all.
    const bare = await openLibraryStore('bare', { now: t.now });
    await addBooks(bare, BOOKS);
    await raw(async (db) => {
      await db.delete('index', 'lantern');
      await db.delete('chunks', IDBKeyRange.bound(['lantern', 0], ['lantern', Infinity]));
    }, 'bare');
    await bare.mergePostings();
    bare.close();
    expect((await snapshot('bare')).pages).not.toEqual(expected);
  });

  it('merges only the documents not merged yet, and writes nothing when there are none', async () => {
    await addBooks(t.store, { lantern: LANTERN_BOOK, orchard: ORCHARD_BOOK });
    await t.store.mergePostings();
    await addBooks(t.store, { almanac: ALMANAC_BOOK });
    const reads: string[] = [];
    const spy = vi.spyOn(IDBObjectStore.prototype, 'get');
    expect(await t.store.mergePostings()).toMatchObject({ merged: 1, remaining: 0 });
    for (const c of spy.mock.contexts) reads.push((c as IDBObjectStore).name);
    // One index record read: the new document's.
    expect(reads.filter((n) => n === 'index')).toHaveLength(1);
    const before = await snapshot();
    const meta = await pageMeta();
    const puts = vi.spyOn(IDBObjectStore.prototype, 'put');
    const deletes = vi.spyOn(IDBObjectStore.prototype, 'delete');
    expect(await t.store.mergePostings()).toMatchObject({ merged: 0, purged: 0, remaining: 0 });
    expect(puts.mock.contexts.map((c) => (c as IDBObjectStore).name)).not.toContain('pages');
    expect(puts.mock.contexts.map((c) => (c as IDBObjectStore).name)).not.toContain('pageFilters');
    expect(deletes).not.toHaveBeenCalled();
    expect(await snapshot()).toEqual(before);
    expect(await pageMeta()).toEqual(meta);
    const { index, getText } = library(BOOKS);
    expect(await scanPaged(t.store, REPLY)).toEqual(findSpans(index, REPLY, getText));
  });

  // At this size a slice is two write transactions, its page then its filter: the ninth is the
  // fifth slice's page, the tenth its filter, written after that page.
  it.each([
    ['the first pass, stopped at a slice’s pages', {}, 9],
    ['the first pass, stopped between a slice’s pages and its filter', {}, 10],
    [
      'a pass adding to pages in use, stopped between a slice’s pages and its filter',
      { lantern: LANTERN_BOOK },
      10,
    ],
  ])(
    'run again, gives the pages of an uninterrupted pass: %s',
    async (_name, before: Record<string, string>, failAt: number) => {
      const after = Object.fromEntries(Object.entries(BOOKS).filter(([id]) => !(id in before)));
      // The same library in two databases: one merged at once, one whose pass fails midway.
      for (const name of ['whole', 'stopped']) {
        const store = await openLibraryStore(name, { now: t.now });
        await addBooks(store, before);
        if (Object.keys(before).length > 0) await store.mergePostings();
        await addBooks(store, after);
        if (name === 'whole') await store.mergePostings();
        store.close();
      }
      const stopped = mergeFailingAt('stopped', failAt);
      await expect(stopped.run()).rejects.toThrow();
      stopped.close();
      const half = await openLibraryStore('stopped', { now: t.now });
      // Half a pass changes nothing a scan sees: the documents it was adding are not matched.
      const seen = new Set((await scanPaged(half, REPLY)).spans.map((s) => s.docId));
      expect(seen).toEqual(new Set(Object.keys(before)));
      expect(await half.mergePostings()).toMatchObject({ merged: Object.keys(after).length });
      half.close();
      expect(await snapshot('stopped')).toEqual(await snapshot('whole'));
      const again = await openLibraryStore('stopped', { now: t.now });
      const { index, getText } = library(BOOKS);
      expect(await scanPaged(again, REPLY)).toEqual(findSpans(index, REPLY, getText));
      again.close();
    },
  );

  it('writes a slice in transactions of at most transactionBytes of pages, to the same pages as a transaction per slice', async () => {
    // Enough postings for several pages in each slice.
    const random = seededRandom(5);
    const big = randomRun(inventWords(4000, 9), 240_000, random).join(' ');
    const whole = await openLibraryStore('whole', { now: t.now });
    for (const store of [t.store, whole]) await addBooks(store, { ...BOOKS, big });
    const pageWrites = (): number =>
      transactions.mock.calls.filter(([scope, mode]) => scope === 'pages' && mode === 'readwrite')
        .length;
    const transactions = vi.spyOn(IDBDatabase.prototype, 'transaction');
    await whole.mergePostings();
    whole.close();
    expect(pageWrites()).toBe(SLICES);
    transactions.mockClear();
    await t.store.mergePostings({ transactionBytes: 1 });
    const { pages } = await snapshot();
    expect((await pageMeta()).pageBits).toBeGreaterThan(0);
    // A transaction for each page.
    expect(pageWrites()).toBe(pages.length);
    expect(await snapshot()).toEqual(await snapshot('whole'));
  });

  it('holds at most groupPostings in memory: writes the slices in groups, each read for itself, to the same pages as one group', async () => {
    const whole = await openLibraryStore('whole', { now: t.now });
    for (const store of [t.store, whole]) await addBooks(store, BOOKS);
    await whole.mergePostings();
    whole.close();
    const gets = vi.spyOn(IDBObjectStore.prototype, 'get');
    const progress: number[] = [];
    const report = await t.store.mergePostings({
      groupPostings: 1,
      onProgress: ({ slices }) => progress.push(slices),
    });
    expect(report).toMatchObject({ merged: 3, remaining: 0 });
    // One group per slice: each document's index record read once per group.
    const recordReads = gets.mock.calls.filter(([key]) => typeof key === 'string' && key in BOOKS);
    expect(recordReads.length).toBe(3 * SLICES);
    expect(progress).toEqual(Array.from({ length: SLICES }, (_, i) => i + 1));
    expect(await snapshot()).toEqual(await snapshot('whole'));
    expect((await scanPaged(t.store, REPLY)).spans.length).toBeGreaterThan(0);
  });

  it('bounded by maxPostings, merges in the order documents were added, and later passes finish the same pages', async () => {
    const whole = await openLibraryStore('whole', { now: t.now });
    for (const store of [t.store, whole]) {
      for (const [i, [id, text]] of Object.entries(BOOKS).entries())
        await store.addDocument({ id, text, title: id, format: 'txt', addedAt: 10 - i });
    }
    await whole.mergePostings();
    whole.close();
    const reports = [];
    for (let pass = 0; pass < 5; pass++) {
      const report = await t.store.mergePostings({ maxPostings: 1 });
      reports.push(report);
      if (report.remaining === 0) break;
    }
    expect(reports.map((r) => [r.merged, r.remaining])).toEqual([
      [1, 2],
      [1, 1],
      [1, 0],
    ]);
    // Earliest addedAt first: the almanac (8), the orchard (9), the lantern (10).
    const { docs } = await pageMeta();
    expect([...docs].map(([id, [n]]) => [id, n]).sort()).toEqual([
      ['almanac', 0],
      ['lantern', 2],
      ['orchard', 1],
    ]);
    expect(await snapshot()).toEqual(await snapshot('whole'));
  });

  it('drops every posting of a purged document, and keeps a soft-deleted one’s unmatched', async () => {
    await addBooks(t.store, BOOKS);
    await t.store.mergePostings();
    const { docs } = await pageMeta();
    const [lantern, orchard] = [docs.get('lantern')?.[0], docs.get('orchard')?.[0]];
    expect(await numbersInPages()).toEqual(new Set([0, 1, 2]));
    await t.store.deleteDocument('orchard');
    await t.store.purgeDeleted();
    // The same text under another id: a new document, with a new number.
    await t.store.addDocument({ id: 'o2', text: ORCHARD_BOOK, title: 'o2', format: 'txt' });
    // Soft-deleted: its postings stay (a restore needs no merge), but it is not matched.
    await t.store.deleteDocument('lantern');
    expect(await t.store.mergePostings()).toMatchObject({ merged: 1, purged: 1 });
    const numbers = await numbersInPages();
    expect(numbers).not.toContain(orchard);
    expect(numbers).toContain(lantern);
    const seen = new Set((await scanPaged(t.store, REPLY)).spans.map((s) => s.docId));
    expect(seen).toEqual(new Set(['o2', 'almanac']));
    await t.store.restoreDocument('lantern');
    expect((await loadPaged(t.store)).unmerged).toBe(0);
    const restored = new Set((await scanPaged(t.store, REPLY)).spans.map((s) => s.docId));
    expect(restored).toEqual(new Set(['lantern', 'o2', 'almanac']));
  });

  it('leaves nothing of a document purged after a stopped pass that was writing it into a new generation', async () => {
    await addBooks(t.store, BOOKS);
    const stopped = mergeFailingAt('test', 10);
    await expect(stopped.run()).rejects.toThrow();
    stopped.close();
    // Slices the stopped pass wrote hold the orchard's postings under its reserved number.
    expect((await numbersInPages()).size).toBe(3);
    await t.store.deleteDocument('orchard');
    await t.store.purgeDeleted();
    expect(await t.store.mergePostings()).toMatchObject({ merged: 2, remaining: 0 });
    const { docs } = await pageMeta();
    expect(await numbersInPages()).toEqual(new Set([...docs.values()].map(([n]) => n)));
    const { lantern, almanac } = BOOKS;
    const { index, getText } = library({ lantern, almanac } as Record<string, string>);
    expect(await scanPaged(t.store, REPLY)).toEqual(findSpans(index, REPLY, getText));
  });

  it('writes a new generation when the pages grow past their geometry, and deletes the old one', async () => {
    await addBooks(t.store, BOOKS);
    await t.store.mergePostings();
    const first = await pageMeta();
    expect(first.pageBits).toBe(0);
    // A tenth more postings than the slices hold at one page each.
    const words = Math.ceil(SLICES * TARGET_PAGE_POSTINGS * DEFAULT_INDEX_OPTIONS.stride * 1.1);
    const big = randomRun(inventWords(4000, 7, 'q'), words, seededRandom(7)).join(' ');
    await t.store.addDocument({ id: 'big', text: big, title: 'big', format: 'txt' });
    await t.store.mergePostings();
    const second = await pageMeta();
    expect(second.gen).toBe(first.gen + 1);
    expect(second.pageBits).toBeGreaterThan(0);
    const gens = await raw(async (db) => [
      ...new Set(
        [...(await db.getAllKeys('pages')), ...(await db.getAllKeys('pageFilters'))].map(
          (k) => (k as number[])[0],
        ),
      ),
    ]);
    expect(gens).toEqual([second.gen]);
    const reply = `${REPLY} and then ${big.slice(5000, 5600)}.`;
    const { index, getText } = library({ ...BOOKS, big });
    const expected = findSpans(index, reply, getText);
    expect(expected.spans.map((s) => s.docId)).toContain('big');
    expect(await scanPaged(t.store, reply)).toEqual(expected);
  });
});

describe('the migration from schema v3', () => {
  it('opens a v3 database with its saved lookup table, drops the table, and matches every document after a merge', async () => {
    t.store.close();
    globalThis.indexedDB = new IDBFactory();
    const v3 = await openDB('v3', 3, {
      upgrade(db) {
        const docs = db.createObjectStore('docs', { keyPath: 'id' });
        docs.createIndex('contentHash', 'contentHash', { unique: true });
        docs.createIndex('addedAt', 'addedAt');
        docs.createIndex('tags', 'tags', { multiEntry: true });
        docs.createIndex('status', 'status');
        db.createObjectStore('chunks', { keyPath: ['docId', 'n'] });
        db.createObjectStore('index', { keyPath: 'docId' });
        db.createObjectStore('settings', { keyPath: 'key' });
        db.createObjectStore('audit', { keyPath: 'id' }).createIndex('time', 'time');
        db.createObjectStore('tables', { keyPath: 'key' });
      },
    });
    const index = new PassageIndex();
    for (const [i, [id, text]] of Object.entries(BOOKS).entries()) {
      const entry = index.addDocument(id, text);
      await v3.put('docs', {
        id,
        title: id,
        tags: [],
        format: 'txt',
        chars: text.length,
        bytes: text.length,
        words: entry.words,
        addedAt: i,
        contentHash: entry.contentHash,
        status: 'active',
      });
      await v3.put('chunks', { docId: id, n: 0, text });
      await v3.put('index', {
        docId: id,
        version: INDEX_FORMAT_VERSION,
        data: index.serializeDocument(id),
      });
    }
    await v3.put('tables', {
      key: 'base',
      format: 1,
      indexFormat: INDEX_FORMAT_VERSION,
      savedAt: 5,
      data: new Blob([new Uint8Array(64)]),
    });
    v3.close();

    const migrated = await openLibraryStore('v3', { now: t.now });
    expect((await loadPaged(migrated)).unmerged).toBe(3);
    expect((await scanPaged(migrated, REPLY)).spans).toEqual([]);
    expect(await migrated.mergePostings()).toMatchObject({ merged: 3, remaining: 0 });
    const { getText } = library(BOOKS);
    expect(await scanPaged(migrated, REPLY)).toEqual(findSpans(index, REPLY, getText));
    expect(new Set((await scanPaged(migrated, REPLY)).spans.map((s) => s.docId))).toEqual(
      new Set(Object.keys(BOOKS)),
    );
    migrated.close();
    const db = await openDB('v3');
    expect([...db.objectStoreNames]).not.toContain('tables');
    db.close();
  });
});
