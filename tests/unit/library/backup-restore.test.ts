// Restoring a backup: planned before anything is written, unpacked within limits (zip bombs are
// refused with the library untouched), and read in a worker that answers by message.
import 'fake-indexeddb/auto';
import fs from 'node:fs';
import path from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { strToU8 } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createRestoreService,
  openRestore,
  type RestoreWorkerLike,
} from '../../../src/library/backup-restorer';
import {
  ARCHIVE_FORMAT,
  ArchiveFormatError,
  backupUnzipLimits,
  decodeLibraryArchive,
  encodeLibraryArchive,
} from '../../../src/library/export-format';
import {
  DEFAULT_SETTINGS,
  openLibraryStore,
  type LibraryStore,
} from '../../../src/library/store/index';
import { listZipEntries } from '../../../src/library/import/bounded-unzip';
import { deflatedZeros, rawZip, type RawEntry } from '../../reliability/make-packages';

const MB = 1024 * 1024;
/** Inflates 150 times over from a file under 1 MB, which may unpack to 64 MB. */
const BOMB = 150 * MB;
const SAMPLES = path.resolve(import.meta.dirname, '../../../samples/library');
const ledger = fs.readFileSync(path.join(SAMPLES, 'salt-and-ledger.txt'), 'utf8');
const orchard = fs.readFileSync(path.join(SAMPLES, 'the-glass-orchard.txt'), 'utf8');

let store: LibraryStore;

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  store = await openLibraryStore('restore');
});
afterEach(() => store.close());

const meta = (id: string, title: string) => ({ id, title, tags: [], format: 'txt', addedAt: 1 });

/** A backup whose manifest lists one document, `texts/00001.txt`, stored as `text`. */
function backupAround(text: RawEntry['data'], declaredSize: number, chars = 1000): Uint8Array {
  const manifest = JSON.stringify({
    format: ARCHIVE_FORMAT,
    version: 1,
    exportedAt: 1,
    settings: { disabledSites: ['chatgpt'] },
    documents: [{ ...meta('a', 'Bomb'), file: 'texts/00001.txt', encoding: 'utf-8', chars }],
  });
  return rawZip([
    { name: 'manifest.json', data: strToU8(manifest), method: 0, declaredSize: manifest.length },
    { name: 'texts/00001.txt', data: text, method: 8, declaredSize },
  ]);
}

/** An entry of a zip rawZip wrote, to write again. */
function entryOf(zip: Uint8Array, name: string): Omit<RawEntry, 'name'> {
  const entry = listZipEntries(zip).find((e) => e.name === name);
  if (!entry) throw new Error(`no ${name}`);
  return {
    data: zip.subarray(entry.dataStart, entry.dataStart + entry.compressedSize),
    method: entry.method as 0 | 8,
    declaredSize: entry.declaredSize,
  };
}

async function expectLibraryUntouched(): Promise<void> {
  expect(await store.listDocuments({ includeDeleted: true })).toEqual([]);
  expect(await store.getSettings()).toEqual(DEFAULT_SETTINGS);
}

describe('a backup zip bomb', () => {
  it('whose sizes lie is refused while inflating, and nothing is written', async () => {
    const bytes = backupAround(deflatedZeros(BOMB), 1000);
    expect(bytes.length).toBeLessThan(MB);
    const error = await store.planRestore(bytes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArchiveFormatError);
    expect((error as Error).message).toMatch(/^This file unpacks to more than 64 MB, .*export/);
    await expectLibraryUntouched();
  });

  it('that declares its size is refused before inflating anything', async () => {
    const bytes = backupAround(deflatedZeros(BOMB), BOMB);
    await expect(decodeLibraryArchive(bytes)).rejects.toThrow(/unpacks to more than 64 MB/);
  });

  it('is refused in the worker too, with its message, and nothing is written', async () => {
    const error = await openRestore(store, backupAround(deflatedZeros(BOMB), 1000), inProcessWorker)
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('ArchiveFormatError');
    expect((error as Error).message).toMatch(/unpacks to more than 64 MB/);
    await expectLibraryUntouched();
  });

  it('is told apart from a real backup of very repetitive text, which is read', async () => {
    const text = 'the same line again and again\n'.repeat(300_000);
    const bytes = encodeLibraryArchive({
      exportedAt: 1,
      settings: {},
      documents: [{ meta: meta('r', 'Repetitive'), text }],
    });
    expect(text.length / bytes.length).toBeGreaterThan(100);
    expect((await decodeLibraryArchive(bytes)).documents[0]?.text).toBe(text);
  });
});

