import { describe, expect, it } from 'vitest';
import {
  findSpans,
  PassageIndex,
  tokenize,
  type IndexOptions,
  type WordList,
} from '../../../src/core/index';
import {
  inventWords,
  LANTERN_BOOK,
  library,
  ORCHARD_BOOK,
  randomRun,
  seededRandom,
} from './fixtures';

const DOC_WORDS = 300;
const docVocabulary = inventWords(4000, 1, 'l');
const fillerVocabulary = inventWords(500, 2, 'q');

describe('PassageIndex detection guarantee', () => {
  const random = seededRandom(3);
  const docWords = randomRun(docVocabulary, DOC_WORDS, random);
  const docText = docWords.join(' ');
  const before = randomRun(fillerVocabulary, 9, random).join(' ');
  const after = randomRun(fillerVocabulary, 9, random).join(' ');

  it.each<[string, Partial<IndexOptions>]>([
    ['the default shape', {}],
    ['k=8, S=4', { shingleWords: 8, stride: 4 }],
    ['k=5, S=8', { shingleWords: 5, stride: 8 }],
    ['k=4, S=1 (every shingle stored)', { shingleWords: 4, stride: 1 }],
  ])(
    'finds every verbatim run of exactly guaranteedWords words at every offset, with %s',
    (_shape, options) => {
      const { index, getText } = library({ doc: docText }, options);
      const t = index.guaranteedWords;
      expect(t).toBe(index.options.shingleWords + index.options.stride - 1);
      const missed: number[] = [];
      for (let start = 0; start + t <= DOC_WORDS; start++) {
        const run = docWords.slice(start, start + t).join(' ');
        const reply = `${before} ${run} ${after}`;
        const { spans } = findSpans(index, reply, getText, { minWords: t });
        const span = spans[0];
        const ok =
          spans.length === 1 &&
          span !== undefined &&
          span.sourceWordStart === start &&
          span.words === t &&
          reply.slice(span.replyStart, span.replyEnd) === run &&
          docText.slice(span.sourceStart, span.sourceEnd) === run;
        if (!ok) missed.push(start);
      }
      expect(missed).toEqual([]);
    },
  );

  it.each<[string, Partial<IndexOptions>]>([
    ['the default shape', {}],
    ['k=8, S=4', { shingleWords: 8, stride: 4 }],
  ])(
    'never finds a run shorter than the shingle (k-1 words), at any offset, with %s',
    (_shape, options) => {
      const { index, getText } = library({ doc: docText }, options);
      const short = index.options.shingleWords - 1;
      const found: number[] = [];
      for (let start = 0; start + short <= DOC_WORDS; start++) {
        const reply = `${before} ${docWords.slice(start, start + short).join(' ')} ${after}`;
        if (
          findSpans(index, reply, getText, {
            minWords: 1,
            information: { minDistinctContent: 0, maxApparatusShare: 1 },
          }).spans.length > 0
        )
          found.push(start);
      }
      expect(found).toEqual([]);
    },
  );

  it('rejects index shapes it cannot store', () => {
    expect(() => new PassageIndex({ shingleWords: 1 })).toThrow(RangeError);
    expect(() => new PassageIndex({ stride: 0 })).toThrow(RangeError);
    expect(() => new PassageIndex({ stride: 65 })).toThrow(RangeError);
  });
});

