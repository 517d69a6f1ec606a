import 'fake-indexeddb/auto';
import fs from 'node:fs';
import path from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  ArchiveFormatError,
  decodeLibraryArchive,
  encodeLibraryArchive,
  type LibraryArchive,
} from '../../../src/library/export-format';
import {
  DEFAULT_SETTINGS,
  openLibraryStore,
  type LibraryStore,
} from '../../../src/library/store/index';

const SAMPLES = path.resolve(import.meta.dirname, '../../../samples/library');
const ledger = fs.readFileSync(path.join(SAMPLES, 'salt-and-ledger.txt'), 'utf8');
const orchard = fs.readFileSync(path.join(SAMPLES, 'the-glass-orchard.txt'), 'utf8');

const texts = {
  prose: ledger,
  crlf: orchard.replace(/\n/g, '\r\n'),
  unicode:
    '\uFEFFÉlodie écrivit: « le café 😀 est froid » — 東京の夜は静かだった, и всё было тихо в тот вечер.',
  loneSurrogate:
    'A text a broken converter left with a lone surrogate \uD800 in the middle of its many words here.',
  trailingSpace:
    'Trailing whitespace and blank lines matter for offsets, so they must survive as they are.\n\n\n   ',
};

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

const restoreDocuments = async (store: LibraryStore, bytes: Uint8Array) =>
  store.restoreDocuments(await store.planRestore(bytes));

describe('the backup archive', () => {
  it.each(Object.entries(texts))('round-trips the %s text byte for byte', async (_name, text) => {
    const archive: LibraryArchive = {
      exportedAt: 7,
      settings: { minWords: 9 },
      documents: [{ meta: { id: 'd1', title: 'T', tags: ['a'], format: 'txt', addedAt: 3 }, text }],
    };
    expect(await decodeLibraryArchive(encodeLibraryArchive(archive))).toEqual(archive);
  });
});

describe('the manifest of a backup archive', () => {
  it('writes a manifest first and one text file per document', () => {
    const bytes = encodeLibraryArchive({
      exportedAt: 1,
      settings: {},
      documents: [
        { meta: { id: 'a', title: 'A', tags: [], format: 'txt', addedAt: 1 }, text: 'hello' },
        {
          meta: { id: 'b', title: 'B', tags: [], format: 'txt', addedAt: 2 },
          text: texts.loneSurrogate,
        },
      ],
    });
    const files = unzipSync(bytes);
    expect(Object.keys(files)).toEqual(['manifest.json', 'texts/00001.txt', 'texts/00002.utf16le']);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as {
      format: string;
      version: number;
    };
    expect(manifest).toMatchObject({ format: ARCHIVE_FORMAT, version: ARCHIVE_VERSION });
  });

  it.each([
    ['bytes that are not a zip', strToU8('hello'), 'not a zip'],
    ['a zip without a manifest', zipSync({ 'a.txt': strToU8('x') }), 'no manifest'],
    [
      'a manifest of another program',
      zipSync({ 'manifest.json': strToU8('{"format":"other"}') }),
      'not a Recital library backup',
    ],
    [
      'a backup from a newer version',
      zipSync({
        'manifest.json': strToU8(
          JSON.stringify({ format: ARCHIVE_FORMAT, version: ARCHIVE_VERSION + 1, documents: [] }),
        ),
      }),
      'newer version',
    ],
    [
      'a backup missing a text file',
      zipSync({
        'manifest.json': strToU8(
          JSON.stringify({
            format: ARCHIVE_FORMAT,
            version: 1,
            documents: [
              {
                id: 'a',
                title: 'A',
                tags: [],
                format: 'txt',
                addedAt: 1,
                file: 'texts/1.txt',
                encoding: 'utf-8',
                chars: 3,
              },
            ],
          }),
        ),
      }),
      'missing the text',
    ],
    [
      'a truncated text',
      zipSync({
        'manifest.json': strToU8(
          JSON.stringify({
            format: ARCHIVE_FORMAT,
            version: 1,
            documents: [
              {
                id: 'a',
                title: 'A',
                tags: [],
                format: 'txt',
                addedAt: 1,
                file: 't',
                encoding: 'utf-8',
                chars: 30,
              },
            ],
          }),
        ),
        t: strToU8('short'),
      }),
      'damaged',
    ],
  ])('rejects %s with a clear message', async (_name, bytes, message) => {
    await expect(decodeLibraryArchive(bytes)).rejects.toThrow(ArchiveFormatError);
    await expect(decodeLibraryArchive(bytes)).rejects.toThrow(message);
  });
});

