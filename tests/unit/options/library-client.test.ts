import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { importFile, importPastedText } from '../../../src/library/import/index';
import { ImportError } from '../../../src/library/import/types';
import {
  DEFAULT_SETTINGS,
  openLibraryStore,
  type LibrarySettings,
  type LibraryStore,
} from '../../../src/library/store/index';
import { describeError } from '../../../src/options/describe-error';
import type { DocumentWriter } from '../../../src/library/document-writer';
import {
  createLibraryClient,
  type FileToImport,
  type LibraryChange,
  type LibraryClient,
} from '../../../src/options/library-client';

vi.mock('../../../src/shared/browser', () => ({ browser: {} }));

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const fileOf = (name: string, bytes: Uint8Array, type = 'text/plain'): FileToImport => ({
  name,
  type,
  size: bytes.byteLength,
  read: async () => bytes,
});
const PASSAGE =
  'The orchard behind the mill had not been pruned in nine winters, and the branches had grown into one another like the fingers of clasped hands.';

const OTHER_PASSAGE =
  'The ferryman counted the lanterns on the far bank every evening, and on the night one was missing he refused to cross.';

let store: LibraryStore;
let client: LibraryClient;
let announced: number;
let changes: LibraryChange[];

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  store = await openLibraryStore(`options-${Math.random()}`);
  announced = 0;
  changes = [];
  client = createLibraryClient(store, { importFile, importPastedText }, async (change) => {
    announced += 1;
    changes.push(change);
  });
});

describe('the library client', () => {
  it('imports a file with its title from the file name and lists it with words, size and date', async () => {
    const outcome = await client.importFile(fileOf('The_Quiet_Orchard.txt', encode(PASSAGE)));
    expect(outcome).toMatchObject({
      status: 'imported',
      entry: { title: 'The Quiet Orchard', fileName: 'The_Quiet_Orchard.txt', format: 'txt' },
    });
    const [entry] = await client.list();
    expect(entry).toMatchObject({ title: 'The Quiet Orchard', bytes: PASSAGE.length, tags: [] });
    expect(entry?.words).toBe(PASSAGE.split(' ').length);
    expect(entry?.addedAt).toBeGreaterThan(0);
  });

  it('starts the next file while the previous one is written, and lists them in the order started', async () => {
    const second =
      'Every spring the ferryman repainted his boat a different colour, and every autumn the harbour children argued about which had been best.';
    const first = await client.startImport(fileOf('B_Orchard.txt', encode(PASSAGE)));
    const next = await client.startImport(fileOf('A_Ferry.txt', encode(second)));
    const outcomes = await Promise.all([first.written, next.written]);
    expect(outcomes.map((o) => o.status)).toEqual(['imported', 'imported']);
    expect((await store.listDocuments()).map((d) => d.title)).toEqual(['B Orchard', 'A Ferry']);
    const failed = await client.startImport(fileOf('empty.txt', new Uint8Array(0)));
    expect(await failed.written).toMatchObject({ status: 'failed' });
  });

  /** A writer whose workers "read" every file: it records what it was handed. */
  const recordingWriter = (readsFilesInWorker: boolean, sources: unknown[]): DocumentWriter => ({
    capacity: 2,
    readsFilesInWorker,
    writeFile: async (source, fields) => {
      sources.push(source);
      // A text of its own each time, so no write is found a duplicate of an earlier one.
      return store.addDocument({
        text: `${PASSAGE}${' And again.'.repeat(sources.length)}`,
        title: 'From the worker',
        format: 'txt',
        ...fields,
      });
    },
    write: (input) => store.addDocument(input),
    prepare: () => undefined,
    close: () => undefined,
    takeIndexRecords: () => new Map(),
  });

  it.each([
    'book.epub',
    'report.DOCX',
    'paper.pdf',
    'page.html',
    'page.htm',
    'chapter.xhtml',
    'notes.md',
    'notes.markdown',
    'ferry.txt',
    'no-extension',
  ])('hands a picked %s to the import workers unread', async (name) => {
    const sources: unknown[] = [];
    const importer = { importFile: vi.fn(importFile), importPastedText };
    const paged = createLibraryClient(
      store,
      importer,
      async () => undefined,
      recordingWriter(true, sources),
    );
    const file = new Blob([PASSAGE]);
    const read = vi.fn(() => Promise.reject(new Error('read in the page')));
    const picked: FileToImport = { name, type: '', size: file.size, file, read };
    expect(await paged.importFile(picked)).toMatchObject({ status: 'imported' });
    expect(sources).toEqual([{ name, type: '', file }]);
    expect(read).not.toHaveBeenCalled();
    expect(importer.importFile).not.toHaveBeenCalled();
  });

  it('reads a file in the page when no import worker can run, or hands over its bytes when there is no picked file', async () => {
    const sources: unknown[] = [];
    const importer = { importFile: vi.fn(importFile), importPastedText };
    const paged = createLibraryClient(
      store,
      importer,
      async () => undefined,
      recordingWriter(false, sources),
    );
    const read = vi.fn(async () => encode(PASSAGE));
    const picked = { name: 'page.txt', type: 'text/plain', size: PASSAGE.length, read };
    expect(await paged.importFile({ ...picked, file: new Blob([PASSAGE]) })).toMatchObject({
      status: 'imported',
      entry: { title: 'page' },
    });
    expect(read).toHaveBeenCalledOnce();
    expect(importer.importFile).toHaveBeenCalledOnce();
    expect(sources).toEqual([]);

    // Workers, but only the bytes (no File): the page reads them and hands them over.
    const unpicked = createLibraryClient(
      store,
      importer,
      async () => undefined,
      recordingWriter(true, sources),
    );
    const bytes = encode(OTHER_PASSAGE);
    expect(await unpicked.importFile(fileOf('bytes.epub', bytes, ''))).toMatchObject({
      status: 'imported',
    });
    expect(sources).toEqual([{ name: 'bytes.epub', type: '', bytes }]);
    expect(importer.importFile).toHaveBeenCalledOnce();
  });

  it('tells the user when a file cannot be read any more', async () => {
    const outcome = await client.importFile({
      name: 'gone.txt',
      type: '',
      size: 10,
      read: () =>
        Promise.reject(new DOMException('A requested file could not be found.', 'NotFoundError')),
    });
    expect(outcome).toEqual({
      status: 'failed',
      message: expect.stringMatching(
        /^This file could not be read \(A requested file could not be found\.\)\. Check that it is still on your disk/,
      ),
    });
  });
});

