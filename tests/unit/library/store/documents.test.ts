import { describe, expect, it, vi } from 'vitest';
import {} from '../../../../src/core/index';
import {
  CHUNK_CHARS,
  LibraryStoreError,
  openLibraryStore,
} from '../../../../src/library/store/index';
import { ledger, lighthouse, orchard, raw, useTestStore } from './store-fixture';

const t = useTestStore();

const countChunks = (): Promise<number> => raw((db) => db.count('chunks'));
describe('adding and reading documents', () => {
  it.each([
    ['plain prose', ledger],
    ['CRLF line endings', lighthouse.replace(/\n/g, '\r\n')],
    [
      'unicode and emoji',
      'Élodie écrivit: « le café 😀 est froid » — naïve façade, 東京の夜は静かだった, и всё.',
    ],
    [
      'a text longer than one chunk, with a surrogate pair on the boundary',
      'x'.repeat(CHUNK_CHARS - 1) + '😀' + ' word'.repeat(20_000),
    ],
    ['markdown', '# Title\n\n* one **bold** item\n* `code` item\n\n> quoted words stay words'],
  ])('stores %s and gives the text back unchanged', async (_name, text) => {
    const { doc, duplicate } = await t.store.addDocument({ text, title: 'T', format: 'txt' });
    expect(duplicate).toBe(false);
    expect(await t.store.getDocumentText(doc.id)).toBe(text);
    expect(doc.chars).toBe(text.length);
    expect(doc.bytes).toBe(new TextEncoder().encode(text).byteLength);
    expect(doc.words).toBeGreaterThan(0);
    expect(await raw((db) => db.count('chunks'))).toBe(
      Math.ceil(text.length / CHUNK_CHARS) +
        (text.length > CHUNK_CHARS && text.length % CHUNK_CHARS === 0 ? 1 : 0),
    );
  });

  it('records metadata, trims it, and lists documents in the order they were added', async () => {
    const a = await t.store.addDocument({
      text: ledger,
      title: '  Salt and Ledger ',
      author: ' R. Press ',
      tags: ['essay', ' essay', '', 'harbour'],
      fileName: 'salt.txt',
      format: 'txt',
    });
    t.setClock(2_000);
    const b = await t.store.addDocument({
      text: orchard,
      title: 'The Glass Orchard',
      format: 'paste',
    });
    const c = await t.store.addDocument({
      text: lighthouse,
      title: '',
      fileName: 'keeper.txt',
      format: 'txt',
    });
    expect(a.doc).toMatchObject({
      title: 'Salt and Ledger',
      author: 'R. Press',
      tags: ['essay', 'harbour'],
      fileName: 'salt.txt',
      format: 'txt',
      addedAt: 1_000,
      status: 'active',
    });
    expect(b.doc.author).toBeUndefined();
    expect(c.doc.title).toBe('keeper.txt');
    expect((await t.store.listDocuments()).map((d) => d.id)).toEqual([
      a.doc.id,
      b.doc.id,
      c.doc.id,
    ]);
  });

  it.each([
    ['an empty text', ''],
    ['only whitespace', ' \n\t '],
    ['only punctuation', '... --- !!!'],
  ])('refuses %s with a bad-input error and stores nothing', async (_name, text) => {
    await expect(t.store.addDocument({ text, title: 'x', format: 'txt' })).rejects.toMatchObject({
      name: 'LibraryStoreError',
      code: 'bad-input',
    });
    expect(await t.store.listDocuments()).toEqual([]);
    expect(await countChunks()).toBe(0);
  });

  it('updates title, author and tags, and clears an author set to blank', async () => {
    const { doc } = await t.store.addDocument({
      text: ledger,
      title: 'Old',
      author: 'A',
      format: 'txt',
    });
    const updated = await t.store.updateDocument(doc.id, {
      title: 'New',
      author: '  ',
      tags: ['b', 'a'],
    });
    expect(updated).toMatchObject({ title: 'New', tags: ['b', 'a'] });
    expect(updated.author).toBeUndefined();
    expect(await t.store.getDocument(doc.id)).toEqual(updated);
    await expect(t.store.updateDocument('nope', { title: 'x' })).rejects.toMatchObject({
      code: 'not-found',
    });
  });
});

