import { describe, expect, it } from 'vitest';
import {
  findSpans,
  INDEX_FORMAT_VERSION,
  PassageIndex,
  TABLE_FORMAT_VERSION,
} from '../../../../src/core/index';
import { openLibraryStore, type LibraryStore } from '../../../../src/library/store/index';
import { ledger, lighthouse, orchard, quote, raw, useTestStore } from './store-fixture';

const t = useTestStore();

describe('the index', () => {
  it('loads every active document from its stored record without re-indexing', async () => {
    await t.store.addDocument({ text: ledger, title: 'L', format: 'txt' });
    await t.store.addDocument({ text: orchard, title: 'O', format: 'txt' });
    const reopened = await openLibraryStore('test', { now: t.now });
    const index = await reopened.loadIndex();
    expect(index.size).toBe(2);
    expect(reopened.lastIndexLoad()).toEqual({ reused: 0, read: 2, rebuilt: 0, fromTable: 0 });
    expect((await reopened.getStats()).indexBuilds).toBe(2);
    const text = (id: string): string | undefined =>
      id === index.documents()[0]?.id ? ledger : undefined;
    const { spans } = findSpans(index, `As the book says, ${quote}. Nobody knew.`, text);
    expect(spans).toHaveLength(1);
    expect(ledger.slice(spans[0]?.sourceStart, spans[0]?.sourceEnd)).toBe(quote);
    reopened.close();
  });

  it('copies unchanged documents from a previous index instead of reading them', async () => {
    await t.store.addDocument({ text: ledger, title: 'L', format: 'txt' });
    const first = await t.store.loadIndex();
    await t.store.addDocument({ text: orchard, title: 'O', format: 'txt' });
    const second = await t.store.loadIndex({ reuse: first });
    expect(t.store.lastIndexLoad()).toEqual({ reused: 1, read: 1, rebuilt: 0, fromTable: 0 });
    expect(second.size).toBe(2);
    expect(first.size).toBe(1);
  });

  it('loads only the documents asked for', async () => {
    await t.store.addDocument({ text: ledger, title: 'L', format: 'txt' });
    const { doc } = await t.store.addDocument({ text: orchard, title: 'O', format: 'txt' });
    const index = await t.store.loadIndex({ only: [doc.id, 'unknown'] });
    expect(index.documents().map((d) => d.id)).toEqual([doc.id]);
    expect(t.store.lastIndexLoad()).toEqual({ reused: 0, read: 1, rebuilt: 0, fromTable: 0 });
  });

  it.each([
    [
      'of another format version',
      (r: { version: number; data: ArrayBuffer }) => ({ ...r, version: INDEX_FORMAT_VERSION + 1 }),
    ],
    [
      'damaged',
      (r: { version: number; data: ArrayBuffer }) => ({
        ...r,
        data: r.data.slice(0, r.data.byteLength - 7),
      }),
    ],
    [
      'not an index at all',
      (r: { version: number; data: ArrayBuffer }) => ({ ...r, data: new ArrayBuffer(64) }),
    ],
  ])(
    'rebuilds a record %s from the text, saves it, and reads it next time',
    async (_name, spoil) => {
      const { doc } = await t.store.addDocument({ text: ledger, title: 'L', format: 'txt' });
      await t.store.addDocument({ text: orchard, title: 'O', format: 'txt' });
      await raw(async (db) => {
        const record = (await db.get('index', doc.id)) as {
          docId: string;
          version: number;
          data: ArrayBuffer;
        };
        await db.put('index', spoil(record));
      });
      const index = await t.store.loadIndex();
      expect(t.store.lastIndexLoad()).toEqual({ reused: 0, read: 1, rebuilt: 1, fromTable: 0 });
      expect(index.document(doc.id)?.contentHash).toBe(doc.contentHash);
      expect((await t.store.getStats()).indexBuilds).toBe(3);
      await t.store.loadIndex();
      expect(t.store.lastIndexLoad()).toEqual({ reused: 0, read: 2, rebuilt: 0, fromTable: 0 });
    },
  );

  it('rebuilds a missing record', async () => {
    const { doc } = await t.store.addDocument({ text: ledger, title: 'L', format: 'txt' });
    await raw((db) => db.delete('index', doc.id));
    expect((await t.store.loadIndex()).has(doc.id)).toBe(true);
    expect(t.store.lastIndexLoad().rebuilt).toBe(1);
  });
});

