import { describe, expect, it } from 'vitest';
import { findSpans, INDEX_FORMAT_VERSION } from '../../../../src/core/index';
import { openLibraryStore } from '../../../../src/library/store/index';
import { ledger, orchard, quote, raw, useTestStore } from './store-fixture';

const t = useTestStore();

describe('the index', () => {
  it('loads every active document from its stored record without re-indexing', async () => {
    await t.store.addDocument({ text: ledger, title: 'L', format: 'txt' });
    await t.store.addDocument({ text: orchard, title: 'O', format: 'txt' });
    const reopened = await openLibraryStore('test', { now: t.now });
    const index = await reopened.loadIndex();
    expect(index.size).toBe(2);
    expect(reopened.lastIndexLoad()).toEqual({ reused: 0, read: 2, rebuilt: 0 });
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
    expect(t.store.lastIndexLoad()).toEqual({ reused: 1, read: 1, rebuilt: 0 });
    expect(second.size).toBe(2);
    expect(first.size).toBe(1);
  });

  it('loads only the documents asked for', async () => {
    await t.store.addDocument({ text: ledger, title: 'L', format: 'txt' });
    const { doc } = await t.store.addDocument({ text: orchard, title: 'O', format: 'txt' });
    const index = await t.store.loadIndex({ only: [doc.id, 'unknown'] });
    expect(index.documents().map((d) => d.id)).toEqual([doc.id]);
    expect(t.store.lastIndexLoad()).toEqual({ reused: 0, read: 1, rebuilt: 0 });
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
      expect(t.store.lastIndexLoad()).toEqual({ reused: 0, read: 1, rebuilt: 1 });
      expect(index.document(doc.id)?.contentHash).toBe(doc.contentHash);
      expect((await t.store.getStats()).indexBuilds).toBe(3);
      await t.store.loadIndex();
      expect(t.store.lastIndexLoad()).toEqual({ reused: 0, read: 2, rebuilt: 0 });
    },
  );

  it('rebuilds a missing record', async () => {
    const { doc } = await t.store.addDocument({ text: ledger, title: 'L', format: 'txt' });
    await raw((db) => db.delete('index', doc.id));
    expect((await t.store.loadIndex()).has(doc.id)).toBe(true);
    expect(t.store.lastIndexLoad().rebuilt).toBe(1);
  });
});