describe('duplicates', () => {
  it('does not store the same text twice and returns the first document', async () => {
    const first = await t.store.addDocument({ text: ledger, title: 'One', format: 'txt' });
    const second = await t.store.addDocument({ text: ledger, title: 'Two', format: 'txt' });
    expect(second).toEqual({ doc: first.doc, duplicate: true });
    expect(await t.store.listDocuments()).toHaveLength(1);
  });

  it('treats a text that differs only in line endings and spacing as a duplicate', async () => {
    const first = await t.store.addDocument({ text: ledger, title: 'One', format: 'txt' });
    const second = await t.store.addDocument({
      text: ledger.replace(/\n/g, '\r\n').replace(/ /g, '  '),
      title: 'Two',
      format: 'txt',
    });
    expect(second.duplicate).toBe(true);
    expect(second.doc.id).toBe(first.doc.id);
  });

  it('adds a text again after its earlier copy was deleted', async () => {
    const first = await t.store.addDocument({ text: ledger, title: 'One', format: 'txt' });
    await t.store.deleteDocument(first.doc.id);
    const again = await t.store.addDocument({ text: ledger, title: 'Again', format: 'txt' });
    expect(again.duplicate).toBe(false);
    expect((await t.store.listDocuments({ includeDeleted: true })).map((d) => d.title)).toEqual([
      'Again',
    ]);
    expect(await t.store.restoreDocument(first.doc.id)).toBe(false);
  });

  it('stores a text once when two connections add it at the same moment, and keeps the other texts', async () => {
    // Two import workers: each writes without reading first, so the unique keys must catch it.
    const other = await openLibraryStore('test', { now: t.now });
    const [a, b, c] = await Promise.all([
      t.store.addDocument({ text: ledger, title: 'A', format: 'txt' }),
      other.addDocument({ text: ledger, title: 'B', format: 'txt' }),
      other.addDocument({ text: orchard, title: 'C', format: 'txt' }),
    ]);
    other.close();
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect(a.doc.id).toBe(b.doc.id);
    expect(c.duplicate).toBe(false);
    expect((await t.store.listDocuments()).map((d) => d.title).sort()).toEqual([
      a.duplicate ? 'B' : 'A',
      'C',
    ]);
    expect(await countChunks()).toBe(2);
    expect((await t.store.getStats()).indexBuilds).toBe(2);
  });

  it('indexes a text again under a fresh id when the wanted id belongs to another text', async () => {
    const first = await t.store.addDocument({ text: ledger, title: 'One', format: 'txt' });
    const second = await t.store.addDocument({
      text: orchard,
      title: 'Two',
      format: 'txt',
      id: first.doc.id,
    });
    expect(second.duplicate).toBe(false);
    expect(second.doc.id).not.toBe(first.doc.id);
    expect(await t.store.getDocumentText(first.doc.id)).toBe(ledger);
    expect(await t.store.getDocumentText(second.doc.id)).toBe(orchard);
    const index = await t.store.loadIndex();
    expect(index.document(second.doc.id)?.contentHash).toBe(second.doc.contentHash);
    expect(t.store.lastIndexLoad().rebuilt).toBe(0);
  });

  it('reads a text stored in the smaller pieces of earlier versions', async () => {
    const { doc } = await t.store.addDocument({ text: ledger, title: 'L', format: 'txt' });
    await raw(async (db) => {
      await db.delete('chunks', IDBKeyRange.bound([doc.id, 0], [doc.id, Infinity]));
      for (let n = 0; n * 200 < ledger.length; n++)
        await db.put('chunks', { docId: doc.id, n, text: ledger.slice(n * 200, (n + 1) * 200) });
    });
    expect(await countChunks()).toBeGreaterThan(2);
    expect(await t.store.getDocumentText(doc.id)).toBe(ledger);
  });
});