const reply = `As the book says, ${quote}. And: ${orchard.slice(200, 500)}`;
/** Scans `reply` with the index, reading texts from the store. */
async function spansOf(
  index: PassageIndex,
  from: LibraryStore = t.store,
): Promise<{ docId: string; replyStart: number }[]> {
  const texts = new Map<string, string>();
  for (const d of index.documents()) texts.set(d.id, (await from.getDocumentText(d.id)) as string);
  return findSpans(index, reply, (id) => texts.get(id)).spans.map((x) => ({
    docId: x.docId,
    replyStart: x.replyStart,
  }));
}
async function seedAndSave(): Promise<{
  ledgerId: string;
  orchardId: string;
  expected: { docId: string; replyStart: number }[];
}> {
  const ledgerId = (await t.store.addDocument({ text: ledger, title: 'L', format: 'txt' })).doc.id;
  const orchardId = (await t.store.addDocument({ text: orchard, title: 'O', format: 'txt' })).doc
    .id;
  await t.store.addDocument({ text: lighthouse, title: 'H', format: 'txt' });
  const index = await t.store.loadIndex();
  const expected = await spansOf(index);
  expect(await t.store.saveIndexTable(index)).toBe(true);
  return { ledgerId, orchardId, expected };
}

describe('the saved lookup table', () => {
  it('is read instead of the records on the next load, with the same spans and nothing re-indexed', async () => {
    const { expected } = await seedAndSave();
    expect(expected.length).toBeGreaterThan(1);
    const reopened = await openLibraryStore('test', { now: t.now });
    const index = await reopened.loadIndex();
    expect(reopened.lastIndexLoad()).toEqual({ reused: 0, read: 0, rebuilt: 0, fromTable: 3 });
    expect(await spansOf(index, reopened)).toEqual(expected);
    expect((await reopened.getStats()).indexBuilds).toBe(3);
    reopened.close();
  });

  it.each<
    [
      string,
      (ids: { ledgerId: string; orchardId: string }) => Promise<unknown>,
      { read: number; fromTable: number },
      string[],
    ]
  >([
    [
      'a document deleted after the save',
      ({ ledgerId }) => t.store.deleteDocument(ledgerId),
      { read: 0, fromTable: 2 },
      ['O'],
    ],
    [
      'a document deleted and purged after the save',
      async ({ ledgerId }) => (await t.store.deleteDocument(ledgerId), t.store.purgeDeleted()),
      { read: 0, fromTable: 2 },
      ['O'],
    ],
    [
      'a document deleted and restored after the save',
      async ({ ledgerId }) => (
        await t.store.deleteDocument(ledgerId),
        t.store.restoreDocument(ledgerId)
      ),
      { read: 0, fromTable: 3 },
      ['L', 'O'],
    ],
    [
      'a document added after the save',
      () => t.store.addDocument({ text: `Prologue. ${quote} again.`, title: 'N', format: 'txt' }),
      { read: 1, fromTable: 3 },
      ['L', 'O'],
    ],
    [
      'a document purged, then its id given to another text',
      async ({ orchardId }) => {
        await t.store.deleteDocument(orchardId);
        await t.store.purgeDeleted();
        await t.store.addDocument({
          id: orchardId,
          text: `Nothing of the orchard here. ${quote}.`,
          title: 'X',
          format: 'txt',
        });
      },
      { read: 1, fromTable: 2 },
      ['L'],
    ],
  ])(
    'is never used stale: after %s the load matches the library',
    async (_name, change, counts, sources) => {
      const ids = await seedAndSave();
      await change(ids);
      const reopened = await openLibraryStore('test', { now: t.now });
      const index = await reopened.loadIndex();
      expect(reopened.lastIndexLoad()).toMatchObject({ ...counts, rebuilt: 0 });
      const active = await reopened.listDocuments();
      expect(
        index
          .documents()
          .map((d) => d.id)
          .sort(),
      ).toEqual(active.map((d) => d.id).sort());
      const titles = new Map(active.map((d) => [d.id, d.title]));
      const found = [
        ...new Set((await spansOf(index, reopened)).map((x) => titles.get(x.docId))),
      ].sort();
      expect(found).toEqual(sources);
      // The same spans as a load that ignores the table.
      const fromRecords = await reopened.loadIndex({ only: active.map((d) => d.id) });
      expect(await spansOf(index, reopened)).toEqual(await spansOf(fromRecords, reopened));
      reopened.close();
    },
  );
});