describe('backup unzip limits', () => {
  it('refuses more than 512 MB of text however large the file, with its own next step', async () => {
    const padding = new Uint8Array(11 * MB);
    const big = backupAround(deflatedZeros(MB), 600 * MB);
    // Unlisted, so never inflated: it only makes the file large enough for the 512 MB ceiling.
    const bytes = rawZip([
      { name: 'padding.bin', data: padding, method: 0, declaredSize: padding.length },
      { name: 'manifest.json', ...entryOf(big, 'manifest.json') },
      { name: 'texts/00001.txt', ...entryOf(big, 'texts/00001.txt') },
    ]);
    await expect(decodeLibraryArchive(bytes)).rejects.toThrow(
      /^This backup unpacks to more than 512 MB, more text than Recital can restore at once, so nothing changed\. Import the documents you need as files instead\.$/,
    );
  });

  it.each([
    [1000, 64, 64],
    [2 * MB, 100, 100],
    [10 * MB, 500, 500],
    [100 * MB, 512, 512],
  ])(
    'a backup of %i bytes may unpack to %i MB in all and %i MB a text',
    (fileBytes, total, entry) => {
      expect(backupUnzipLimits(fileBytes)).toEqual({
        maxTotalBytes: total * MB,
        maxEntryBytes: entry * MB,
      });
    },
  );
});

describe('planning a restore', () => {
  it('counts what it would add and skip, writes nothing, and then writes only what it planned', async () => {
    const kept = (await store.addDocument({ text: ledger, title: 'Ledger here', format: 'txt' }))
      .doc;
    const bytes = encodeLibraryArchive({
      exportedAt: 5,
      settings: { minWords: 20, disabledSites: [] },
      documents: [
        { meta: meta('x', 'Ledger in backup'), text: ledger },
        { meta: meta('y', 'Orchard'), text: orchard },
        { meta: meta('z', 'Orchard again'), text: `  ${orchard}` },
        { meta: meta('e', 'Empty'), text: ' ' },
      ],
    });
    const plan = await store.planRestore(bytes);
    expect(plan.toAdd.map((p) => p.doc.title)).toEqual(['Orchard']);
    expect(plan.skipped).toEqual(['Orchard again', 'Ledger in backup']);
    expect(plan.unreadable).toEqual([{ title: 'Empty', message: 'The text is empty.' }]);
    expect(plan.settings.patch).toEqual({ minWords: 20 });
    expect(await store.listDocuments()).toEqual([kept]);

    const report = await store.restoreDocuments(plan);
    expect(report.added.map((d) => d.title)).toEqual(['Orchard']);
    expect((await store.listDocuments()).map((d) => d.title)).toEqual(['Orchard', 'Ledger here']);
    expect((await store.getSettings()).minWords).toBe(DEFAULT_SETTINGS.minWords);
  });

  it('never holds the team catalogue (its token) in a backup, nor restores one from it', async () => {
    const team = { enabled: true, url: 'https://team.example.com', token: 'sekrit-42' };
    await store.setSettings({ teamCatalogue: team });
    const archive = await decodeLibraryArchive(await store.exportLibrary());
    expect(archive.settings).not.toHaveProperty('teamCatalogue');
    expect(JSON.stringify(archive.settings)).not.toContain('sekrit-42');
    const planted = encodeLibraryArchive({
      exportedAt: 5,
      settings: { teamCatalogue: { ...team, url: 'https://other.example.com' } },
      documents: [],
    });
    const plan = await store.planRestore(planted);
    expect(plan.settings.patch).toEqual({});
    expect(plan.settings.notRestored).toEqual([]);
  });

  it('adds a text again whose document was deleted', async () => {
    const { doc } = await store.addDocument({ text: ledger, title: 'Ledger', format: 'txt' });
    const bytes = await store.exportLibrary();
    await store.deleteDocument(doc.id);
    const plan = await store.planRestore(bytes);
    expect(plan.toAdd.map((p) => p.doc.title)).toEqual(['Ledger']);
  });

  it.each([
    [
      'bad JSON',
      rawZip([{ name: 'manifest.json', data: strToU8('{'), method: 0, declaredSize: 1 }]),
      'damaged',
    ],
    [
      'a newer version',
      rawZip([
        {
          name: 'manifest.json',
          data: strToU8(JSON.stringify({ format: ARCHIVE_FORMAT, version: 99, documents: [] })),
          method: 0,
          declaredSize: 60,
        },
      ]),
      'newer version',
    ],
    ['a missing text', backupAround(new Uint8Array(0), 0).subarray(0), 'damaged'],
  ])('refuses %s with a clear message and changes nothing', async (_case, bytes, message) => {
    const error = await store.planRestore(bytes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArchiveFormatError);
    expect((error as Error).message).toContain(message);
    await expectLibraryUntouched();
  });
});