describe('PassageIndex documents', () => {
  const lanternPassage =
    'Every autumn the fishing boats came back with their lamps cracked by the northern gales';
  const orchardPassage =
    'She taught me to graft a pear onto quince roots with a knife she sharpened on the doorstep';
  const reply = `Here is what I remember. ${lanternPassage}. Also, ${orchardPassage}.`;

  it('adds and removes documents without disturbing the others', () => {
    const docs: Record<string, string> = { lantern: LANTERN_BOOK, orchard: ORCHARD_BOOK };
    const index = new PassageIndex();
    index.addDocument('lantern', LANTERN_BOOK);
    const lanternBytes = new Uint8Array(index.serializeDocument('lantern'));
    const getText = (id: string): string | undefined => docs[id];
    expect(findSpans(index, reply, getText).spans.map((s) => s.docId)).toEqual(['lantern']);

    index.addDocument('orchard', ORCHARD_BOOK);
    expect(index.size).toBe(2);
    expect(findSpans(index, reply, getText).spans.map((s) => s.docId)).toEqual([
      'lantern',
      'orchard',
    ]);
    expect(new Uint8Array(index.serializeDocument('lantern'))).toEqual(lanternBytes);

    expect(index.removeDocument('lantern')).toBe(true);
    expect(index.removeDocument('lantern')).toBe(false);
    expect(index.has('lantern')).toBe(false);
    expect(findSpans(index, reply, getText).spans.map((s) => s.docId)).toEqual(['orchard']);
    expect(index.documents().map((d) => d.id)).toEqual(['orchard']);
  });

  it('replaces a document added again under the same id', () => {
    const index = new PassageIndex();
    index.addDocument('book', LANTERN_BOOK);
    index.addDocument('book', ORCHARD_BOOK);
    expect(index.size).toBe(1);
    expect(findSpans(index, reply, () => ORCHARD_BOOK).spans.map((s) => s.sourceStart)).toEqual([
      ORCHARD_BOOK.indexOf(orchardPassage),
    ]);
  });

  it('describes each document: words, text length, and a content hash equal for equal normalized texts', () => {
    const index = new PassageIndex();
    const a = index.addDocument('a', 'The Quick brown fox.');
    const b = index.addDocument('b', '**the quick** BROWN\r\nfox');
    const c = index.addDocument('c', 'the quick brown dog');
    expect(a).toMatchObject({ id: 'a', words: 4, textLength: 20 });
    expect(a.contentHash).toBe(b.contentHash);
    expect(a.contentHash).not.toBe(c.contentHash);
    expect(index.document('missing')).toBeUndefined();
  });

  it('indexes an empty document and a document shorter than one shingle without hits', () => {
    const { index, getText } = library({ empty: '', short: 'only three words' });
    expect(index.documents().map((d) => d.words)).toEqual([0, 3]);
    expect(index.postingCount).toBe(0);
    expect(findSpans(index, 'only three words', getText, { minWords: 1 }).spans).toEqual([]);
  });
});

describe('PassageIndex determinism', () => {
  it('gives the same bytes and the same spans in the same order for the same input', () => {
    const docs: Record<string, string> = {
      one: LANTERN_BOOK,
      two: ORCHARD_BOOK,
      three: `${LANTERN_BOOK}\n${ORCHARD_BOOK}`,
    };
    const first = library(docs);
    const second = library(docs);
    expect(new Uint8Array(second.index.serialize())).toEqual(
      new Uint8Array(first.index.serialize()),
    );
    const reply = `${LANTERN_BOOK.slice(200, 700)} and then ${ORCHARD_BOOK.slice(100, 500)}`;
    const a = findSpans(first.index, reply, first.getText);
    expect(a.spans.length).toBeGreaterThan(1);
    expect(findSpans(second.index, reply, second.getText)).toEqual(a);
    expect(findSpans(first.index, reply, first.getText)).toEqual(a);
  });
});

const vocabulary = inventWords(6000, 11, 'c');
const random = seededRandom(12);
const books = Object.fromEntries(
  Array.from({ length: 8 }, (_, i) => [`book-${i}`, randomRun(vocabulary, 400, random).join(' ')]),
);
const other = randomRun(vocabulary, 400, random).join(' ');
const filler = randomRun(inventWords(300, 13, 'x'), 20, random).join(' ');
const passage = (text: string, at: number): string =>
  text
    .split(' ')
    .slice(at, at + 30)
    .join(' ');
// One reply quoting every book and the other text, so a span lost or kept too long shows.
const reply = [...Object.values(books), other]
  .map((t, i) => `${filler}. ${passage(t, 40 + i * 9)}.`)
  .join(' ');
const texts: Record<string, string> = { ...books };
const getText = (id: string): string | undefined => texts[id];
const fresh = (
  ids: string[],
  textOf: (id: string) => string = (id) => books[id] as string,
): PassageIndex => {
  const index = new PassageIndex();
  for (const id of ids) index.addDocument(id, textOf(id));
  return index;
};
const scan = (index: PassageIndex, textOf = getText): unknown => findSpans(index, reply, textOf);
const ids = Object.keys(books);
const firstSix = ids.slice(0, 6);

