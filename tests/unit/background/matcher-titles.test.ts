import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMatcher } from '../../../src/background/matcher';
import { openLibraryStore, type LibraryStore } from '../../../src/library/store/index';

const TITLE = 'The Salt Keeper of Orrin Bay';
const AUTHOR = 'Mara Quill';
const OPENING =
  'Every morning before the gulls woke, Tamsin Hale carried two buckets of brine up the cliff path to the drying pans, and every evening she counted the white crusts as if they were coins.';
const BOOK = `${TITLE.toUpperCase()}\n\nA Novel by ${AUTHOR}\n\nCHAPTER I\n\n${OPENING}\n`;
const NAMES = `I loved ${TITLE}, a novel by ${AUTHOR}. Chapter I is the best!`;
const LINE =
  'All that glisters is not gold; often have you heard that told: many a man his life hath sold but my outside to behold';

let store: LibraryStore;

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  store = await openLibraryStore('test');
  await store.setSettings({ minWords: 8 });
});

afterEach(() => store.close());

/** Adds a document and merges it into the posting pages, as an import's libraryChanged does. */
async function add(text: string, title: string, author?: string): Promise<string> {
  const { doc } = await store.addDocument({
    text,
    title,
    format: 'txt',
    ...(author && { author }),
  });
  await store.mergePostings();
  return doc.id;
}

describe('the matcher and title lines', () => {
  it('does not flag a reply that names a book by the title and author the library stores, until they change', async () => {
    const id = await add(BOOK, TITLE, AUTHOR);
    const matcher = createMatcher(store);
    expect((await matcher.scanText(NAMES)).spans).toEqual([]);
    expect((await matcher.scanReply('r', NAMES)).spans).toEqual([]);
    // Under another title the same words are the book's text, not its title line.
    await store.updateDocument(id, { title: 'Brine', author: 'Ada Pell' });
    await matcher.reload();
    expect((await matcher.scanText(NAMES)).spans).toHaveLength(1);
  });

  it('reports a copy that starts with the title page from the text after it', async () => {
    await add(BOOK, TITLE, AUTHOR);
    const reply = `It opens: ${TITLE}. A novel by ${AUTHOR}. Chapter I. ${OPENING}`;
    const [span] = (await createMatcher(store).scanReply('r', reply)).spans;
    expect(span && reply.slice(span.replyStart, span.replyEnd)).toBe(OPENING.slice(0, -1));
    expect(span && BOOK.slice(span.sourceStart, span.sourceEnd)).toBe(OPENING.slice(0, -1));
  });

  it('counts the library documents that hold a famous line', async () => {
    await add(`The prince read the scroll aloud. ${LINE}. Then he left.`, 'Caskets');
    await add(`Our preacher said on Sunday: "${LINE}," and sat down.`, 'Sermons');
    await add(`Grandfather wrote in the album: ${LINE}. Yours, Tom.`, 'Letters');
    const spans = (await createMatcher(store).scanReply('r', `The rhyme: "${LINE}."`)).spans;
    expect(spans.map((s) => s.sharedBy)).toEqual([3]);
  });
});
