import { describe, expect, it } from 'vitest';
import { findSpans } from '../../../../src/core/index';
import { importFile } from '../../../../src/library/import/index';
import { openLibraryStore, prepareDocument } from '../../../../src/library/store/index';
import { ledger, lighthouse, orchard, quote, raw, useTestStore } from './store-fixture';

const t = useTestStore();

/** Adds the file's text, then stores the file in its place as an earlier version did. */
const addFile = async (name: string, bytes: Uint8Array<ArrayBuffer>, file = new Blob([bytes])) => {
  const imported = await importFile({ name, bytes });
  const reader = imported.format === 'md' ? 'md' : 'txt';
  const { doc } = await t.store.addDocument({
    text: imported.text,
    title: imported.title,
    format: imported.format,
    fileName: name,
  });
  const chars = imported.text.length;
  await raw(async (db) => {
    await db.delete('chunks', IDBKeyRange.bound([doc.id, 0], [doc.id, Infinity]));
    await db.put('chunks', { docId: doc.id, n: 0, file, reader, readerVersion: 1, chars });
  });
  return { imported, doc };
};
const utf8 = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);
const windows1252 = Uint8Array.from(
  [
    ...'Caf\u00e9 na\u00efve: the r\u00e9sum\u00e9 was \u201cfine\u201d, said the ma\u00eetre d\u2019h\u00f4tel to every guest.',
  ].map((c) => ({ '\u201c': 0x93, '\u201d': 0x94, '\u2019': 0x92 })[c] ?? c.charCodeAt(0)),
);

describe('documents an earlier version kept as their picked file', () => {
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
    'reads back exactly the text it indexed from %s kept as the file',
    async (_name, fileName, bytes) => {
      const { imported, doc } = await addFile(fileName, bytes);
      expect(await t.store.getDocumentText(doc.id)).toBe(imported.text);
    },
  );

  it('finds the same spans in a kept file as in the same text stored as text', async () => {
    const { doc } = await addFile('ledger.txt', utf8(ledger.replace(/\n/g, '\r\n')));
    const text = (await t.store.getDocumentText(doc.id)) ?? '';
    const { spans } = findSpans(
      await t.store.loadIndex(),
      `As the book says, ${quote}. Nobody knew.`,
      () => text,
    );
    expect(spans.map((s) => [s.docId, text.slice(s.sourceStart, s.sourceEnd)])).toEqual([
      [doc.id, quote],
    ]);
  });
});

describe('a picked file kept as it is', () => {
  it('is stored as the file, counted at its size, and reads back as the text it indexed', async () => {
    const bytes = utf8(`\ufeff${ledger.replace(/\n/g, '\r\n')}  \r\n`);
    const imported = await importFile({ name: 'ledger.txt', bytes });
    const blob = new Blob([bytes]);
    const { doc } = await t.store.addPrepared(
      prepareDocument({
        text: imported.text,
        title: 'L',
        format: 'txt',
        sourceFile: { blob, reader: 'txt' },
      }),
    );
    expect(doc.bytes).toBe(bytes.byteLength);
    const records = await raw((db) => db.getAll('chunks'));
    expect(records).toEqual([
      {
        docId: doc.id,
        n: 0,
        file: expect.any(Blob),
        reader: 'txt',
        readerVersion: 1,
        chars: imported.text.length,
      },
    ]);
    expect(await t.store.getDocumentText(doc.id)).toBe(imported.text);
  });
});

describe('kept files that cannot give their text', () => {
  it('says what to do when the kept file no longer gives the text that was indexed', async () => {
    const damaged = new Blob([utf8(ledger.slice(0, -40))]);
    const { doc } = await addFile('ledger.txt', utf8(ledger), damaged);
    await expect(t.store.getDocumentText(doc.id)).rejects.toMatchObject({
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
    await expect(t.store.getDocumentText(doc.id)).rejects.toMatchObject({
      code: 'storage',
      message: expect.stringMatching(/newer version of Recital/),
    });
  });

  it('exports a kept file as its text, and a backup round trip loses nothing', async () => {
    const { imported, doc } = await addFile('orchard.md', utf8(`# Orchard\r\n\r\n${orchard}`));
    const target = await openLibraryStore('round-trip', { now: t.now });
    try {
      const plan = await target.planRestore(await t.store.exportLibrary());
      const report = await target.restoreDocuments(plan);
      expect(report.added.map((d) => [d.id, d.contentHash])).toEqual([[doc.id, doc.contentHash]]);
      expect(await target.getDocumentText(doc.id)).toBe(imported.text);
    } finally {
      target.close();
    }
  });
});
