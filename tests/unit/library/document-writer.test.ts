import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createDocumentWriter,
  createWriterService,
  type WorkerLike,
  type WriterReply,
  type WriterRequest,
} from '../../../src/library/document-writer';
import { openDB } from 'idb';
import { importFile } from '../../../src/library/import/index';
import { KEPT_FILE_MAX_BYTES } from '../../../src/library/import/stored-text';
import type { ImportSource } from '../../../src/library/import/types';
import {
  LibraryStoreError,
  newDocumentId,
  openLibraryStore,
  type LibraryStore,
} from '../../../src/library/store/index';
import { bombEntries, epubFrame, rawZip } from '../../reliability/make-packages';
import { FIRST_PARAGRAPH, FIXTURE_AUTHOR, FIXTURE_TITLE, readFixture } from './import/read-fixture';

const TEXT =
  'The ferry left the harbour at dawn with nine passengers, a crate of lemons and a dog that belonged to nobody in particular.';
const OTHER =
  'Above the town the quarry had filled with rain, and in summer the children swam there against every warning their parents gave.';

/**
 * A worker that runs the real service in this process, with its own store connection; its
 * replies that a document is prepared come `delayMs` late.
 */
class InProcessWorker implements WorkerLike {
  static spawned = 0;
  terminated = false;
  private readonly listeners = new Map<string, ((event: never) => void)[]>();
  private store: Promise<LibraryStore> | undefined;
  private readonly serve = createWriterService(
    (name) => (this.store ??= openLibraryStore(name)),
    importFile,
    (reply) => {
      void new Promise((r) => setTimeout(r, reply.kind === 'prepared' ? this.delayMs : 0)).then(
        () => {
          if (!this.terminated) this.emit('message', { data: structuredClone(reply) });
        },
      );
    },
  );

  constructor(
    private readonly failToLoad = false,
    private readonly delayMs = 0,
  ) {
    InProcessWorker.spawned++;
    if (failToLoad) setTimeout(() => this.emit('error', new Event('error')), 0);
  }

  addEventListener(type: string, listener: (event: never) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  postMessage(message: WriterRequest): void {
    if (this.failToLoad) return;
    void this.serve(structuredClone(message));
  }

  terminate(): void {
    this.terminated = true;
    void this.store?.then((s) => s.close());
  }

  private emit(type: string, event: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event as never);
  }
}

/** A spawn function that keeps every worker it made, for tests that look at their lives. */
function recordSpawns(make: () => InProcessWorker): {
  spawned: InProcessWorker[];
  spawn: () => InProcessWorker;
} {
  const spawned: InProcessWorker[] = [];
  return {
    spawned,
    spawn: () => {
      const worker = make();
      spawned.push(worker);
      return worker;
    },
  };
}

let store: LibraryStore;

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  store = await openLibraryStore(`writer-${Math.random()}`);
  InProcessWorker.spawned = 0;
});

describe('createDocumentWriter', () => {
  it('writes through its workers: each document once, with the id the caller chose', async () => {
    const workers: InProcessWorker[] = [];
    const writer = createDocumentWriter(store, importFile, {
      workers: 2,
      spawn: () => {
        const w = new InProcessWorker();
        workers.push(w);
        return w;
      },
    });
    const ids = [newDocumentId(), newDocumentId(), newDocumentId()];
    const outcomes = await Promise.all([
      writer.write({ id: ids[0], text: TEXT, title: 'Ferry', format: 'txt' }),
      writer.write({ id: ids[1], text: OTHER, title: 'Quarry', format: 'txt' }),
      // The same text again, at the same time, in the other worker.
      writer.write({ id: ids[2], text: `${TEXT}\n`, title: 'Ferry again', format: 'txt' }),
    ]);
    expect(workers).toHaveLength(2);
    expect(outcomes.map((o) => [o.doc.title, o.duplicate])).toEqual([
      ['Ferry', false],
      ['Quarry', false],
      ['Ferry', true],
    ]);
    const listed = await store.listDocuments();
    expect(listed.map((d) => [d.id, d.title])).toEqual([
      [ids[0], 'Ferry'],
      [ids[1], 'Quarry'],
    ]);
    expect(await store.getDocumentText(ids[1] as string)).toBe(OTHER);
    writer.close();
    expect(workers.every((w) => w.terminated)).toBe(true);
  });

  it('reads plain-text files in the worker, with the fields the page chose', async () => {
    const writer = createDocumentWriter(store, importFile, {
      workers: 1,
      spawn: () => new InProcessWorker(),
    });
    expect(writer.readsFilesInWorker).toBe(true);
    expect(createDocumentWriter(store, importFile, { workers: 0 }).readsFilesInWorker).toBe(false);
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...TEXT].flatMap((c) => [c.charCodeAt(0), 0])]);
    const id = newDocumentId();
    const { doc } = await writer.writeFile(
      { name: 'The_Ferry.txt', type: 'text/plain', bytes: utf16 },
      { id, addedAt: 1234, tags: ['sea'] },
    );
    expect(doc).toMatchObject({
      id,
      addedAt: 1234,
      tags: ['sea'],
      title: 'The Ferry',
      fileName: 'The_Ferry.txt',
      format: 'txt',
    });
    expect(await store.getDocumentText(id)).toBe(TEXT);
    // A file the reader refuses comes back as the reader's error, for the user.
    const binary = writer.writeFile({
      name: 'photo.txt',
      type: '',
      bytes: new Uint8Array([1, 2, 0, 3, 4]),
    });
    await expect(binary).rejects.toMatchObject({ name: 'ImportError' });
    await expect(binary).rejects.toThrow(/does not contain readable text/);
    expect((await store.listDocuments()).length).toBe(1);
  });
});

