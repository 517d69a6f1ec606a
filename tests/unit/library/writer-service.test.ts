import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWriterService, type WriterReply } from '../../../src/library/document-writer';
import { importFile } from '../../../src/library/import/index';
import { openLibraryStore, type LibraryStore } from '../../../src/library/store/index';

const TEXT =
  'The ferry left the harbour at dawn with nine passengers, a crate of lemons and a dog that belonged to nobody in particular.';

let store: LibraryStore;

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  store = await openLibraryStore('writer-service');
});
afterEach(() => store.close());

describe('createWriterService', () => {
  it('prepares a job and says so with its content hash, then writes it only when told', async () => {
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
      job: { kind: 'document', input: { text: TEXT, title: 'Ferry', format: 'txt' } },
    });
    expect(replies).toEqual([{ seq: 7, kind: 'prepared', contentHash: expect.any(String) }]);
    expect(await store.listDocuments()).toEqual([]);
    await serve({ seq: 7, kind: 'write' });
    expect(replies[1]).toMatchObject({
      seq: 7,
      kind: 'done',
      ok: true,
      duplicate: false,
      doc: { title: 'Ferry' },
    });
    expect((await store.listDocuments()).map((d) => d.contentHash)).toEqual([
      (replies[0] as { contentHash: string }).contentHash,
    ]);
    // A second write of the same job has nothing to write.
    await serve({ seq: 7, kind: 'write' });
    expect(replies[2]).toMatchObject({ seq: 7, kind: 'done', ok: false });
  });

  it('stores the title and author a picked file names itself, as the CLI reports them', async () => {
    const replies: WriterReply[] = [];
    const serve = createWriterService(
      async () => store,
      importFile,
      (reply) => replies.push(reply),
    );
    const book = `Title: The Harbour Ferry\r\nAuthor: Ana Reis\r\n\r\n*** START OF THE BOOK ***\r\n\r\n${TEXT}\r\n`;
    const file = new Blob([book], { type: 'text/plain' });
    await serve({
      seq: 1,
      kind: 'prepare',
      databaseName: store.name,
      job: { kind: 'file', source: { name: 'pg77_the_harbour_ferry.txt', file }, fields: {} },
    });
    await serve({ seq: 1, kind: 'write' });
    expect(replies[1]).toMatchObject({ kind: 'done', ok: true });
    const [doc] = await store.listDocuments();
    expect(doc).toMatchObject({ title: 'The Harbour Ferry', author: 'Ana Reis', format: 'txt' });
  });
});