describe('the library client: duplicates, limits and pasted text', () => {
  it('reports the same text again as a duplicate of the document already there', async () => {
    await client.importFile(fileOf('first.txt', encode(PASSAGE)));
    const again = await client.importFile(fileOf('copy.txt', encode(`${PASSAGE}\r\n`)));
    expect(again).toMatchObject({ status: 'duplicate', entry: { title: 'first' } });
    expect(await client.list()).toHaveLength(1);
  });

  it.each([
    [
      'a binary file named .txt',
      'photo.txt',
      new Uint8Array(2048).map((_, i) => (i * 37 + 11) % 256),
      /does not contain readable text/,
    ],
    ['an empty file', 'empty.txt', new Uint8Array(0), /empty/],
    ['an unsupported format', 'novel.odt', encode('whatever'), /cannot read \.odt files/],
  ])(
    'turns %s into a failed outcome with the importer’s message, and stores nothing',
    async (_name, fileName, bytes, message) => {
      const outcome = await client.importFile(fileOf(fileName, bytes, ''));
      expect(outcome.status).toBe('failed');
      expect(outcome.status === 'failed' && outcome.message).toMatch(message);
      expect(await client.list()).toEqual([]);
    },
  );

  it('refuses a file over the importer’s limit without reading it', async () => {
    let wasRead = false;
    const outcome = await client.importFile({
      name: 'all-my-books.pdf',
      type: 'application/pdf',
      size: 3 * 2 ** 30,
      read: async () => {
        wasRead = true;
        return new Uint8Array();
      },
    });
    expect(outcome).toEqual({
      status: 'failed',
      message: expect.stringMatching(/larger than 256 MB.*Split it/),
    });
    expect(wasRead).toBe(false);
  });

  it('reports a file that can no longer be read, saying what to check', async () => {
    const outcome = await client.importFile({
      name: 'moved.txt',
      type: 'text/plain',
      size: 10,
      read: () =>
        Promise.reject(new DOMException('A requested file could not be found.', 'NotFoundError')),
    });
    expect(outcome).toEqual({
      status: 'failed',
      message: expect.stringMatching(/could not be read.*still on your disk/),
    });
  });

  it('adds pasted text with the title, author and tags given, or the first line as title', async () => {
    const given = await client.addText({
      title: '  Orchard  ',
      author: ' Ada Merrow ',
      text: PASSAGE,
      tags: ['sample'],
    });
    expect(given).toMatchObject({
      status: 'imported',
      entry: { title: 'Orchard', author: 'Ada Merrow', tags: ['sample'], format: 'paste' },
    });
    const untitled = await client.addText({
      title: '',
      author: '',
      text: 'First line here\n\nAnd a second paragraph with some more words in it.',
    });
    expect(untitled).toMatchObject({ status: 'imported', entry: { title: 'First line here' } });
    expect(untitled.status !== 'failed' && untitled.entry.author).toBeUndefined();
  });

  it('refuses empty pasted text with a message saying what to do', async () => {
    const outcome = await client.addText({ title: 'x', author: '', text: '   \n  ' });
    expect(outcome).toEqual({
      status: 'failed',
      message: expect.stringMatching(/Paste the passage/),
    });
  });
});