describe('createDocumentWriter: picked files', () => {
  /** The page's reader: the writer must not call it while a worker can read the file. */
  const pageMustNotRead = (source: ImportSource): never => {
    throw new Error(`${source.name} was read in the page`);
  };
  const picked = (file: string, name = file) => ({
    name,
    file: new Blob([readFixture(file).bytes.slice()]),
  });

  it.each([
    ['sample.epub', 'epub', FIXTURE_TITLE],
    ['sample.docx', 'docx', FIXTURE_TITLE],
    ['sample.pdf', 'pdf', FIXTURE_TITLE.replace('’', "'")],
    ['sample.html', 'html', FIXTURE_TITLE],
  ])('reads a picked %s in the worker, with its title and author', async (file, format, title) => {
    const writer = createDocumentWriter(store, pageMustNotRead, {
      workers: 1,
      spawn: () => new InProcessWorker(),
    });
    const id = newDocumentId();
    const { doc } = await writer.writeFile(picked(file), { id, addedAt: 9 });
    expect(doc).toMatchObject({ id, title, author: FIXTURE_AUTHOR, format, fileName: file });
    expect(await store.getDocumentText(id)).toContain(FIRST_PARAGRAPH);
  });

  it.each([
    [
      'an EPUB whose chapters declare 1 GB each',
      'bomb.epub',
      () =>
        rawZip([
          ...epubFrame(2),
          ...bombEntries(['OEBPS/c0.xhtml', 'OEBPS/c1.xhtml'], 1024, 2 ** 30),
        ]),
      /^This EPUB unpacks to more than 256 MB/,
    ],
    [
      'an EPUB whose chapter inflates past what it declares',
      'lying.epub',
      () => rawZip([...epubFrame(1), ...bombEntries(['OEBPS/c0.xhtml'], 300 * 2 ** 20, 1000)]),
      /^This EPUB unpacks to more than 256 MB/,
    ],
    ['a PDF named .docx', 'manuscript.docx', () => readFixture('sample.pdf').bytes, /really a PDF/],
  ])(
    'refuses %s in the worker with the reader’s own message',
    async (_label, name, bytes, message) => {
      const writer = createDocumentWriter(store, pageMustNotRead, {
        workers: 1,
        spawn: () => new InProcessWorker(),
      });
      const written = writer.writeFile({ name, file: new Blob([bytes().slice()]) });
      await expect(written).rejects.toMatchObject({ name: 'ImportError' });
      await expect(written).rejects.toThrow(message);
      expect(await store.listDocuments()).toEqual([]);
    },
    60_000,
  );

  it('reads a picked file in the worker, so the page never holds its bytes', async () => {
    const writer = createDocumentWriter(store, importFile, {
      workers: 1,
      spawn: () => new InProcessWorker(),
    });
    const id = newDocumentId();
    const { doc } = await writer.writeFile(
      { name: 'Quarry.md', file: new Blob([`# The Quarry\n\n${OTHER}\r\n`]) },
      { id, addedAt: 5 },
    );
    expect(doc).toMatchObject({ id, title: 'The Quarry', fileName: 'Quarry.md', format: 'md' });
    expect(await store.getDocumentText(id)).toBe(`# The Quarry\n\n${OTHER}`);
  });

  it('keeps a picked plain-text file of a few MB as the file, and a larger one as its text', async () => {
    const writer = createDocumentWriter(store, importFile, {
      workers: 1,
      spawn: () => new InProcessWorker(),
    });
    const small = new Blob([`${OTHER}\r\n`]);
    const large = new Blob([
      `${TEXT} `.repeat(Math.ceil((KEPT_FILE_MAX_BYTES + 1) / (TEXT.length + 1))),
    ]);
    const kept = await writer.writeFile(
      { name: 'quarry.txt', file: small },
      { id: newDocumentId() },
    );
    const stored = await writer.writeFile(
      { name: 'ferry.txt', file: large },
      { id: newDocumentId() },
    );
    const db = await openDB(store.name);
    try {
      const first = async (id: string): Promise<Record<string, unknown>> =>
        (await db.getAll('chunks', IDBKeyRange.bound([id, 0], [id, Infinity])))[0];
      expect(await first(kept.doc.id)).toMatchObject({ reader: 'txt', chars: OTHER.length });
      expect(kept.doc.bytes).toBe(small.size);
      expect(await first(stored.doc.id)).toHaveProperty('text');
      expect(await first(stored.doc.id)).not.toHaveProperty('file');
    } finally {
      db.close();
    }
    expect(await store.getDocumentText(kept.doc.id)).toBe(OTHER);
    expect((await store.getDocumentText(stored.doc.id))?.length).toBe(stored.doc.chars);
  });
});