describe('exporting and importing a library', () => {
  it('restores documents, texts, metadata and settings exactly in an empty browser profile', async () => {
    let clock = 100;
    const source = await openLibraryStore('source', { now: () => clock++ });
    const added = [];
    for (const [name, text] of Object.entries(texts)) {
      added.push(
        (
          await source.addDocument({
            text,
            title: `Title ${name}`,
            author: name === 'prose' ? 'R. Press' : undefined,
            tags: [name, 'backup'],
            fileName: `${name}.txt`,
            format: name === 'crlf' ? 'epub' : 'txt',
          })
        ).doc,
      );
    }
    await source.deleteDocument(added[1]?.id as string);
    await source.setSettings({ minWords: 15, disabledSites: ['poe'] });
    const bytes = await source.exportLibrary();
    const before = await source.listDocuments();
    source.close();

    globalThis.indexedDB = new IDBFactory();
    const target = await openLibraryStore('target', { now: () => 99_999 });
    const plan = await target.planRestore(bytes);
    expect(plan.settings.patch).toEqual({ minWords: 15, disabledSites: ['poe'] });
    const report = await target.restoreDocuments(plan);
    expect(report.added).toHaveLength(before.length);
    expect(report.duplicates).toEqual([]);
    expect(report.failed).toEqual([]);
    expect(await target.listDocuments()).toEqual(before);
    for (const doc of before)
      expect(await target.getDocumentText(doc.id)).toBe(texts[doc.tags[0] as keyof typeof texts]);
    expect(await target.getSettings()).toEqual(DEFAULT_SETTINGS);
    await target.setSettings(plan.settings.patch);
    expect(await target.getSettings()).toEqual({
      ...DEFAULT_SETTINGS,
      minWords: 15,
      disabledSites: ['poe'],
    });
    expect((await target.loadIndex()).size).toBe(before.length);

    const again = await target.planRestore(bytes);
    expect(again.toAdd).toEqual([]);
    expect(again.skipped).toEqual(before.map((d) => d.title));
    expect(again.settings.patch).toEqual({});
    target.close();
  });

  it('lists a document it cannot add and still adds the others', async () => {
    const store = await openLibraryStore('partial');
    const bytes = encodeLibraryArchive({
      exportedAt: 0,
      settings: {},
      documents: [
        { meta: { id: 'a', title: 'Empty', tags: [], format: 'txt', addedAt: 1 }, text: '   ' },
        { meta: { id: 'b', title: 'Ledger', tags: [], format: 'txt', addedAt: 2 }, text: ledger },
      ],
    });
    const plan = await store.planRestore(bytes);
    expect(plan.unreadable).toEqual([{ title: 'Empty', message: 'The text is empty.' }]);
    const report = await store.restoreDocuments(plan);
    expect(report.added.map((d) => d.id)).toEqual(['b']);
    store.close();
  });

  it('gives an imported document a new id when its id belongs to another text', async () => {
    const a = await openLibraryStore('a');
    const { doc } = await a.addDocument({ text: ledger, title: 'Ledger', format: 'txt' });
    const bytes = await a.exportLibrary();
    a.close();
    globalThis.indexedDB = new IDBFactory();
    const b = await openLibraryStore('b');
    const other = await restoreDocuments(
      b,
      encodeLibraryArchive({
        exportedAt: 0,
        settings: {},
        documents: [
          {
            meta: { id: doc.id, title: 'Orchard', tags: [], format: 'txt', addedAt: 1 },
            text: orchard,
          },
        ],
      }),
    );
    const report = await restoreDocuments(b, bytes);
    expect(report.added[0]?.id).not.toBe(doc.id);
    expect(report.added[0]?.title).toBe('Ledger');
    expect(await b.getDocumentText(report.added[0]?.id as string)).toBe(ledger);
    expect(await b.getDocumentText(other.added[0]?.id as string)).toBe(orchard);
    expect((await b.loadIndex()).size).toBe(2);
    expect(b.lastIndexLoad().rebuilt).toBe(0);
    b.close();
  });
});
