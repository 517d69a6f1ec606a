import 'fake-indexeddb/auto';
import fs from 'node:fs';
import path from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  findSpans,
  INDEX_FORMAT_VERSION,
  PassageIndex,
  TABLE_FORMAT_VERSION,
} from '../../../src/core/index';
import { importFile } from '../../../src/library/import/index';
import {
  CHUNK_CHARS,
  DEFAULT_SETTINGS,
  LIBRARY_SCHEMA_VERSION,
  LibraryStoreError,
  openLibraryStore,
  prepareDocument,
  type LibraryStore,
} from '../../../src/library/library-store';

const SAMPLES = path.resolve(import.meta.dirname, '../../../samples/library');
const ledger = fs.readFileSync(path.join(SAMPLES, 'salt-and-ledger.txt'), 'utf8');
const lighthouse = fs.readFileSync(path.join(SAMPLES, 'the-lighthouse-keeper.txt'), 'utf8');
const orchard = fs.readFileSync(path.join(SAMPLES, 'the-glass-orchard.txt'), 'utf8');
const quote =
  'The second book was never shown to the tax collector. It lived in a tin box under the floorboards of the counting room';

let clock = 1_000;
const now = (): number => clock;
let store: LibraryStore;

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  clock = 1_000;
  store = await openLibraryStore('test', { now });
});

afterEach(() => {
  store.close();
  vi.restoreAllMocks();
});

/** Raw access to the database behind the store, for what the store's API does not show. */
async function raw<T>(fn: (db: Awaited<ReturnType<typeof openDB>>) => Promise<T>): Promise<T> {
  const db = await openDB('test');
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

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
    const { doc, duplicate } = await store.addDocument({ text, title: 'T', format: 'txt' });
    expect(duplicate).toBe(false);
    expect(await store.getDocumentText(doc.id)).toBe(text);
    expect(doc.chars).toBe(text.length);
    expect(doc.bytes).toBe(new TextEncoder().encode(text).byteLength);
    expect(doc.words).toBeGreaterThan(0);
    expect(await raw((db) => db.count('chunks'))).toBe(
      Math.ceil(text.length / CHUNK_CHARS) +
        (text.length > CHUNK_CHARS && text.length % CHUNK_CHARS === 0 ? 1 : 0),
    );
  });

  it('records metadata, trims it, and lists documents in the order they were added', async () => {
    const a = await store.addDocument({
      text: ledger,
      title: '  Salt and Ledger ',
      author: ' R. Press ',
      tags: ['essay', ' essay', '', 'harbour'],
      fileName: 'salt.txt',
      format: 'txt',
    });
    clock = 2_000;
    const b = await store.addDocument({
      text: orchard,
      title: 'The Glass Orchard',
      format: 'paste',
    });
    const c = await store.addDocument({
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
    expect((await store.listDocuments()).map((d) => d.id)).toEqual([a.doc.id, b.doc.id, c.doc.id]);
  });

  it.each([
    ['an empty text', ''],
    ['only whitespace', ' \n\t '],
    ['only punctuation', '... --- !!!'],
  ])('refuses %s with a bad-input error and stores nothing', async (_name, text) => {
    await expect(store.addDocument({ text, title: 'x', format: 'txt' })).rejects.toMatchObject({
      name: 'LibraryStoreError',
      code: 'bad-input',
    });
    expect(await store.listDocuments()).toEqual([]);
    expect(await countChunks()).toBe(0);
  });

  it('updates title, author and tags, and clears an author set to blank', async () => {
    const { doc } = await store.addDocument({
      text: ledger,
      title: 'Old',
      author: 'A',
      format: 'txt',
    });
    const updated = await store.updateDocument(doc.id, {
      title: 'New',
      author: '  ',
      tags: ['b', 'a'],
    });
    expect(updated).toMatchObject({ title: 'New', tags: ['b', 'a'] });
    expect(updated.author).toBeUndefined();
    expect(await store.getDocument(doc.id)).toEqual(updated);
    await expect(store.updateDocument('nope', { title: 'x' })).rejects.toMatchObject({
      code: 'not-found',
    });
  });
});

