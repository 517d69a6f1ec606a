import 'fake-indexeddb/auto';
import fs from 'node:fs';
import path from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createLibraryHandlers,
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
  it('reloads on libraryChanged: a document a page stored is found after it, as offsets', async () => {
    const handlers = createLibraryHandlers(matcher);
    const reply = `So: ${quote}. Nobody knew.`;
    expect((await matcher.scanText(reply)).spans).toEqual([]);
    await store.addDocument({ text: ledger, title: 'Salt and Ledger', format: 'txt' });
    expect(await handlers.libraryChanged({}, undefined)).toEqual({ ok: true, value: null });
    const scanned = await matcher.scanText(reply);
    expect(scanned.spans).toHaveLength(1);
    const span = scanned.spans[0];
    expect(reply.slice(span?.replyStart, span?.replyEnd)).toBe(quote);
    expect(scanned.coverage).toBeGreaterThan(0.8);
  });

  it.each([
    ['libraryChanged', null],
    ['libraryChanged', []],
    ['libraryChanged', 'now'],
  ])('answers %s with payload %j by an error result, never a throw', async (type, payload) => {
    const handlers = createLibraryHandlers(matcher);
    const result = await dispatch<Pick<PopupToBackground, LibraryMessage>, unknown>(
      handlers,
      { type, payload },
      undefined,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-payload' } });
  });

  it('reports a full disk and a broken store during the reload or the merge as error results', async () => {
    const failingWith = (error: Error, during: 'reload' | 'mergeNow') =>
      createLibraryHandlers({
        reload: () => (during === 'reload' ? Promise.reject(error) : Promise.resolve()),
        mergeNow: () => (during === 'mergeNow' ? Promise.reject(error) : Promise.resolve()),
      });
    for (const during of ['reload', 'mergeNow'] as const) {
      expect(
        await failingWith(new LibraryStoreError('quota', 'No room.'), during).libraryChanged(
          {},
          undefined,
        ),
      ).toEqual({ ok: false, error: { code: 'quota', message: 'No room.' } });
      expect(
        await failingWith(new DOMException('full', 'QuotaExceededError'), during).libraryChanged(
          {},
          undefined,
        ),
      ).toMatchObject({ ok: false, error: { code: 'quota' } });
      expect(
        await failingWith(new Error('gone'), during).libraryChanged({}, undefined),
      ).toMatchObject({
        ok: false,
        error: { code: 'storage', message: expect.stringContaining('gone') },
      });
    }
  });
});
