import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLibraryHandlers } from '../../../src/background/library-handlers';
import { createMatcher, type MatcherOptions } from '../../../src/background/matcher';
import { importFile } from '../../../src/library/import/index';
import {
  openLibraryStore,
  prepareDocument,
  type LibraryStore,
} from '../../../src/library/store/index';
import {
  addSamples,
  countPages,
  countStoreReads,
  fresh,
  fromRecords,
  ledger,
  numbersInPages,
  pageNumberOf,
  quote,
  replyLedger,
  replyLighthouse,
  seed,
  watched,
} from './matcher-fixture';
import { putLease, raw } from '../library/store/store-fixture';

let store: LibraryStore;
const opened: LibraryStore[] = [];

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  store = await openLibraryStore('test');
});

afterEach(() => {
  store.close();
  for (const s of opened.splice(0)) s.close();
  vi.restoreAllMocks();
});

// Long enough that no merge starts on its own unless a test asks for one.
const NEVER = 3_600_000;

/** A new store connection and matcher on the same database: what a woken worker has. */
async function wake(options: MatcherOptions = { mergeDelayMs: NEVER }) {
  const woken = await openLibraryStore('test');
  opened.push(woken);
  return { matcher: createMatcher(woken, options), store: woken };
}

const reply = `${replyLedger}\n${replyLighthouse}\nAnd: ${fresh}.`;

/** Imports `file` as a plain-text file (kept as the file), merges it, and returns its id. */
async function importMerged(file: string): Promise<string> {
  const bytes = new TextEncoder().encode(file);
  const imported = await importFile({ name: 'ledger.txt', bytes });
  const { doc } = await store.addPrepared(
    prepareDocument({
      text: imported.text,
      title: 'Ledger',
      format: 'txt',
      sourceFile: { blob: new Blob([bytes]), reader: 'txt', decoded: imported.decoded as string },
    }),
  );
  await store.mergePostings();
  return doc.id;
}

/** The seeded library, what `reply` finds in it, and a worker woken on it with its first filters' bytes. */
async function seededWake() {
  await seed(store);
  const expected = await fromRecords(store, reply);
  const woken = await wake();
  await woken.matcher.prepare();
  return { expected, woken, first: woken.matcher.stats().filterBytes };
}