function tokenizeReply(): WordList {
  return tokenize(reply);
}

describe('PassageIndex changes after the lookup table was built', () => {
  it.each<[string, (index: PassageIndex) => void, string[]]>([
    [
      'documents added after the table was built',
      (x) => ['book-6', 'book-7'].forEach((id) => x.addDocument(id, books[id] as string)),
      ids,
    ],
    [
      'a removed document',
      (x) => x.removeDocument('book-2'),
      firstSix.filter((id) => id !== 'book-2'),
    ],
    [
      'a removed and added-back document',
      (x) => (
        x.removeDocument('book-2'),
        x.findSeeds(tokenizeReply()),
        x.addDocument('book-2', books['book-2'] as string)
      ),
      firstSix,
    ],
    [
      'most documents removed',
      (x) => ['book-0', 'book-1', 'book-2', 'book-3'].forEach((id) => x.removeDocument(id)),
      ['book-4', 'book-5'],
    ],
    ['every document removed', (x) => firstSix.forEach((id) => x.removeDocument(id)), []],
    [
      'a removed document, then an addition',
      (x) => (x.removeDocument('book-1'), x.addDocument('book-7', books['book-7'] as string)),
      [...firstSix.filter((id) => id !== 'book-1'), 'book-7'],
    ],
  ])('finds the same spans as a fresh index after %s', (_name, change, expected) => {
    const index = fresh(firstSix);
    expect((scan(index) as { spans: unknown[] }).spans).toHaveLength(6);
    change(index);
    expect(
      index
        .documents()
        .map((d) => d.id)
        .sort(),
    ).toEqual([...expected].sort());
    expect(scan(index)).toEqual(scan(fresh(expected)));
  });

  it('finds the same spans as a fresh index after a document was replaced by another text under its id', () => {
    const index = fresh(firstSix);
    scan(index);
    index.addDocument('book-3', other);
    const textOf = (id: string): string | undefined => (id === 'book-3' ? other : texts[id]);
    expect(scan(index, textOf)).toEqual(
      scan(
        fresh(firstSix, (id) => textOf(id) as string),
        textOf,
      ),
    );
  });
});

describe('PassageIndex merging and re-adding documents', () => {
  it('merges only when the delta or the removed part grows large, and keeps document numbers across a merge', () => {
    const index = fresh(ids.slice(0, 4));
    const words = tokenizeReply();
    const numberOf = (id: string): number | undefined =>
      index.findSeeds(words).find((s) => index.seedDocument(s.doc).id === id)?.doc;
    const first = numberOf('book-0');
    expect(index.tableVersions.base).toBe(1);
    index.addDocument('book-4', books['book-4'] as string);
    index.prepare();
    // One document of five is more than 1/8 of the postings: merged.
    expect(index.tableVersions.base).toBe(2);
    index.removeDocument('book-1');
    index.prepare();
    expect(index.tableVersions.base).toBe(2);
    index.removeDocument('book-2');
    index.removeDocument('book-3');
    index.prepare();
    // Three of five removed: more than half of the table is dead, so it is merged away.
    expect(index.tableVersions.base).toBe(3);
    expect(numberOf('book-0')).toBe(first);
    expect(numberOf('book-4')).toBeDefined();
    expect(numberOf('book-1')).toBeUndefined();
  });

  it('adds an unchanged document back without rebuilding the table', () => {
    const index = fresh(firstSix);
    scan(index);
    index.removeDocument('book-2');
    index.addDocument('book-2', books['book-2'] as string);
    index.prepare();
    expect(index.tableVersions).toEqual({ base: 1, delta: 1 });
    expect(
      index
        .documents()
        .map((d) => d.id)
        .sort(),
    ).toEqual(firstSix);
  });

  it('serializes a document the same before and after its entries moved into the table', () => {
    const index = fresh(firstSix);
    const before = firstSix.map((id) => new Uint8Array(index.serializeDocument(id)));
    const whole = new Uint8Array(index.serialize());
    scan(index);
    expect(firstSix.map((id) => new Uint8Array(index.serializeDocument(id)))).toEqual(before);
    expect(new Uint8Array(index.serialize())).toEqual(whole);
  });
});