describe('deleting', () => {
  it('hides a deleted document from the list and the index until it is restored', async () => {
    const { doc } = await t.store.addDocument({ text: ledger, title: 'L', format: 'txt' });
    await t.store.addDocument({ text: orchard, title: 'O', format: 'txt' });
    expect(await t.store.deleteDocument(doc.id)).toBe(true);
    expect((await t.store.listDocuments()).map((d) => d.title)).toEqual(['O']);
    expect((await t.store.loadIndex()).has(doc.id)).toBe(false);
    expect(await t.store.restoreDocument(doc.id)).toBe(true);
    expect((await t.store.listDocuments()).map((d) => d.title)).toEqual(['L', 'O']);
    expect((await t.store.loadIndex()).has(doc.id)).toBe(true);
    expect(await t.store.deleteDocument('unknown')).toBe(false);
  });

  it('deletes, restores and retags many documents in one change, counting only those it changed', async () => {
    const a = await t.store.addDocument({ text: ledger, title: 'L', format: 'txt', tags: ['x'] });
    const b = await t.store.addDocument({ text: orchard, title: 'O', format: 'txt' });
    const c = await t.store.addDocument({ text: lighthouse, title: 'H', format: 'txt' });
    const ids = [a.doc.id, b.doc.id, 'unknown'];
    expect(await t.store.changeDocuments(ids, { kind: 'tags', add: [' y ', 'x'] })).toBe(2);
    expect(await t.store.changeDocuments(ids, { kind: 'tags', add: ['y'] })).toBe(0);
    expect(await t.store.changeDocuments(ids, { kind: 'tags', remove: ['x'] })).toBe(2);
    expect((await t.store.listDocuments()).map((d) => [d.title, d.tags])).toEqual([
      ['L', ['y']],
      ['O', ['y']],
      ['H', []],
    ]);
    expect(await t.store.changeDocuments(ids, { kind: 'delete' })).toBe(2);
    expect((await t.store.listDocuments()).map((d) => d.id)).toEqual([c.doc.id]);
    expect((await t.store.loadIndex()).has(a.doc.id)).toBe(false);
    expect(await t.store.changeDocuments(ids, { kind: 'delete' })).toBe(0);
    expect(await t.store.changeDocuments([a.doc.id], { kind: 'restore' })).toBe(1);
    expect((await t.store.listDocuments()).map((d) => d.title)).toEqual(['L', 'H']);
  });

  it('purges deleted documents with their chunks and index records', async () => {
    const a = await t.store.addDocument({ text: ledger, title: 'L', format: 'txt' });
    t.setClock(5_000);
    const b = await t.store.addDocument({ text: orchard, title: 'O', format: 'txt' });
    await t.store.deleteDocument(a.doc.id);
    t.setClock(9_000);
    await t.store.deleteDocument(b.doc.id);
    expect(await t.store.purgeDeleted(5_000)).toBe(1);
    expect(await t.store.getDocumentText(a.doc.id)).toBeUndefined();
    expect(await raw((db) => db.count('index'))).toBe(1);
    expect(await t.store.purgeDeleted()).toBe(1);
    expect(await countChunks()).toBe(0);
  });
});

describe('atomic adds', () => {
  const failIndexPut = (error: () => Error): void => {
    const original = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (this.name === 'index') throw error();
      return original.apply(this, args);
    });
  };

  it('turns a quota error into a clear error and leaves no part of the document behind', async () => {
    const kept = await t.store.addDocument({ text: orchard, title: 'Kept', format: 'txt' });
    const chunksBefore = await countChunks();
    failIndexPut(() => new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const failed = t.store.addDocument({
      text: 'long text '.repeat(50_000) + ledger,
      title: 'Too big',
      format: 'txt',
    });
    await expect(failed).rejects.toBeInstanceOf(LibraryStoreError);
    await expect(failed).rejects.toMatchObject({
      code: 'quota',
      message: expect.stringContaining('Nothing of this document was saved'),
    });
    vi.restoreAllMocks();
    expect((await t.store.listDocuments()).map((d) => d.id)).toEqual([kept.doc.id]);
    expect(await countChunks()).toBe(chunksBefore);
    expect(await raw((db) => db.count('index'))).toBe(1);
    expect((await t.store.getStats()).indexBuilds).toBe(1);
    // The same text can be added once space is back.
    expect(
      (await t.store.addDocument({ text: ledger, title: 'Now', format: 'txt' })).duplicate,
    ).toBe(false);
  });

  it('rolls back on any other failure too, and rethrows it', async () => {
    failIndexPut(() => new DOMException('broken', 'DataError'));
    await expect(
      t.store.addDocument({ text: ledger, title: 'x', format: 'txt' }),
    ).rejects.toMatchObject({ name: 'DataError' });
    vi.restoreAllMocks();
    expect(await t.store.listDocuments()).toEqual([]);
    expect(await countChunks()).toBe(0);
  });
});

describe('storage estimate', () => {
  it('sums the text of active documents', async () => {
    const { doc } = await t.store.addDocument({ text: ledger, title: 'L', format: 'txt' });
    expect(await t.store.storageEstimate()).toMatchObject({ documents: 1, textBytes: doc.bytes });
  });
});
