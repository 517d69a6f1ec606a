// "Check selected text" describes its spans from what the scan just read: the matcher's document
// metadata and texts, not a listing of the whole library and a second read of each text.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMatcher } from '../../../src/background/matcher';
import { createPopupHandlers } from '../../../src/background/popup-handlers';
import { createReplyDetails } from '../../../src/background/reply-details';
import { createTabState } from '../../../src/background/tab-state';
import { openLibraryStore, type LibraryStore } from '../../../src/library/store/index';
import type { PopupSpan } from '../../../src/shared/messages';

const SOURCE =
  'The tidewright measured each spring flood with a knotted rope of tarred hemp, calling out the fathoms to her apprentices while the gulls wheeled above the drowned salt marsh.';
const REPLY = `Here is a passage I remember. ${SOURCE} That is all of it.`;

let store: LibraryStore;

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  store = await openLibraryStore('check-text');
  await store.addDocument({
    text: SOURCE,
    title: 'Tidewright',
    author: 'A. Writer',
    format: 'txt',
  });
  await store.mergePostings();
});
afterEach(() => store.close());

function handlers(withKnown: boolean) {
  const matcher = createMatcher(store);
  const listDocuments = vi.spyOn(store, 'listDocuments');
  const getDocumentText = vi.spyOn(store, 'getDocumentText');
  const popup = createPopupHandlers({
    tabState: createTabState({ setBadgeText: () => undefined }),
    details: createReplyDetails(),
    store,
    settings: () => store.getSettings(),
    scanText: (text) => matcher.scanText(text),
    ...(withKnown && {
      known: { document: (id) => matcher.documentMeta(id), text: (id) => matcher.documentText(id) },
    }),
  });
  const check = async (): Promise<PopupSpan[]> => {
    const result = await popup.checkText({ text: REPLY }, undefined);
    if (!result.ok) throw new Error(result.error.message);
    return result.value.spans;
  };
  return { check, listDocuments, getDocumentText };
}

describe('checkText', () => {
  it('describes its spans from the matcher: no listing and no text read beyond the scan’s', async () => {
    const { check, listDocuments, getDocumentText } = handlers(true);
    await check();
    listDocuments.mockClear();
    getDocumentText.mockClear();
    const spans = await check();
    expect(spans).toHaveLength(1);
    expect(spans[0]?.source).toMatchObject({ title: 'Tidewright', author: 'A. Writer' });
    expect(spans[0]?.source?.passage).toContain('knotted rope of tarred hemp');
    expect(listDocuments).not.toHaveBeenCalled();
    expect(getDocumentText).not.toHaveBeenCalled();
  });

  it('gives the same cards without the matcher’s knowledge (it lists and reads then)', async () => {
    const known = await handlers(true).check();
    const { check, listDocuments } = handlers(false);
    expect(await check()).toEqual(known);
    expect(listDocuments).toHaveBeenCalled();
  });
});