describe('duplicates', () => {
  it('does not store the same text twice and returns the first document', async () => {
    const first = await store.addDocument({ text: ledger, title: 'One', format: 'txt' });
    const second = await store.addDocument({ text: ledger, title: 'Two', format: 'txt' });
    expect(second).toEqual({ doc: first.doc, duplicate: true });
    expect(await store.listDocuments()).toHaveLength(1);
  });

  it('treats a text that differs only in line endings and spacing as a duplicate', async () => {
    const first = await store.addDocument({ text: ledger, title: 'One', format: 'txt' });
    const second = await store.addDocument({
      text: ledger.replace(/\n/g, '\r\n').replace(/ /g, '  '),
      title: 'Two',
      format: 'txt',
    });
    expect(second.duplicate).toBe(true);
    expect(second.doc.id).toBe(first.doc.id);
  });

  it('adds a text again after its earlier copy was deleted', async () => {
    const first = await store.addDocument({ text: ledger, title: 'One', format: 'txt' });
    await store.deleteDocument(first.doc.id);
    const again = await store.addDocument({ text: ledger, title: 'Again', format: 'txt' });
    expect(again.duplicate).toBe(false);
    expect((await store.listDocuments({ includeDeleted: true })).map((d) => d.title)).toEqual([
      'Again',
    ]);
    expect(await store.restoreDocument(first.doc.id)).toBe(false);
  });

  it('stores a text once when two connections add it at the same moment, and keeps the other texts', async () => {
    // Two import workers: each writes without reading first, so the unique keys must catch it.
    const other = await openLibraryStore('test', { now });
    const [a, b, c] = await Promise.all([
      store.addDocument({ text: ledger, title: 'A', format: 'txt' }),
      other.addDocument({ text: ledger, title: 'B', format: 'txt' }),
      other.addDocument({ text: orchard, title: 'C', format: 'txt' }),
    ]);
    other.close();
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect(a.doc.id).toBe(b.doc.id);
    expect(c.duplicate).toBe(false);
    expect((await store.listDocuments()).map((d) => d.title).sort()).toEqual([
      a.duplicate ? 'B' : 'A',
      'C',
    ]);
    expect(await countChunks()).toBe(2);
    expect((await store.getStats()).indexBuilds).toBe(2);
  });

  it('indexes a text again under a fresh id when the wanted id belongs to another text', async () => {
    const first = await store.addDocument({ text: ledger, title: 'One', format: 'txt' });
    const second = await store.addDocument({
      text: orchard,
      title: 'Two',
      format: 'txt',
      id: first.doc.id,
    });
    expect(second.duplicate).toBe(false);
    expect(second.doc.id).not.toBe(first.doc.id);
    expect(await store.getDocumentText(first.doc.id)).toBe(ledger);
    expect(await store.getDocumentText(second.doc.id)).toBe(orchard);
    const index = await store.loadIndex();
    expect(index.document(second.doc.id)?.contentHash).toBe(second.doc.contentHash);
    expect(store.lastIndexLoad().rebuilt).toBe(0);
  });

  it('reads a text stored in the smaller pieces of earlier versions', async () => {
    const { doc } = await store.addDocument({ text: ledger, title: 'L', format: 'txt' });
    await raw(async (db) => {
      await db.delete('chunks', IDBKeyRange.bound([doc.id, 0], [doc.id, Infinity]));
      for (let n = 0; n * 200 < ledger.length; n++)
        await db.put('chunks', { docId: doc.id, n, text: ledger.slice(n * 200, (n + 1) * 200) });
    });
    expect(await countChunks()).toBeGreaterThan(2);
    expect(await store.getDocumentText(doc.id)).toBe(ledger);
  });
});

