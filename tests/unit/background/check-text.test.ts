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
import { inventWords, randomRun, seededRandom } from '../core/fixtures';

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

const checkOf =
  (popup: ReturnType<typeof createPopupHandlers>) =>
  async (text = REPLY): Promise<PopupSpan[]> => {
    const result = await popup.checkText({ text }, undefined);
    if (!result.ok) throw new Error(result.error.message);
    return result.value.spans;
  };

function handlers(withKnown: boolean, matcher = createMatcher(store)) {
  const listDocuments = vi.spyOn(store, 'listDocuments');
  const getDocumentText = vi.spyOn(store, 'getDocumentText');
  const popup = createPopupHandlers({
    tabState: createTabState({ setBadgeText: () => undefined }),
    details: createReplyDetails(),
    store,
    settings: () => store.getSettings(),
    scanText: (text) => matcher.scanText(text),
    ...(withKnown && {
      known: {
        document: (id) => matcher.documentMeta(id),
        text: (id) => matcher.documentText(id),
        passage: (id) => matcher.passageSource(id),
      },
    }),
  });
  return { check: checkOf(popup), listDocuments, getDocumentText };
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

/** A long book in a Gutenberg wrapping, with chapters: many parts (document-cursor.ts). */
function longBook(): { text: string; quote: string } {
  const random = seededRandom(7);
  const vocabulary = inventWords(4000, 7);
  const paragraph = (): string =>
    Array.from({ length: 6 }, () => `${randomRun(vocabulary, 14, random).join(' ')}.`).join(' ');
  const chapters = Array.from(
    { length: 24 },
    (_, c) => `CHAPTER ${c + 1}\n\n${Array.from({ length: 30 }, paragraph).join('\n\n')}`,
  );
  const body = chapters.join('\n\n');
  const at = body.indexOf('CHAPTER 17');
  const quote = body.slice(body.indexOf('. ', at + 4000) + 2, body.indexOf('. ', at + 4600) + 1);
  const text = `The Project Gutenberg eBook of a test\n\n*** START OF THE PROJECT GUTENBERG EBOOK TEST ***\n\n${body}\n\n*** END OF THE PROJECT GUTENBERG EBOOK TEST ***\n\nThe licence.\n`;
  return { text, quote };
}

describe('checkText in a woken worker', () => {
  it('describes its spans from the parts its scan read, as the whole text would', async () => {
    const { text, quote } = longBook();
    await store.addDocument({ text, title: 'Long', format: 'txt' });
    await store.mergePostings();
    const reply = `I recall this: ${quote} Nothing more.`;
    // A first worker reads the text whole and keeps it in parts.
    const expected = await handlers(false).check(reply);
    expect(expected[0]?.source).toMatchObject({ chapter: 'CHAPTER 17' });
    const first = createMatcher(store);
    await first.scanText(reply);
    await vi.waitFor(async () => {
      const woken = createMatcher(store);
      await woken.scanText(reply);
      expect(woken.passageSource(expected[0]?.source?.docId ?? '')).toBeDefined();
    });
    // The next wake describes from its parts alone.
    const { check, getDocumentText } = handlers(true, createMatcher(store));
    // The spy is the one the earlier handlers made: forget their calls.
    getDocumentText.mockClear();
    expect(await check(reply)).toEqual(expected);
    expect(getDocumentText).not.toHaveBeenCalled();
  });
});