describe('a woken worker', () => {
  it('loads only the pages’ metadata and filters, then reads only pages and texts to scan', async () => {
    await seed(store);
    const expected = await fromRecords(store, `So: ${quote}.`);
    const storedPages = await countPages(store);
    const reads = countStoreReads();
    const woken = await wake();
    await woken.matcher.prepare();
    // The settings and the documents' metadata, the pages' metadata and filters: no posting,
    // no index record, no text.
    expect(reads).toContain('pageMeta');
    expect(reads).toContain('pageFilters');
    expect(reads.filter((name) => ['index', 'pages', 'chunks'].includes(name))).toEqual([]);
    reads.length = 0;
    expect(await woken.matcher.scanText(`So: ${quote}.`)).toEqual(expected);
    // Pages, then the parts of the texts they name (none stored yet), so their whole texts and,
    // beside each, its index record for the checkpoints.
    expect(new Set(reads)).toEqual(new Set(['pages', 'textParts', 'chunks', 'index']));
    const pageReads = reads.filter((name) => name === 'pages').length;
    // A one-sentence quote touches a few pages of the library's, never all of them.
    expect(pageReads).toBeGreaterThan(0);
    expect(pageReads).toBeLessThan(storedPages);
    expect(woken.matcher.stats()).toMatchObject({ unmerged: 0, merges: 0 });
  });

  it('reads the pages’ second filters only after its first answer, or after a warm-up', async () => {
    const { expected, woken, first } = await seededWake();
    expect(first).toBeGreaterThan(0);
    expect(await woken.matcher.scanText(reply)).toEqual(expected);
    // The answer came with the first filters alone; the second ones follow in a task of their own.
    expect(woken.matcher.stats().filterBytes).toBe(first);
    await vi.waitFor(() => expect(woken.matcher.stats().filterBytes).toBe(2 * first));
    expect(await woken.matcher.scanText(`${reply} Again.`)).toEqual(
      await fromRecords(store, `${reply} Again.`),
    );
    const idle = await wake();
    await idle.matcher.prepare();
    expect(idle.matcher.warmUp()).toBe(true);
    await vi.waitFor(() => expect(idle.matcher.stats().filterBytes).toBe(2 * first));
  });

  it('does not read the second filters of a library whose first ones pass the size it is given', async () => {
    const { expected, first } = await seededWake();
    const reads = countStoreReads();
    const big = await wake({ mergeDelayMs: NEVER, secondFiltersUpToBytes: first - 1 });
    await big.matcher.prepare();
    reads.length = 0;
    expect(await big.matcher.scanText(reply)).toEqual(expected);
    expect(big.matcher.warmUp()).toBe(false);
    // The task that would read them runs right after the answer: give it time to.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reads).not.toContain('pageFilters');
    expect(big.matcher.stats().filterBytes).toBe(first);
    // At the size itself they are read.
    const fits = await wake({ mergeDelayMs: NEVER, secondFiltersUpToBytes: first });
    expect(await fits.matcher.scanText(reply)).toEqual(expected);
    await vi.waitFor(() => expect(fits.matcher.stats().filterBytes).toBe(2 * first));
  });

  it('stores the texts a scan read whole in parts, and the next wake reads only parts of them', async () => {
    await seed(store);
    const expected = await fromRecords(store, reply);
    const first = await wake();
    expect(await first.matcher.scanText(reply)).toEqual(expected);
    // The parts are written after the answer.
    await vi.waitFor(async () => {
      const stored = await raw((db) => db.count('textParts'));
      expect(stored).toBeGreaterThan(0);
    });
    const reads = countStoreReads();
    const woken = await wake();
    expect(await woken.matcher.scanText(reply)).toEqual(expected);
    expect(reads).toContain('textParts');
    // Neither a whole text nor an index record: the parts carry their own checkpoints.
    expect(reads).not.toContain('chunks');
    expect(reads).not.toContain('index');
  });

  it('reads a document imported from a plain-text file in parts of the file at its first wake: no whole text, no index record', async () => {
    await importMerged(`\ufeff${ledger.replace(/\n/g, '\r\n')}  \r\n\r\n`);
    const expected = await fromRecords(store, reply);
    expect(expected.spans.length).toBeGreaterThan(0);
    const reads = countStoreReads();
    const woken = await wake();
    const wholeReads = vi.spyOn(woken.store, 'getDocumentText');
    expect(await woken.matcher.scanText(reply)).toEqual(expected);
    expect(wholeReads).not.toHaveBeenCalled();
    expect(reads).toContain('textParts');
    expect(reads).not.toContain('index');
  });

  it('stores the parts it read from a kept file once it answered, and the next wake reads those, not the file', async () => {
    const id = await importMerged(ledger);
    const expected = await fromRecords(store, reply);
    expect(expected.spans.length).toBeGreaterThan(0);
    const cutParts = () =>
      raw((db) =>
        db.getAllKeys('textParts', IDBKeyRange.bound([id, 0], [id, Number.MAX_SAFE_INTEGER])),
      );
    expect(await cutParts()).toEqual([]);
    const first = await wake();
    expect(await first.matcher.scanText(reply)).toEqual(expected);
    await vi.waitFor(async () => expect((await cutParts()).length).toBeGreaterThan(0));
    // Without the file, only the stored parts can give the next wake its spans.
    await raw((db) =>
      db.delete('chunks', IDBKeyRange.bound([id, 0], [id, Number.MAX_SAFE_INTEGER])),
    );
    const second = await wake();
    const wholeReads = vi.spyOn(second.store, 'getDocumentText');
    expect(await second.matcher.scanText(reply)).toEqual(expected);
    expect(wholeReads).not.toHaveBeenCalled();
  });

  it.each<[string, (s: LibraryStore, ids: Record<string, string>) => Promise<unknown>]>([
    ['deleted', (s, ids) => s.deleteDocument(ids.ledger as string)],
    [
      'deleted and restored',
      async (s, ids) => (
        await s.deleteDocument(ids.ledger as string),
        s.restoreDocument(ids.ledger as string)
      ),
    ],
  ])(
    'is never stale: a document %s while the worker was stopped is seen on waking, with no merge',
    async (_name, change) => {
      const ids = await seed(store);
      await createMatcher(store).scanText(reply);
      await change(store, ids);
      const woken = await wake();
      const answer = await woken.matcher.scanText(reply);
      expect(answer).toEqual(await fromRecords(woken.store, reply));
      const active = new Set((await woken.store.listDocuments()).map((d) => d.id));
      expect(answer.spans.some((x) => x.docId === ids.ledger)).toBe(
        active.has(ids.ledger as string),
      );
      expect(answer.spans.length).toBeGreaterThan(0);
      expect(woken.matcher.stats()).toMatchObject({ unmerged: 0, merges: 0 });
    },
  );

  it('is never stale: a document purged while it was stopped is not matched, and the next merge drops its postings', async () => {
    const ids = await seed(store);
    const number = await pageNumberOf(store, ids.ledger as string);
    expect(number).toBeDefined();
    expect(await numbersInPages(store)).toContain(number);
    await store.deleteDocument(ids.ledger as string);
    await store.purgeDeleted();
    const woken = await wake();
    const answer = await woken.matcher.scanText(reply);
    expect(answer.spans.some((x) => x.docId === ids.ledger)).toBe(false);
    expect(answer).toEqual(await fromRecords(woken.store, reply));
    await woken.matcher.mergeNow();
    expect(await numbersInPages(store)).not.toContain(number);
    expect(await woken.matcher.scanText(reply)).toEqual(answer);
  });

  it.each<[string, MatcherOptions, (m: ReturnType<typeof createMatcher>) => Promise<void>]>([
    [
      'the merge its wake schedules',
      { mergeDelayMs: 0 },
      (m) => vi.waitFor(() => expect(m.stats()).toMatchObject({ merges: 1, unmerged: 0 })),
    ],
    ['mergeNow', { mergeDelayMs: NEVER }, (m) => m.mergeNow()],
  ])(
    'is never stale: a document added while it was stopped is matched after %s',
    async (_name, options, merged) => {
      await seed(store);
      const { doc } = await store.addDocument({
        text: `Prologue. ${fresh}. Epilogue.`,
        title: 'new',
        format: 'txt',
      });
      const woken = await wake(options);
      await woken.matcher.prepare();
      expect(woken.matcher.stats().unmerged).toBe(1);
      await merged(woken.matcher);
      const answer = await woken.matcher.scanText(reply);
      expect(answer.spans.map((x) => x.docId)).toContain(doc.id);
      expect(answer).toEqual(await fromRecords(woken.store, reply));
    },
  );
});