describe('documents kept as their picked file', () => {
  // What an import worker does with a picked .txt or .md file (document-writer.ts).
  const addFile = async (name: string, bytes: Uint8Array<ArrayBuffer>, id?: string) => {
    const imported = await importFile({ name, bytes });
    const reader = imported.format === 'md' ? 'md' : 'txt';
    const prepared = prepareDocument({
      text: imported.text,
      title: imported.title,
      format: imported.format,
      fileName: name,
      sourceFile: { blob: new Blob([bytes]), reader },
      ...(id && { id }),
    });
    return { imported, ...(await store.addPrepared(prepared)) };
  };
  const utf8 = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);
  const windows1252 = Uint8Array.from(
    [
      ...'Caf\u00e9 na\u00efve: the r\u00e9sum\u00e9 was \u201cfine\u201d, said the ma\u00eetre d\u2019h\u00f4tel to every guest.',
    ].map((c) => ({ '\u201c': 0x93, '\u201d': 0x94, '\u2019': 0x92 })[c] ?? c.charCodeAt(0)),
  );

  it.each([
    [
      'UTF-8 with a byte-order mark and CRLF line endings',
      'ledger.txt',
      utf8(`\ufeff${ledger.replace(/\n/g, '\r\n')}  \r\n\r\n\r\n`),
    ],
    [
      'UTF-16 with a byte-order mark',
      'lighthouse.txt',
      Uint8Array.from([
        0xff,
        0xfe,
        ...new Uint8Array(Uint16Array.from(lighthouse, (c) => c.charCodeAt(0)).buffer),
      ]),
    ],
    ['Windows-1252', 'cafe.txt', windows1252],
    [
      'markdown with front matter',
      'orchard.md',
      utf8(`---\ntitle: The Glass Orchard\nauthor: R. Press\n---\n# Orchard\n\n${orchard}`),
    ],
  ])(
    'stores %s as the file and reads back exactly the text it indexed',
    async (_name, fileName, bytes) => {
      const { imported, doc } = await addFile(fileName, bytes);
      expect(await store.getDocumentText(doc.id)).toBe(imported.text);
      expect(doc).toMatchObject({ chars: imported.text.length, bytes: bytes.byteLength });
      const records = await raw((db) => db.getAll('chunks'));
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({
        docId: doc.id,
        n: 0,
        reader: fileName.endsWith('.md') ? 'md' : 'txt',
        readerVersion: 1,
        chars: imported.text.length,
      });
      expect(records[0].file).toBeInstanceOf(Blob);
      expect(records[0]).not.toHaveProperty('text');
    },
  );

  it('finds the same spans in a kept file as in the same text stored as text', async () => {
    const { doc } = await addFile('ledger.txt', utf8(ledger.replace(/\n/g, '\r\n')));
    const text = (await store.getDocumentText(doc.id)) ?? '';
    const { spans } = findSpans(
      await store.loadIndex(),
      `As the book says, ${quote}. Nobody knew.`,
      () => text,
    );
    expect(spans.map((s) => [s.docId, text.slice(s.sourceStart, s.sourceEnd)])).toEqual([
      [doc.id, quote],
    ]);
  });

  it('says what to do when the kept file no longer gives the text that was indexed', async () => {
    const imported = await importFile({ name: 'ledger.txt', bytes: utf8(ledger) });
    const damaged = new Blob([utf8(ledger.slice(0, -40))]);
    const { doc } = await store.addPrepared(
      prepareDocument({
        text: imported.text,
        title: 'L',
        format: 'txt',
        sourceFile: { blob: damaged, reader: 'txt' },
      }),
    );
    await expect(store.getDocumentText(doc.id)).rejects.toMatchObject({
      name: 'LibraryStoreError',
      code: 'storage',
      message: expect.stringMatching(/Delete the document and add its file again/),
    });
  });

  it('refuses a file kept by a newer reader version instead of giving a wrong text', async () => {
    const { doc } = await addFile('ledger.txt', utf8(ledger));
    await raw(async (db) => {
      const record = await db.get('chunks', [doc.id, 0]);
      await db.put('chunks', { ...record, readerVersion: 2 });
    });
    await expect(store.getDocumentText(doc.id)).rejects.toMatchObject({
      code: 'storage',
      message: expect.stringMatching(/newer version of Recital/),
    });
  });

  it('exports a kept file as its text, and a backup round trip loses nothing', async () => {
    const { imported, doc } = await addFile('orchard.md', utf8(`# Orchard\r\n\r\n${orchard}`));
    const target = await openLibraryStore('round-trip', { now });
    try {
      const report = await target.importLibrary(await store.exportLibrary());
      expect(report.added.map((d) => [d.id, d.contentHash])).toEqual([[doc.id, doc.contentHash]]);
      expect(await target.getDocumentText(doc.id)).toBe(imported.text);
    } finally {
      target.close();
    }
  });

  it('keeps the file when the wanted id belongs to another text and the document is indexed again', async () => {
    const { doc: other } = await store.addDocument({
      text: lighthouse,
      title: 'Other',
      format: 'txt',
    });
    const { imported, doc } = await addFile('ledger.txt', utf8(ledger), other.id);
    expect(doc.id).not.toBe(other.id);
    expect(await store.getDocumentText(doc.id)).toBe(imported.text);
    expect(await store.getDocumentText(other.id)).toBe(lighthouse);
  });
});