describe('createDocumentWriter: ordering and failures', () => {
  it('answers a file that can no longer be read with what the user should do, storing nothing', async () => {
    // Gone from the disk since it was picked (a clone would lose this stand-in, so no worker).
    const gone = new Blob(['x']);
    gone.arrayBuffer = () =>
      Promise.reject(new DOMException('A requested file could not be found.', 'NotFoundError'));
    const replies: WriterReply[] = [];
    const serve = createWriterService(
      async () => store,
      importFile,
      (reply) => replies.push(reply),
    );
    await serve({
      seq: 7,
      kind: 'prepare',
      databaseName: store.name,
      job: {
        kind: 'file',
        source: { name: 'Gone.txt', file: gone },
        fields: { id: newDocumentId() },
      },
    });
    expect(replies).toEqual([
      {
        seq: 7,
        kind: 'done',
        ok: false,
        error: {
          name: 'ImportError',
          message: expect.stringMatching(
            /^This file could not be read \(A requested file could not be found\.\)\. Check that it is still on your disk/,
          ),
        },
      },
    ]);
    expect(await store.listDocuments()).toEqual([]);
  });

  it('keeps the first of two equal texts it was given, whichever worker prepares it first', async () => {
    let spawned = 0;
    const writer = createDocumentWriter(store, importFile, {
      workers: 2,
      // The first worker answers 50 ms later than the second.
      spawn: () => new InProcessWorker(false, spawned++ === 0 ? 50 : 0),
    });
    const first = writer.write({ text: TEXT, title: 'Original', format: 'txt' });
    const second = writer.write({ text: TEXT, title: 'Copy', format: 'txt' });
    const third = writer.write({ text: OTHER, title: 'Quarry', format: 'txt' });
    const outcomes = await Promise.all([first, second, third]);
    expect(outcomes.map((o) => [o.doc.title, o.duplicate])).toEqual([
      ['Original', false],
      ['Original', true],
      ['Quarry', false],
    ]);
    // A job that fails does not hold up the ones after it.
    const failed = writer.write({ text: ' ', title: 'Blank', format: 'txt' });
    const after = writer.write({
      text: 'A sentence written after the blank one, with words to index.',
      title: 'After',
      format: 'txt',
    });
    await expect(failed).rejects.toMatchObject({ code: 'bad-input' });
    expect((await after).duplicate).toBe(false);
    writer.close();
  });

  for (const workers of [2, 0])
    it(`hands the merge the index records it wrote, ${workers ? 'from its workers' : 'in the page'}, duplicates left out, once`, async () => {
      const writer = createDocumentWriter(store, importFile, {
        workers,
        spawn: () => new InProcessWorker(),
      });
      const outcomes = await Promise.all([
        writer.write({ text: TEXT, title: 'Ferry', format: 'txt' }),
        writer.write({ text: TEXT, title: 'Copy', format: 'txt' }),
        writer.write({ text: OTHER, title: 'Quarry', format: 'txt' }),
      ]);
      const written = outcomes.filter((o) => !o.duplicate).map((o) => o.doc.id);
      const held = writer.takeIndexRecords();
      expect([...held.keys()].sort()).toEqual([...written].sort());
      // Each is the very record the store holds.
      const stored = await openDB(store.name).then(async (db) => {
        const records = await Promise.all(written.map((id) => db.get('index', id)));
        db.close();
        return records.map((r) => new Uint8Array((r as { data: ArrayBuffer }).data));
      });
      expect(written.map((id) => new Uint8Array(held.get(id) as ArrayBuffer))).toEqual(stored);
      expect(writer.takeIndexRecords().size).toBe(0);
      writer.close();
    });
});