describe('the library client: edits, backups and the background', () => {
  it('saves edited metadata, clearing the author when emptied', async () => {
    const added = await client.addText({ title: 'Old', author: 'Someone', text: PASSAGE });
    if (added.status === 'failed') throw new Error(added.message);
    await client.update(added.entry.id, {
      title: 'New title',
      author: '',
      tags: ['memoir', 'food'],
    });
    const [entry] = await client.list();
    expect(entry).toMatchObject({
      id: added.entry.id,
      title: 'New title',
      tags: ['memoir', 'food'],
    });
    expect(entry?.author).toBeUndefined();
  });

  it('removes a document and restores it with the same id, date and text', async () => {
    const added = await client.addText({ title: 'Keep me', author: '', text: PASSAGE });
    if (added.status === 'failed') throw new Error(added.message);
    await client.remove(added.entry.id);
    expect(await client.list()).toEqual([]);
    await client.restore(added.entry.id);
    expect(await client.list()).toEqual([added.entry]);
    expect(await store.getDocumentText(added.entry.id)).toBe(PASSAGE);
  });

  it('exports a backup that restores the same documents into an empty library, then reports duplicates', async () => {
    await client.addText({ title: 'One', author: 'A', text: PASSAGE, tags: ['t'] });
    await client.addText({
      title: 'Two',
      author: '',
      text: 'A completely different passage about paper boats that float for a while.',
    });
    const backup = await client.exportBackup();
    const before = await client.list();

    const other = createLibraryClient(
      await openLibraryStore(`other-${Math.random()}`),
      { importFile, importPastedText },
      async () => undefined,
    );
    const first = await other.previewBackup(backup);
    expect(first.summary.toAdd.count).toBe(2);
    expect(await first.restore({ applySettings: false })).toEqual({
      added: 2,
      duplicates: 0,
      failed: [],
      settingsApplied: false,
    });
    expect(await other.list()).toEqual(before);
    const again = await other.previewBackup(backup);
    expect(again.summary).toMatchObject({ toAdd: { count: 0, bytes: 0 }, skipped: ['One', 'Two'] });
    expect(await again.restore({ applySettings: false })).toMatchObject({
      added: 0,
      duplicates: 2,
    });
  });

  it('rejects a file that is not a backup with a message for the user', async () => {
    const error = await client.previewBackup(encode('not a zip')).catch((e: unknown) => e);
    expect(describeError(error, 'restoring')).not.toMatch(/Something went wrong/);
  });

  describe('restoring a backup with no documents and one site switched off', () => {
    const backupOf = async (settings: Partial<LibrarySettings>): Promise<Uint8Array> => {
      const source = await openLibraryStore(`source-${Math.random()}`);
      await source.setSettings(settings);
      const bytes = await source.exportLibrary();
      source.close();
      return bytes;
    };

    it('lists the setting, and leaves it as it is when the user does not choose it', async () => {
      const preview = await client.previewBackup(await backupOf({ disabledSites: ['chatgpt'] }));
      expect(preview.summary.settings.patch).toEqual({ disabledSites: ['chatgpt'] });
      expect(await store.getSettings()).toEqual(DEFAULT_SETTINGS);
      const report = await preview.restore({ applySettings: false });
      expect(report).toEqual({ added: 0, duplicates: 0, failed: [], settingsApplied: false });
      expect(await store.getSettings()).toEqual(DEFAULT_SETTINGS);
      await client.notifyChanged();
      expect(changes).toEqual([{ added: [] }]);
    });

    it('applies it when the user chooses it, and has the background re-read the settings', async () => {
      const preview = await client.previewBackup(await backupOf({ disabledSites: ['chatgpt'] }));
      const report = await preview.restore({ applySettings: true });
      expect(report).toMatchObject({ added: 0, settingsApplied: true });
      expect((await store.getSettings()).disabledSites).toEqual(['chatgpt']);
      await client.notifyChanged();
      // Not `added`: the background reloads everything, settings included.
      expect(changes).toEqual([{}]);
    });
  });

  it('tells the background which documents were added, and only that when nothing else changed', async () => {
    const first = await client.importFile(fileOf('one.txt', encode(PASSAGE)));
    await client.importFile(fileOf('again.txt', encode(PASSAGE)));
    const second = await client.addText({ title: 'Two', author: '', text: OTHER_PASSAGE });
    await client.notifyChanged();
    const ids = [first, second].map((o) => (o.status === 'failed' ? '' : o.entry.id));
    await client.remove(ids[0] ?? '');
    await client.notifyChanged();
    await client.notifyChanged();
    expect(changes).toEqual([{ added: ids }, {}, { added: [] }]);
  });

  it('tells the background, and never throws when the background is not listening', async () => {
    await client.notifyChanged();
    expect(announced).toBe(1);
    const deaf = createLibraryClient(store, { importFile, importPastedText }, () =>
      Promise.reject(new Error('Receiving end does not exist.')),
    );
    await expect(deaf.notifyChanged()).resolves.toBeUndefined();
  });
});