describe('deleting', () => {
  it('hides a deleted document from the list and the index until it is restored', async () => {
    const { doc } = await store.addDocument({ text: ledger, title: 'L', format: 'txt' });
    await store.addDocument({ text: orchard, title: 'O', format: 'txt' });
    expect(await store.deleteDocument(doc.id)).toBe(true);
    expect((await store.listDocuments()).map((d) => d.title)).toEqual(['O']);
    expect((await store.loadIndex()).has(doc.id)).toBe(false);
    expect(await store.restoreDocument(doc.id)).toBe(true);
    expect((await store.listDocuments()).map((d) => d.title)).toEqual(['L', 'O']);
    expect((await store.loadIndex()).has(doc.id)).toBe(true);
    expect(await store.deleteDocument('unknown')).toBe(false);
  });

  it('purges deleted documents with their chunks and index records', async () => {
    const a = await store.addDocument({ text: ledger, title: 'L', format: 'txt' });
    clock = 5_000;
    const b = await store.addDocument({ text: orchard, title: 'O', format: 'txt' });
    await store.deleteDocument(a.doc.id);
    clock = 9_000;
    await store.deleteDocument(b.doc.id);
    expect(await store.purgeDeleted(5_000)).toBe(1);
    expect(await store.getDocumentText(a.doc.id)).toBeUndefined();
    expect(await raw((db) => db.count('index'))).toBe(1);
    expect(await store.purgeDeleted()).toBe(1);
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
    const kept = await store.addDocument({ text: orchard, title: 'Kept', format: 'txt' });
    const chunksBefore = await countChunks();
    failIndexPut(() => new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const failed = store.addDocument({
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
    expect((await store.listDocuments()).map((d) => d.id)).toEqual([kept.doc.id]);
    expect(await countChunks()).toBe(chunksBefore);
    expect(await raw((db) => db.count('index'))).toBe(1);
    expect((await store.getStats()).indexBuilds).toBe(1);
    // The same text can be added once space is back.
    expect((await store.addDocument({ text: ledger, title: 'Now', format: 'txt' })).duplicate).toBe(
      false,
    );
  });

  it('rolls back on any other failure too, and rethrows it', async () => {
    failIndexPut(() => new DOMException('broken', 'DataError'));
    await expect(
      store.addDocument({ text: ledger, title: 'x', format: 'txt' }),
    ).rejects.toMatchObject({ name: 'DataError' });
    vi.restoreAllMocks();
    expect(await store.listDocuments()).toEqual([]);
    expect(await countChunks()).toBe(0);
  });
});

describe('the index', () => {
  it('loads every active document from its stored record without re-indexing', async () => {
    await store.addDocument({ text: ledger, title: 'L', format: 'txt' });
    await store.addDocument({ text: orchard, title: 'O', format: 'txt' });
    const reopened = await openLibraryStore('test', { now });
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
    await store.addDocument({ text: ledger, title: 'L', format: 'txt' });
    const first = await store.loadIndex();
    await store.addDocument({ text: orchard, title: 'O', format: 'txt' });
    const second = await store.loadIndex({ reuse: first });
    expect(store.lastIndexLoad()).toEqual({ reused: 1, read: 1, rebuilt: 0, fromTable: 0 });
    expect(second.size).toBe(2);
    expect(first.size).toBe(1);
  });

  it('loads only the documents asked for', async () => {
    await store.addDocument({ text: ledger, title: 'L', format: 'txt' });
    const { doc } = await store.addDocument({ text: orchard, title: 'O', format: 'txt' });
    const index = await store.loadIndex({ only: [doc.id, 'unknown'] });
    expect(index.documents().map((d) => d.id)).toEqual([doc.id]);
    expect(store.lastIndexLoad()).toEqual({ reused: 0, read: 1, rebuilt: 0, fromTable: 0 });
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
      const { doc } = await store.addDocument({ text: ledger, title: 'L', format: 'txt' });
      await store.addDocument({ text: orchard, title: 'O', format: 'txt' });
      await raw(async (db) => {
        const record = (await db.get('index', doc.id)) as {
          docId: string;
          version: number;
          data: ArrayBuffer;
        };
        await db.put('index', spoil(record));
      });
      const index = await store.loadIndex();
      expect(store.lastIndexLoad()).toEqual({ reused: 0, read: 1, rebuilt: 1, fromTable: 0 });
      expect(index.document(doc.id)?.contentHash).toBe(doc.contentHash);
      expect((await store.getStats()).indexBuilds).toBe(3);
      await store.loadIndex();
      expect(store.lastIndexLoad()).toEqual({ reused: 0, read: 2, rebuilt: 0, fromTable: 0 });
    },
  );

  it('rebuilds a missing record', async () => {
    const { doc } = await store.addDocument({ text: ledger, title: 'L', format: 'txt' });
    await raw((db) => db.delete('index', doc.id));
    expect((await store.loadIndex()).has(doc.id)).toBe(true);
    expect(store.lastIndexLoad().rebuilt).toBe(1);
  });
});

describe('the saved lookup table', () => {
  const reply = `As the book says, ${quote}. And: ${orchard.slice(200, 500)}`;
  /** Scans `reply` with the index, reading texts from the store. */
  async function spansOf(
    index: PassageIndex,
    from: LibraryStore = store,
  ): Promise<{ docId: string; replyStart: number }[]> {
    const texts = new Map<string, string>();
    for (const d of index.documents())
      texts.set(d.id, (await from.getDocumentText(d.id)) as string);
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
    const ledgerId = (await store.addDocument({ text: ledger, title: 'L', format: 'txt' })).doc.id;
    const orchardId = (await store.addDocument({ text: orchard, title: 'O', format: 'txt' })).doc
      .id;
    await store.addDocument({ text: lighthouse, title: 'H', format: 'txt' });
    const index = await store.loadIndex();
    const expected = await spansOf(index);
    expect(await store.saveIndexTable(index)).toBe(true);
    return { ledgerId, orchardId, expected };
  }

  it('is read instead of the records on the next load, with the same spans and nothing re-indexed', async () => {
    const { expected } = await seedAndSave();
    expect(expected.length).toBeGreaterThan(1);
    const reopened = await openLibraryStore('test', { now });
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
      ({ ledgerId }) => store.deleteDocument(ledgerId),
      { read: 0, fromTable: 2 },
      ['O'],
    ],
    [
      'a document deleted and purged after the save',
      async ({ ledgerId }) => (await store.deleteDocument(ledgerId), store.purgeDeleted()),
      { read: 0, fromTable: 2 },
      ['O'],
    ],
    [
      'a document deleted and restored after the save',
      async ({ ledgerId }) => (
        await store.deleteDocument(ledgerId),
        store.restoreDocument(ledgerId)
      ),
      { read: 0, fromTable: 3 },
      ['L', 'O'],
    ],
    [
      'a document added after the save',
      () => store.addDocument({ text: `Prologue. ${quote} again.`, title: 'N', format: 'txt' }),
      { read: 1, fromTable: 3 },
      ['L', 'O'],
    ],
    [
      'a document purged, then its id given to another text',
      async ({ orchardId }) => {
        await store.deleteDocument(orchardId);
        await store.purgeDeleted();
        await store.addDocument({
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
      const reopened = await openLibraryStore('test', { now });
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
    const index = await store.loadIndex();
    expect(store.lastIndexLoad()).toEqual({ reused: 0, read: 3, rebuilt: 0, fromTable: 0 });
    expect(await spansOf(index)).toEqual(expected);
  });

  it('keeps documents added later in a small delta table, so the next load reads no record', async () => {
    const { expected } = await seedAndSave();
    const added = await store.addDocument({
      text: 'A short preface of a dozen words, written after the table was saved.',
      title: 'N',
      format: 'txt',
    });
    const index = await store.loadIndex();
    expect(store.lastIndexLoad()).toEqual({ reused: 0, read: 1, rebuilt: 0, fromTable: 3 });
    await store.saveIndexTable(index, { base: false });
    const reopened = await openLibraryStore('test', { now });
    const again = await reopened.loadIndex();
    expect(reopened.lastIndexLoad()).toEqual({ reused: 0, read: 0, rebuilt: 0, fromTable: 4 });
    expect(again.has(added.doc.id)).toBe(true);
    expect(await spansOf(again, reopened)).toEqual(expected);
    reopened.close();
  });

  it('does not use a delta table saved beside another base table', async () => {
    await seedAndSave();
    await store.addDocument({
      text: 'A short preface of a dozen words, written after the table was saved.',
      title: 'N',
      format: 'txt',
    });
    const index = await store.loadIndex();
    await store.saveIndexTable(index, { base: false });
    const oldDelta = await raw((db) => db.get('tables', 'delta'));
    // A merge writes a new base and no delta; then the old delta comes back (a stale copy).
    const { doc } = await store.addDocument({
      text: ledger.replace(/ledger/g, 'register'),
      title: 'R',
      format: 'txt',
    });
    const merged = await store.loadIndex();
    merged.prepare();
    await store.saveIndexTable(merged);
    expect(await raw((db) => db.count('tables', 'delta'))).toBe(0);
    await raw((db) => db.put('tables', oldDelta));
    const again = await store.loadIndex();
    expect(store.lastIndexLoad()).toEqual({ reused: 0, read: 0, rebuilt: 0, fromTable: 5 });
    expect(again.has(doc.id)).toBe(true);
    expect(await spansOf(again)).toEqual(
      await spansOf(
        await store.loadIndex({ only: (await store.listDocuments()).map((d) => d.id) }),
      ),
    );
  });

  it('removes the saved table when the index is empty', async () => {
    await seedAndSave();
    expect(await store.saveIndexTable(new PassageIndex())).toBe(false);
    expect(await raw((db) => db.count('tables'))).toBe(0);
  });

  it('is not used when only some documents are asked for', async () => {
    const { ledgerId } = await seedAndSave();
    await store.loadIndex({ only: [ledgerId] });
    expect(store.lastIndexLoad()).toEqual({ reused: 0, read: 1, rebuilt: 0, fromTable: 0 });
  });
});

describe('settings', () => {
  it('starts from the defaults, merges changes and rejects invalid ones', async () => {
    expect(await store.getSettings()).toEqual(DEFAULT_SETTINGS);
    expect(await store.setSettings({ minWords: 20 })).toEqual({
      ...DEFAULT_SETTINGS,
      minWords: 20,
    });
    await expect(store.setSettings({ minWords: 0 })).rejects.toMatchObject({ code: 'bad-input' });
    expect((await store.getSettings()).minWords).toBe(20);
  });
});

describe('storage estimate', () => {
  it('sums the text of active documents', async () => {
    const { doc } = await store.addDocument({ text: ledger, title: 'L', format: 'txt' });
    expect(await store.storageEstimate()).toMatchObject({ documents: 1, textBytes: doc.bytes });
  });
});

describe('migration from earlier schemas', () => {
  it('keeps every v1 document, its text and its index record, and adds v2 fields and defaults', async () => {
    store.close();
    globalThis.indexedDB = new IDBFactory();
    // The v1 schema as it shipped: no tags, no status, no settings defaults.
    const v1 = await openDB('v1', 1, {
      upgrade(db) {
        const docs = db.createObjectStore('docs', { keyPath: 'id' });
        docs.createIndex('contentHash', 'contentHash', { unique: true });
        docs.createIndex('addedAt', 'addedAt');
        db.createObjectStore('chunks', { keyPath: ['docId', 'n'] });
        db.createObjectStore('index', { keyPath: 'docId' });
        db.createObjectStore('settings', { keyPath: 'key' });
        db.createObjectStore('audit', { keyPath: 'id' }).createIndex('time', 'time');
      },
    });
    const index = new PassageIndex();
    const texts = { a: ledger, b: orchard.replace(/\n/g, '\r\n') };
    for (const [id, text] of Object.entries(texts)) {
      const entry = index.addDocument(id, text);
      await v1.put('docs', {
        id,
        title: id.toUpperCase(),
        format: 'txt',
        chars: text.length,
        bytes: text.length,
        words: entry.words,
        addedAt: id === 'a' ? 1 : 2,
        contentHash: entry.contentHash,
      });
      await v1.put('chunks', { docId: id, n: 0, text: text.slice(0, 100) });
      await v1.put('chunks', { docId: id, n: 1, text: text.slice(100) });
      await v1.put('index', {
        docId: id,
        version: INDEX_FORMAT_VERSION,
        data: index.serializeDocument(id),
      });
    }
    await v1.put('audit', { id: 'x', time: 5 });
    v1.close();

    const migrated = await openLibraryStore('v1', { now });
    const docs = await migrated.listDocuments();
    expect(docs.map((d) => [d.id, d.title, d.tags, d.status])).toEqual([
      ['a', 'A', [], 'active'],
      ['b', 'B', [], 'active'],
    ]);
    expect(await migrated.getDocumentText('a')).toBe(texts.a);
    expect(await migrated.getDocumentText('b')).toBe(texts.b);
    expect(await migrated.getSettings()).toEqual(DEFAULT_SETTINGS);
    expect((await migrated.loadIndex()).size).toBe(2);
    expect(migrated.lastIndexLoad()).toEqual({ reused: 0, read: 2, rebuilt: 0, fromTable: 0 });
    await migrated.updateDocument('a', { tags: ['kept'] });
    migrated.close();
    const db = await openDB('v1');
    expect(db.version).toBe(LIBRARY_SCHEMA_VERSION);
    expect(await db.getAllKeysFromIndex('docs', 'tags', 'kept')).toEqual(['a']);
    expect(await db.count('audit')).toBe(1);
    db.close();
  });

  it('opens a v2 database (documents, texts, records, settings, audit) and saves a lookup table in it', async () => {
    store.close();
    globalThis.indexedDB = new IDBFactory();
    // The v2 schema as it shipped: v1 plus the tags and status indexes, no saved table.
    const v2 = await openDB('v2', 2, {
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
      },
    });
    const index = new PassageIndex();
    const texts = { a: ledger, b: orchard, c: lighthouse };
    for (const [id, text] of Object.entries(texts)) {
      const entry = index.addDocument(id, text);
      const status = id === 'c' ? 'deleted' : 'active';
      await v2.put('docs', {
        id,
        title: id.toUpperCase(),
        tags: ['t'],
        format: 'txt',
        chars: text.length,
        bytes: text.length,
        words: entry.words,
        addedAt: id.charCodeAt(0),
        contentHash: entry.contentHash,
        status,
        ...(status === 'deleted' && { deletedAt: 3 }),
      });
      await v2.put('chunks', { docId: id, n: 0, text });
      await v2.put('index', {
        docId: id,
        version: INDEX_FORMAT_VERSION,
        data: index.serializeDocument(id),
      });
    }
    await v2.put('settings', { key: 'settings', value: { ...DEFAULT_SETTINGS, minWords: 15 } });
    await v2.put('settings', { key: 'stats', value: { indexBuilds: 3 } });
    await v2.put('audit', { id: 'x', time: 5 });
    v2.close();

    const migrated = await openLibraryStore('v2', { now });
    expect((await migrated.listDocuments()).map((d) => [d.id, d.tags, d.status])).toEqual([
      ['a', ['t'], 'active'],
      ['b', ['t'], 'active'],
    ]);
    expect(await migrated.getDocumentText('b')).toBe(orchard);
    expect((await migrated.getSettings()).minWords).toBe(15);
    expect(await migrated.listAuditRecords()).toHaveLength(1);
    const loaded = await migrated.loadIndex();
    expect(migrated.lastIndexLoad()).toEqual({ reused: 0, read: 2, rebuilt: 0, fromTable: 0 });
    expect(await migrated.saveIndexTable(loaded)).toBe(true);
    expect(await migrated.restoreDocument('c')).toBe(true);
    migrated.close();

    const reopened = await openLibraryStore('v2', { now });
    expect((await reopened.loadIndex()).size).toBe(3);
    expect(reopened.lastIndexLoad()).toEqual({ reused: 0, read: 1, rebuilt: 0, fromTable: 2 });
    expect((await reopened.getStats()).indexBuilds).toBe(3);
    // Builds since add to the counter the earlier version kept.
    await reopened.addDocument({
      text: 'A new text written after the upgrade, with enough words to index.',
      title: 'New',
      format: 'txt',
    });
    expect((await reopened.getStats()).indexBuilds).toBe(4);
    reopened.close();
    const db = await openDB('v2');
    expect(db.version).toBe(LIBRARY_SCHEMA_VERSION);
    expect(LIBRARY_SCHEMA_VERSION).toBe(3);
    db.close();
  });

  it('refuses a database from a newer schema with a clear error', async () => {
    store.close();
    const newer = await openDB('future', LIBRARY_SCHEMA_VERSION + 1);
    newer.close();
    await expect(openLibraryStore('future')).rejects.toMatchObject({
      code: 'storage',
      message: expect.stringContaining('newer version'),
    });
  });
});
