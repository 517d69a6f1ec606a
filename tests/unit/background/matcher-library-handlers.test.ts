import 'fake-indexeddb/auto';
import fs from 'node:fs';
import path from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createLibraryHandlers,
  MAX_SCAN_TEXT_CHARS,
  type LibraryMessage,
} from '../../../src/background/library-handlers';
import { createMatcher, type Matcher } from '../../../src/background/matcher';
import {
  LibraryStoreError,
  openLibraryStore,
  type LibraryStore,
} from '../../../src/library/store/index';
import { dispatch, type PopupToBackground } from '../../../src/shared/messages';

const ledger = fs.readFileSync(
  path.resolve(import.meta.dirname, '../../../samples/library/salt-and-ledger.txt'),
  'utf8',
);
const quote =
  'The second book was never shown to the tax collector. It lived in a tin box under the floorboards of the counting room';

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

describe('library message handlers', () => {
  it('adds a text, reloads the matcher, and finds it with scanText as offsets only', async () => {
    const handlers = createLibraryHandlers(store, matcher);
    const added = await handlers.addText(
      { title: 'Salt and Ledger', author: 'R. Press', text: ledger },
      undefined,
    );
    expect(added).toMatchObject({ ok: true, value: { duplicate: false } });
    const again = await handlers.addText({ title: 'Copy', text: ledger }, undefined);
    expect(again).toEqual({
      ok: true,
      value: { docId: added.ok ? added.value.docId : '', duplicate: true },
    });
    expect((await store.listDocuments())[0]).toMatchObject({
      title: 'Salt and Ledger',
      author: 'R. Press',
      format: 'paste',
    });

    const reply = `So: ${quote}. Nobody knew.`;
    const scanned = await handlers.scanText({ text: reply }, undefined);
    if (!scanned.ok) throw new Error(scanned.error.message);
    expect(scanned.value.spans).toHaveLength(1);
    const span = scanned.value.spans[0];
    expect(Object.keys(span ?? {}).sort()).toEqual(['kind', 'replyEnd', 'replyStart', 'spanId']);
    expect(reply.slice(span?.replyStart, span?.replyEnd)).toBe(quote);
    expect(JSON.stringify(scanned)).not.toContain('tax collector');
    expect(scanned.value.coverage).toBeGreaterThan(0.8);
  });

  it('does not save the lookup table while a text is being added, and saves it after', async () => {
    const saves = vi.spyOn(store, 'saveIndexTable');
    const quick = createMatcher(store, { saveDelayMs: 0 });
    let open = (): void => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const slow: Pick<LibraryStore, 'addDocument'> = {
      addDocument: async (input) => (await gate, store.addDocument(input)),
    };
    const handlers = createLibraryHandlers(slow, quick);
    await quick.reload();
    const adding = handlers.addText({ title: 'Salt and Ledger', text: ledger }, undefined);
    await new Promise((r) => setTimeout(r, 30));
    expect(saves).not.toHaveBeenCalled();
    open();
    expect(await adding).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(saves).toHaveBeenCalledTimes(1));
    expect(quick.stats().tableSaves).toBe(1);
  });

  it('reloads on libraryChanged', async () => {
    const handlers = createLibraryHandlers(store, matcher);
    expect((await handlers.scanText({ text: quote }, undefined)).ok).toBe(true);
    await store.addDocument({ text: ledger, title: 'L', format: 'txt' });
    expect(await handlers.libraryChanged({}, undefined)).toEqual({ ok: true, value: null });
    const scanned = await handlers.scanText({ text: quote }, undefined);
    expect(scanned.ok && scanned.value.spans.length).toBe(1);
  });

  it.each([
    ['addText', null],
    ['addText', 'text'],
    ['addText', { title: 'no text' }],
    ['addText', { title: 3, text: 'x' }],
    ['addText', { title: 'a', text: 'x', author: 7 }],
    ['addText', { title: 'x'.repeat(1001), text: 'x' }],
    ['scanText', {}],
    ['scanText', { text: 42 }],
    ['scanText', { text: 'x'.repeat(MAX_SCAN_TEXT_CHARS + 1) }],
    ['libraryChanged', null],
    ['libraryChanged', []],
  ])('answers %s with payload %j by an error result, never a throw', async (type, payload) => {
    const handlers = createLibraryHandlers(store, matcher);
    const result = await dispatch<Pick<PopupToBackground, LibraryMessage>, unknown>(
      handlers,
      { type, payload },
      undefined,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-payload' } });
  });

  it('reports an empty text, a full disk and a broken store as error results', async () => {
    const handlers = createLibraryHandlers(store, matcher);
    expect(await handlers.addText({ title: 'x', text: '   ' }, undefined)).toMatchObject({
      ok: false,
      error: { code: 'bad-input' },
    });
    vi.spyOn(store, 'addDocument')
      .mockRejectedValueOnce(new LibraryStoreError('quota', 'No room.'))
      .mockRejectedValueOnce(new Error('disk on fire'));
    expect(await handlers.addText({ title: 'x', text: ledger }, undefined)).toEqual({
      ok: false,
      error: { code: 'quota', message: 'No room.' },
    });
    expect(await handlers.addText({ title: 'x', text: ledger }, undefined)).toMatchObject({
      ok: false,
      error: { code: 'storage', message: expect.stringContaining('disk on fire') },
    });
    const failing = createLibraryHandlers(store, {
      reload: () => Promise.reject(new Error('gone')),
      scanText: () => Promise.reject(new Error('gone')),
    });
    expect(await failing.libraryChanged({}, undefined)).toMatchObject({
      ok: false,
      error: { code: 'storage' },
    });
    expect(await failing.scanText({ text: 'x' }, undefined)).toMatchObject({
      ok: false,
      error: { code: 'storage' },
    });
  });
});