describe('describeError', () => {
  it.each([
    [
      'an importer message as is',
      new ImportError('corrupt', 'This EPUB is damaged. Export it again.'),
      'This EPUB is damaged. Export it again.',
    ],
    [
      'a full disk as advice',
      Object.assign(new Error('quota'), { name: 'QuotaExceededError' }),
      /no room left.*Free some disk space/,
    ],
    [
      'a closed database as advice to reload',
      Object.assign(new Error('closing'), { name: 'InvalidStateError' }),
      /Reload this page/,
    ],
    [
      'anything else with what was being done',
      new TypeError('x is undefined'),
      /while saving \(x is undefined\)\. Try again/,
    ],
    ['a non-error value', 'boom', /while saving\. Try again/],
  ])('shows %s', (_name, error, expected) => {
    const message = describeError(error, 'saving');
    if (typeof expected === 'string') expect(message).toBe(expected);
    else expect(message).toMatch(expected);
  });
});

describe('preparing imported documents for matching', () => {
  it('merges every stored document into the posting pages, reporting progress up to 1', async () => {
    await client.importFile(fileOf('orchard.txt', encode(`${PASSAGE} ${OTHER_PASSAGE}`)));
    await client.importFile(fileOf('ferry.txt', encode(`${OTHER_PASSAGE} ${PASSAGE} again`)));
    const docs = await store.listDocuments();
    expect((await store.loadPagedIndex(docs)).unmerged).toBe(2);
    const shares: number[] = [];
    expect(await client.prepareForMatching((share) => shares.push(share))).toBeUndefined();
    expect(shares.at(-1)).toBe(1);
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
    const paged = await store.loadPagedIndex(docs);
    expect(paged.unmerged).toBe(0);
    expect(paged.index.size).toBe(2);
  });

  it('says what went wrong when the merge cannot be written, and keeps the documents', async () => {
    await client.importFile(fileOf('orchard.txt', encode(PASSAGE)));
    const failing = createLibraryClient(
      {
        ...store,
        mergePostings: () => Promise.reject(new DOMException('disk full', 'QuotaExceededError')),
      },
      { importFile, importPastedText },
      async () => undefined,
    );
    const message = await failing.prepareForMatching(() => undefined);
    expect(message).toMatch(/space|storage/i);
    expect(await store.listDocuments()).toHaveLength(1);
  });
});