describe('merging while awake', () => {
  it('merges a change on libraryChanged, so the next wake matches it without a merge', async () => {
    const ids = await seed(store);
    const matcher = createMatcher(store, { mergeDelayMs: NEVER });
    await matcher.scanText(replyLedger);
    await store.deleteDocument(ids.lighthouse as string);
    await store.purgeDeleted();
    const { doc } = await store.addDocument({ text: fresh, title: 'short', format: 'txt' });
    const handlers = createLibraryHandlers(matcher);
    expect(await handlers.libraryChanged({}, undefined)).toEqual({ ok: true, value: null });
    expect(matcher.stats()).toMatchObject({ documents: 3, unmerged: 0, merges: 1 });
    expect((await matcher.scanText(replyLighthouse)).spans).toEqual([]);
    const reads = countStoreReads();
    const woken = await wake();
    expect((await woken.matcher.scanText(replyLighthouse)).spans).toEqual([]);
    const found = await woken.matcher.scanText(`Then: ${fresh}.`);
    expect(found.spans.map((x) => x.docId)).toEqual([doc.id]);
    // An index record is read only beside its document's whole text (for its checkpoints),
    // never the records of the whole library to index it again.
    const count = (name: string) => reads.filter((r) => r === name).length;
    expect(count('index')).toBe(count('chunks'));
    expect(count('index')).toBeLessThan(3);
    expect(woken.matcher.stats()).toMatchObject({ documents: 3, unmerged: 0, merges: 0 });
  });

  it('on libraryChanged waits while another context’s pass holds the pages, then merges and matches', async () => {
    await addSamples(store);
    const matcher = createMatcher(store, { mergeDelayMs: NEVER });
    await matcher.reload();
    // An options page's pass holds the pages (its lease in the metadata).
    await putLease({ id: 'options-page', until: Number.MAX_SAFE_INTEGER });
    let answered = false;
    const answer = Promise.resolve(
      createLibraryHandlers(matcher).libraryChanged({}, undefined),
    ).then((r) => {
      answered = true;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(answered).toBe(false);
    await putLease(undefined);
    expect(await answer).toEqual({ ok: true, value: null });
    expect(matcher.stats()).toMatchObject({ documents: 3, unmerged: 0 });
    expect(await matcher.scanText(replyLedger)).toEqual(await fromRecords(store, replyLedger));
  });

  it('merges documents a load found unmerged on its own, after the delay', async () => {
    await addSamples(store);
    const matcher = createMatcher(store, { mergeDelayMs: 1 });
    await matcher.reload();
    expect(matcher.stats()).toMatchObject({ documents: 0, unmerged: 3 });
    expect((await matcher.scanText(replyLedger)).spans).toEqual([]);
    await vi.waitFor(() => expect(matcher.stats()).toMatchObject({ documents: 3, unmerged: 0 }));
    expect(await matcher.scanText(replyLedger)).toEqual(await fromRecords(store, replyLedger));
  });

  it('puts its merge off while another context keeps adding documents (an import), and merges once they stop', async () => {
    await addSamples(store);
    const matcher = createMatcher(store, { mergeDelayMs: 200 });
    await matcher.reload();
    expect(matcher.stats()).toMatchObject({ documents: 0, unmerged: 3 });
    // An options page's import: a document every 20 ms or so, for longer than the delay.
    const other = await openLibraryStore('test');
    opened.push(other);
    for (let i = 0; i < 20; i++) {
      await other.addDocument({
        text: `Note ${i}: ${fresh}${' and more'.repeat(i)}.`,
        title: `n${i}`,
        format: 'txt',
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(matcher.stats().merges).toBe(0);
    }
    await vi.waitFor(() => expect(matcher.stats()).toMatchObject({ documents: 23, unmerged: 0 }), {
      timeout: 5000,
    });
    expect(matcher.stats().merges).toBe(1);
    expect(await matcher.scanText(replyLedger)).toEqual(await fromRecords(store, replyLedger));
  });

  it('keeps scanning when a merge cannot be written, loses nothing, and the next merge adds it', async () => {
    await seed(store);
    let full = true;
    const failing = {
      ...watched(store),
      // The pass stops after ten of its slices are written, as a full disk stops it.
      mergePostings: (o?: Parameters<LibraryStore['mergePostings']>[0]) =>
        store.mergePostings({
          ...o,
          onProgress: (p) => {
            if (full && p.slices === 10) throw new DOMException('full', 'QuotaExceededError');
          },
        }),
    };
    const matcher = createMatcher(failing, { mergeDelayMs: NEVER });
    const first = await matcher.scanText(reply);
    expect(first.spans.length).toBeGreaterThan(0);
    const { doc } = await store.addDocument({ text: fresh, title: 'short', format: 'txt' });
    const handlers = createLibraryHandlers(matcher);
    expect(await handlers.libraryChanged({}, undefined)).toMatchObject({
      ok: false,
      error: { code: 'quota' },
    });
    // The pages as they were: the same answer, with pages read again after the stopped pass.
    expect(await matcher.scanText(reply)).toEqual(first);
    expect(await createMatcher(failing, { mergeDelayMs: NEVER }).scanText(reply)).toEqual(first);
    expect(await store.getDocumentText(doc.id)).toBe(fresh);
    full = false;
    await matcher.mergeNow();
    const after = await matcher.scanText(reply);
    expect(after.spans.map((x) => x.docId)).toContain(doc.id);
    expect(after).toEqual(await fromRecords(store, reply));
  });
});