describe('createDocumentWriter: errors and fallbacks', () => {
  it('gives the caller the store error, code and message, from the worker', async () => {
    const writer = createDocumentWriter(store, importFile, {
      workers: 1,
      spawn: () => new InProcessWorker(),
    });
    const failure = writer.write({ text: ' \n ', title: 'Blank', format: 'txt' });
    await expect(failure).rejects.toBeInstanceOf(LibraryStoreError);
    await expect(failure).rejects.toMatchObject({
      code: 'bad-input',
      message: 'The text is empty.',
    });
  });

  it('writes in the page when a worker cannot load', async () => {
    const writer = createDocumentWriter(store, importFile, {
      workers: 2,
      spawn: () => new InProcessWorker(true),
    });
    const outcome = await writer.write({ text: TEXT, title: 'Ferry', format: 'txt' });
    expect(outcome.duplicate).toBe(false);
    expect((await store.listDocuments()).map((d) => d.title)).toEqual(['Ferry']);
    // Both workers are retired; later writes go straight to the page.
    await new Promise((r) => setTimeout(r, 5));
    await writer.write({ text: OTHER, title: 'Quarry', format: 'txt' });
    expect((await store.listDocuments()).map((d) => d.title)).toEqual(['Ferry', 'Quarry']);
  });

  it('writes in the page when workers cannot be created at all', async () => {
    const writer = createDocumentWriter(store, importFile, {
      workers: 2,
      spawn: () => {
        throw new Error('no workers here');
      },
    });
    await writer.write({ text: TEXT, title: 'Ferry', format: 'txt' });
    expect((await store.listDocuments()).map((d) => d.title)).toEqual(['Ferry']);
  });
});

describe('createDocumentWriter: the lifetime of its workers', () => {
  it('starts its workers when asked to prepare, and the first job goes to them', async () => {
    const writer = createDocumentWriter(store, importFile, {
      workers: 2,
      spawn: () => new InProcessWorker(),
    });
    writer.prepare();
    expect(InProcessWorker.spawned).toBe(2);
    writer.prepare();
    await writer.write({ text: TEXT, title: 'Ferry', format: 'txt' });
    expect(InProcessWorker.spawned).toBe(2);
    expect((await store.listDocuments()).map((d) => d.title)).toEqual(['Ferry']);
  });

  it('lets prepared workers go when no job comes (the file dialog was cancelled), and starts them again later', async () => {
    const { spawned, spawn } = recordSpawns(() => new InProcessWorker());
    const writer = createDocumentWriter(store, importFile, {
      workers: 2,
      preparedIdleMs: 20,
      spawn,
    });
    writer.prepare();
    await new Promise((r) => setTimeout(r, 60));
    expect(spawned.map((w) => w.terminated)).toEqual([true, true]);
    await writer.write({ text: TEXT, title: 'Ferry', format: 'txt' });
    expect(spawned).toHaveLength(4);
    expect((await store.listDocuments()).map((d) => d.title)).toEqual(['Ferry']);
  });

  it('keeps every prepared worker while a batch runs, even one between jobs', async () => {
    const { spawned, spawn } = recordSpawns(() => new InProcessWorker(false, 40));
    const writer = createDocumentWriter(store, importFile, {
      workers: 2,
      preparedIdleMs: 5,
      spawn,
    });
    writer.prepare();
    const written = writer.write({ text: TEXT, title: 'Ferry', format: 'txt' });
    await new Promise((r) => setTimeout(r, 20));
    expect(spawned.map((w) => w.terminated)).toEqual([false, false]);
    await written;
    expect(spawned).toHaveLength(2);
  });

  it('starts workers again after close, for the next batch', async () => {
    const writer = createDocumentWriter(store, importFile, {
      workers: 1,
      spawn: () => new InProcessWorker(),
    });
    await writer.write({ text: TEXT, title: 'Ferry', format: 'txt' });
    writer.close();
    await writer.write({ text: OTHER, title: 'Quarry', format: 'txt' });
    expect(InProcessWorker.spawned).toBe(2);
    expect((await store.listDocuments()).map((d) => d.title)).toEqual(['Ferry', 'Quarry']);
  });
});
