import 'fake-indexeddb/auto';
import fs from 'node:fs';
import path from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLibraryHandlers } from '../../../src/background/library-handlers';
import { createMatcher, type Matcher } from '../../../src/background/matcher';
import { openLibraryStore, type LibraryStore } from '../../../src/library/store/index';

const SAMPLES = path.resolve(import.meta.dirname, '../../../samples/library');
const read = (name: string): string => fs.readFileSync(path.join(SAMPLES, name), 'utf8');
const ledger = read('salt-and-ledger.txt');
const lighthouse = read('the-lighthouse-keeper.txt');
const quote =
  'The second book was never shown to the tax collector. It lived in a tin box under the floorboards of the counting room';
const fresh =
  'The cartographer folded her brass compass into a velvet pouch and walked north along the frozen canal toward the observatory';

let store: LibraryStore;
let matcher: Matcher;

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  store = await openLibraryStore('test');
  matcher = createMatcher(store);
});

afterEach(() => {
  store.close();
  vi.restoreAllMocks();
});

const add = async (text: string, title: string): Promise<string> =>
  (await store.addDocument({ text, title, format: 'txt' })).doc.id;

describe('a libraryChanged that names the added documents', () => {
  it('merges them, reading only their index records, and finds them', async () => {
    const ledgerId = await add(ledger, 'L');
    const lighthouseId = await add(lighthouse, 'H');
    await store.mergePostings();
    await matcher.scanReply('r', 'warm up');
    const freshId = await add(`Prologue. ${fresh}.`, 'F');
    const recordReads = vi.spyOn(IDBObjectStore.prototype, 'get');
    const handlers = createLibraryHandlers(matcher);
    const result = await handlers.libraryChanged({ added: [freshId, 'unknown-id'] }, undefined);
    expect(result).toEqual({ ok: true, value: null });
    const readFrom = recordReads.mock.contexts.map((c) => (c as IDBObjectStore).name);
    expect(readFrom.filter((name) => name === 'index')).toHaveLength(1);
    expect(matcher.stats()).toMatchObject({ documents: 3, unmerged: 0 });
    expect(matcher.documentMeta(freshId)?.title).toBe('F');
    const reply = `So: ${quote}. Then: ${fresh}. Nobody knew.`;
    const spans = (await matcher.scanReply('r', reply)).spans;
    expect(spans.map((x) => x.docId)).toEqual([ledgerId, freshId]);
    expect(matcher.documentMeta(lighthouseId)).toBeDefined();
  });

  it('reloads whatever it names, so a deleted document is dropped', async () => {
    const ledgerId = await add(ledger, 'L');
    await store.mergePostings();
    expect((await matcher.scanReply('r', quote)).spans).toHaveLength(1);
    await store.deleteDocument(ledgerId);
    const handlers = createLibraryHandlers(matcher);
    expect(await handlers.libraryChanged({ added: [] }, undefined)).toEqual({
      ok: true,
      value: null,
    });
    expect(matcher.documentMeta(ledgerId)).toBeUndefined();
    expect((await matcher.scanReply('r2', quote)).spans).toEqual([]);
  });

  it.each([[{ added: 'id' }], [{ added: [3] }], [{ added: ['x'.repeat(1001)] }]])(
    'answers the payload %j by an error result',
    async (payload) => {
      const handlers = createLibraryHandlers(matcher);
      const result = await handlers.libraryChanged(payload as never, undefined);
      expect(result).toMatchObject({ ok: false, error: { code: 'bad-payload' } });
    },
  );
});