/** A worker that runs the restore service in this thread, over structured clones. */
function inProcessWorker(): RestoreWorkerLike {
  const listeners: ((event: MessageEvent) => void)[] = [];
  const serve = createRestoreService(
    async () => store,
    (reply) => listeners.forEach((l) => l({ data: structuredClone(reply) } as MessageEvent)),
  );
  return {
    postMessage: (message) => void serve(structuredClone(message)),
    addEventListener: (type: string, listener: (event: MessageEvent) => void) => {
      if (type === 'message') listeners.push(listener);
    },
    terminate: () => undefined,
  } as RestoreWorkerLike;
}

describe('the restore worker', () => {
  it('sends a summary, not the texts, and writes when asked', async () => {
    const bytes = encodeLibraryArchive({
      exportedAt: 5,
      settings: { disabledSites: ['chatgpt'] },
      documents: [{ meta: meta('y', 'Orchard'), text: orchard }],
    });
    const pending = await openRestore(store, bytes, inProcessWorker);
    expect(pending.summary).toEqual({
      exportedAt: 5,
      toAdd: { count: 1, bytes: new TextEncoder().encode(orchard).length },
      skipped: [],
      unreadable: [],
      settings: {
        current: DEFAULT_SETTINGS,
        patch: { disabledSites: ['chatgpt'] },
        notRestored: [],
      },
    });
    expect(JSON.stringify(pending.summary)).not.toContain(orchard.slice(0, 40));
    expect(await store.listDocuments()).toEqual([]);
    const report = await pending.restoreDocuments();
    expect(report.added.map((d) => d.title)).toEqual(['Orchard']);
    expect(await store.getDocumentText(report.added[0]?.id ?? '')).toBe(orchard);
  });

  it('rejects, with nothing written, when the worker crashes', async () => {
    let crash: (() => void) | undefined;
    const crashing = (): RestoreWorkerLike =>
      ({
        postMessage: () => crash?.(),
        addEventListener: (type: string, listener: (event: MessageEvent) => void) => {
          if (type === 'error') crash = () => listener(new MessageEvent('error'));
        },
        terminate: () => undefined,
      }) as RestoreWorkerLike;
    const error = await openRestore(store, strToU8('anything'), crashing).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/Nothing was changed/);
    await expectLibraryUntouched();
  });
});