describe('a damaged saved lookup table', () => {
  it.each<[string, (data: ArrayBuffer) => Promise<Record<string, unknown>>]>([
    ['damaged', async (data) => ({ data: new Blob([data.slice(0, data.byteLength - 40)]) })],
    ['of another table format', async () => ({ format: TABLE_FORMAT_VERSION + 1 })],
    ['of another index format', async () => ({ indexFormat: INDEX_FORMAT_VERSION + 1 })],
    ['not a table at all', async () => ({ data: new Blob(['not a table']) })],
  ])('falls back to the records when the table is %s', async (_name, spoil) => {
    const { expected } = await seedAndSave();
    await raw(async (db) => {
      const record = (await db.get('tables', 'base')) as { data: Blob };
      await db.put('tables', { ...record, ...(await spoil(await record.data.arrayBuffer())) });
    });
    const index = await t.store.loadIndex();
    expect(t.store.lastIndexLoad()).toEqual({ reused: 0, read: 3, rebuilt: 0, fromTable: 0 });
    expect(await spansOf(index)).toEqual(expected);
  });
});

describe('the saved delta table', () => {
  it('keeps documents added later in a small delta table, so the next load reads no record', async () => {
    const { expected } = await seedAndSave();
    const added = await t.store.addDocument({
      text: 'A short preface of a dozen words, written after the table was saved.',
      title: 'N',
      format: 'txt',
    });
    const index = await t.store.loadIndex();
    expect(t.store.lastIndexLoad()).toEqual({ reused: 0, read: 1, rebuilt: 0, fromTable: 3 });
    await t.store.saveIndexTable(index, { base: false });
    const reopened = await openLibraryStore('test', { now: t.now });
    const again = await reopened.loadIndex();
    expect(reopened.lastIndexLoad()).toEqual({ reused: 0, read: 0, rebuilt: 0, fromTable: 4 });
    expect(again.has(added.doc.id)).toBe(true);
    expect(await spansOf(again, reopened)).toEqual(expected);
    reopened.close();
  });

  it('does not use a delta table saved beside another base table', async () => {
    await seedAndSave();
    await t.store.addDocument({
      text: 'A short preface of a dozen words, written after the table was saved.',
      title: 'N',
      format: 'txt',
    });
    const index = await t.store.loadIndex();
    await t.store.saveIndexTable(index, { base: false });
    const oldDelta = await raw((db) => db.get('tables', 'delta'));
    // A merge writes a new base and no delta; then the old delta comes back (a stale copy).
    const { doc } = await t.store.addDocument({
      text: ledger.replace(/ledger/g, 'register'),
      title: 'R',
      format: 'txt',
    });
    const merged = await t.store.loadIndex();
    merged.prepare();
    await t.store.saveIndexTable(merged);
    expect(await raw((db) => db.count('tables', 'delta'))).toBe(0);
    await raw((db) => db.put('tables', oldDelta));
    const again = await t.store.loadIndex();
    expect(t.store.lastIndexLoad()).toEqual({ reused: 0, read: 0, rebuilt: 0, fromTable: 5 });
    expect(again.has(doc.id)).toBe(true);
    expect(await spansOf(again)).toEqual(
      await spansOf(
        await t.store.loadIndex({ only: (await t.store.listDocuments()).map((d) => d.id) }),
      ),
    );
  });

  it('removes the saved table when the index is empty', async () => {
    await seedAndSave();
    expect(await t.store.saveIndexTable(new PassageIndex())).toBe(false);
    expect(await raw((db) => db.count('tables'))).toBe(0);
  });

  it('is not used when only some documents are asked for', async () => {
    const { ledgerId } = await seedAndSave();
    await t.store.loadIndex({ only: [ledgerId] });
    expect(t.store.lastIndexLoad()).toEqual({ reused: 0, read: 1, rebuilt: 0, fromTable: 0 });
  });
});
