import { describe, expect, it } from 'vitest';
import {
  findSpans,
  INDEX_FORMAT_VERSION,
  IndexFormatError,
  PassageIndex,
  TABLE_FORMAT_VERSION,
  tokenize,
  type IndexOptions,
  type WordList,
} from '../../../src/core/index';
import { inventWords, LANTERN_BOOK, ORCHARD_BOOK, randomRun, seededRandom } from './fixtures';

const DOC_WORDS = 300;
const docVocabulary = inventWords(4000, 1, 'l');
const fillerVocabulary = inventWords(500, 2, 'q');

function library(
  docs: Record<string, string>,
  options: Partial<IndexOptions> = {},
): { index: PassageIndex; getText: (id: string) => string | undefined } {
  const index = new PassageIndex(options);
  for (const [id, text] of Object.entries(docs)) index.addDocument(id, text);
  return { index, getText: (id) => docs[id] };
}

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

describe('PassageIndex serialization', () => {
  const docs: Record<string, string> = {
    'books/lantern.txt': LANTERN_BOOK,
    'books/orchard.txt': ORCHARD_BOOK,
    'ünïcode name 日本.txt': `${ORCHARD_BOOK}\n\n${LANTERN_BOOK}`,
  };
  const getText = (id: string): string | undefined => docs[id];
  const replies = [
    'Orla Finch kept the last lantern workshop on the harbour road, a narrow room that smelled of beeswax.',
    'In winter the panes wept with condensation and the whole orchard glowed like a lantern at dusk, she said.',
    'Nothing copied here at all, just a reply of my own words and thoughts.',
  ];
  const scanAll = (index: PassageIndex): unknown =>
    replies.map((r) => findSpans(index, r, getText));

  it.each<[string, Partial<IndexOptions>]>([
    ['the default shape', {}],
    ['k=8, S=4', { shingleWords: 8, stride: 4 }],
  ])('round-trips the whole index with identical scan results (%s)', (_shape, options) => {
    const { index } = library(docs, options);
    const copy = PassageIndex.deserialize(index.serialize());
    expect(copy.options).toEqual(index.options);
    expect(copy.documents()).toEqual(index.documents());
    expect(scanAll(copy)).toEqual(scanAll(index));
    expect((scanAll(index) as { spans: unknown[] }[])[0]?.spans.length).toBeGreaterThan(0);
  });

  it('round-trips each document on its own with identical scan results', () => {
    const { index } = library(docs);
    const copy = new PassageIndex();
    for (const { id } of index.documents())
      expect(copy.addSerializedDocument(index.serializeDocument(id)).id).toBe(id);
    expect(copy.documents()).toEqual(index.documents());
    expect(scanAll(copy)).toEqual(scanAll(index));
  });

  it('round-trips an empty index', () => {
    const copy = PassageIndex.deserialize(new PassageIndex().serialize());
    expect(copy.size).toBe(0);
    expect(findSpans(copy, replies[0] as string, getText).spans).toEqual([]);
  });

  it('throws an Error for serializeDocument of an unknown id', () => {
    expect(() => new PassageIndex().serializeDocument('nope')).toThrow(/nope/);
  });

  const setU32 = (buffer: ArrayBuffer, at: number, value: number): ArrayBuffer => {
    const copy = buffer.slice(0);
    new DataView(copy).setUint32(at, value);
    return copy;
  };
  const whole = (): ArrayBuffer => library(docs).index.serialize();
  const record = (): ArrayBuffer => library(docs).index.serializeDocument('books/lantern.txt');

  it.each<[string, () => ArrayBuffer]>([
    ['a newer format version', () => setU32(whole(), 4, INDEX_FORMAT_VERSION + 1)],
    ['an older format version', () => setU32(whole(), 4, INDEX_FORMAT_VERSION - 1)],
    ['a wrong magic number', () => setU32(whole(), 0, 0x12345678)],
    ['an empty buffer', () => new ArrayBuffer(0)],
    ['a buffer shorter than the header', () => whole().slice(0, 10)],
    ['a truncated buffer', () => whole().slice(0, whole().byteLength - 3)],
    ['a buffer cut inside the first record', () => whole().slice(0, 60)],
    ['a record count larger than the records', () => setU32(whole(), 8, 99)],
    ['a damaged record length', () => setU32(whole(), 16, 7)],
    [
      'a record with another format version inside a valid envelope',
      () => setU32(whole(), 20 + 4, INDEX_FORMAT_VERSION + 1),
    ],
    ['random bytes', () => Uint8Array.from({ length: 256 }, (_, i) => (i * 97 + 13) & 0xff).buffer],
  ])('PassageIndex.deserialize throws IndexFormatError for %s', (_name, make) => {
    expect(() => PassageIndex.deserialize(make())).toThrow(IndexFormatError);
  });

  it.each<[string, () => ArrayBuffer, Partial<IndexOptions>]>([
    ['a newer format version', () => setU32(record(), 4, INDEX_FORMAT_VERSION + 1), {}],
    ['a wrong magic number', () => setU32(record(), 0, 0), {}],
    ['another index shape', () => record(), { shingleWords: 8, stride: 4 }],
    ['a truncated record', () => record().slice(0, record().byteLength - 4), {}],
    [
      'a record with bytes appended',
      () => new Uint8Array([...new Uint8Array(record()), 0, 0, 0, 0]).buffer,
      {},
    ],
    ['a record shorter than its header', () => record().slice(0, 20), {}],
    ['a damaged postings count', () => setU32(record(), 24, 3), {}],
    ['a damaged id length', () => setU32(record(), 32, 0xffff), {}],
  ])('addSerializedDocument throws IndexFormatError for %s', (_name, make, options) => {
    expect(() => new PassageIndex(options).addSerializedDocument(make())).toThrow(IndexFormatError);
  });

  it('names the versions in the format error message', () => {
    expect(() => PassageIndex.deserialize(setU32(whole(), 4, 999))).toThrow(
      `index format 999, expected ${INDEX_FORMAT_VERSION}`,
    );
  });

  it('throws only IndexFormatError (never another error) for every single-word damage to a record header', () => {
    const good = record();
    const others: string[] = [];
    for (let field = 0; field < 10; field++) {
      for (const value of [0, 1, 3, 0x7fffffff, 0xffffffff]) {
        try {
          new PassageIndex().addSerializedDocument(setU32(good, field * 4, value));
        } catch (e) {
          if (!(e instanceof IndexFormatError))
            others.push(`field ${field} = ${value}: ${String(e)}`);
        }
      }
    }
    expect(others).toEqual([]);
  });

  // BUG: a record has no checksum, so flipped bytes in its postings or checkpoints are accepted
  // silently (addSerializedDocument's JSDoc promises IndexFormatError for a damaged buffer).
  it('rejects a record whose postings were damaged', () => {
    const damaged = record();
    const bytes = new Uint8Array(damaged);
    bytes[bytes.length - 40] = (bytes[bytes.length - 40] as number) ^ 0xff;
    expect(() => new PassageIndex().addSerializedDocument(damaged)).toThrow(IndexFormatError);
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

describe('PassageIndex changes after the lookup table was built', () => {
  const vocabulary = inventWords(6000, 11, 'c');
  const random = seededRandom(12);
  const books = Object.fromEntries(
    Array.from({ length: 8 }, (_, i) => [
      `book-${i}`,
      randomRun(vocabulary, 400, random).join(' '),
    ]),
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

  function tokenizeReply(): WordList {
    return tokenize(reply);
  }
});

describe('PassageIndex saved lookup table', () => {
  const docs: Record<string, string> = {
    'books/lantern.txt': LANTERN_BOOK,
    'books/orchard.txt': ORCHARD_BOOK,
    'ünïcode name 日本.txt': `${ORCHARD_BOOK}\n\n${LANTERN_BOOK}`,
    empty: '',
  };
  const getText = (id: string): string | undefined => docs[id];
  const reply = `${LANTERN_BOOK.slice(300, 800)} and ${ORCHARD_BOOK.slice(100, 600)}`;
  const join = (parts: Uint8Array[]): ArrayBuffer => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.byteLength;
    }
    return out.buffer;
  };
  const saved = (options: Partial<IndexOptions> = {}): ArrayBuffer =>
    join(library(docs, options).index.exportTable('base') as Uint8Array[]);

  it.each<[string, Partial<IndexOptions>]>([
    ['the default shape', {}],
    ['k=8, S=4', { shingleWords: 8, stride: 4 }],
  ])('round-trips with the same documents and the same spans (%s)', (_shape, options) => {
    const { index } = library(docs, options);
    const copy = PassageIndex.fromTable(join(index.exportTable('base') as Uint8Array[]), options);
    expect(copy.options).toEqual(index.options);
    expect(copy.documents()).toEqual(index.documents());
    expect(copy.postingCount).toBe(index.postingCount);
    expect(findSpans(copy, reply, getText)).toEqual(findSpans(index, reply, getText));
    expect(findSpans(copy, reply, getText).spans.length).toBeGreaterThan(1);
    expect(copy.tableVersions).toEqual({ base: 0, delta: 0 });
  });

  it('lists removed documents whose entries it still holds, so the caller can drop them', () => {
    const { index } = library(docs);
    findSpans(index, reply, getText);
    index.removeDocument('books/orchard.txt');
    const copy = PassageIndex.fromTable(join(index.exportTable('base') as Uint8Array[]));
    expect(copy.has('books/orchard.txt')).toBe(true);
    copy.removeDocument('books/orchard.txt');
    expect(findSpans(copy, reply, getText)).toEqual(findSpans(index, reply, getText));
  });

  /** What a store does: save both tables, then load the base and add the delta to it. */
  const reload = (index: PassageIndex): PassageIndex => {
    const copy = PassageIndex.fromTable(join(index.exportTable('base') as Uint8Array[]));
    const delta = index.exportTable('delta');
    if (delta) copy.addDeltaTable(join(delta));
    return copy;
  };
  const late = 'a short late document of a dozen words or so, well below the delta share';

  it('saves a small addition in the delta table, which loads onto its base', () => {
    const { index } = library(docs);
    findSpans(index, reply, getText);
    index.addDocument('late', late);
    const base = PassageIndex.fromTable(join(index.exportTable('base') as Uint8Array[]));
    expect(base.has('late')).toBe(false);
    expect(base.size).toBe(4);
    const copy = reload(index);
    expect(copy.documents()).toEqual(index.documents());
    expect(copy.postingCount).toBe(index.postingCount);
    const text = (id: string): string | undefined => (id === 'late' ? late : docs[id]);
    const withLate = `${reply} then ${late}`;
    expect(findSpans(copy, withLate, text, { minWords: 6 })).toEqual(
      findSpans(index, withLate, text, { minWords: 6 }),
    );
    expect(
      findSpans(copy, withLate, text, { minWords: 6 }).spans.some((s) => s.docId === 'late'),
    ).toBe(true);
  });

  it('gives a document of the delta precedence over a base document with the same id', () => {
    const { index } = library(docs);
    findSpans(index, reply, getText);
    index.addDocument('books/orchard.txt', late);
    const copy = reload(index);
    expect(copy.document('books/orchard.txt')).toEqual(index.document('books/orchard.txt'));
    expect(copy.size).toBe(4);
    const text = (id: string): string | undefined => (id === 'books/orchard.txt' ? late : docs[id]);
    expect(findSpans(copy, reply, text)).toEqual(findSpans(index, reply, text));
  });

  it('refuses a delta table saved beside another base table, and stays unchanged', () => {
    const { index } = library(docs);
    findSpans(index, reply, getText);
    index.addDocument('late', late);
    const delta = join(index.exportTable('delta') as Uint8Array[]);
    const other = PassageIndex.fromTable(
      join(
        library({ one: LANTERN_BOOK, two: ORCHARD_BOOK }).index.exportTable('base') as Uint8Array[],
      ),
    );
    expect(() => other.addDeltaTable(delta)).toThrow(IndexFormatError);
    expect(other.documents().map((d) => d.id)).toEqual(['one', 'two']);
    expect(() => PassageIndex.fromTable(delta)).toThrow(IndexFormatError);
    const base = PassageIndex.fromTable(saved());
    expect(() => base.addDeltaTable(saved())).toThrow(IndexFormatError);
  });

  it('changes and saves again after loading', () => {
    const copy = PassageIndex.fromTable(saved());
    copy.removeDocument('books/lantern.txt');
    copy.addDocument('books/lantern-2.txt', LANTERN_BOOK);
    const again = reload(copy);
    const text = (id: string): string | undefined =>
      id === 'books/lantern-2.txt' ? LANTERN_BOOK : docs[id];
    expect(findSpans(again, reply, text)).toEqual(findSpans(copy, reply, text));
    expect(again.documents().map((d) => d.id)).toEqual(copy.documents().map((d) => d.id));
  });

  it('has nothing to save for an empty index', () => {
    expect(new PassageIndex().exportTable('base')).toBeUndefined();
    expect(new PassageIndex().exportTable('delta')).toBeUndefined();
  });

  const setU32 = (buffer: ArrayBuffer, at: number, value: number): ArrayBuffer => {
    const copy = buffer.slice(0);
    new DataView(copy).setUint32(at, value, true);
    return copy;
  };
  const flip = (buffer: ArrayBuffer, at: number): ArrayBuffer => {
    const copy = buffer.slice(0);
    const bytes = new Uint8Array(copy);
    const i = at < 0 ? bytes.length + at : at;
    bytes[i] = (bytes[i] as number) ^ 0x01;
    return copy;
  };

  it.each<[string, () => ArrayBuffer, Partial<IndexOptions>]>([
    ['a wrong magic number', () => setU32(saved(), 0, 0x12345678), {}],
    ['a newer table format', () => setU32(saved(), 4, TABLE_FORMAT_VERSION + 1), {}],
    ['another index format', () => setU32(saved(), 8, INDEX_FORMAT_VERSION + 1), {}],
    ['another index shape', () => saved(), { shingleWords: 8, stride: 4 }],
    ['an empty buffer', () => new ArrayBuffer(0), {}],
    ['a truncated table', () => saved().slice(0, saved().byteLength - 12), {}],
    ['bytes appended', () => join([new Uint8Array(saved()), new Uint8Array(12)]), {}],
    ['a damaged posting', () => flip(saved(), -20), {}],
    ['a damaged bucket start', () => flip(saved(), -(12 * 200)), {}],
    ['a damaged document list', () => flip(saved(), 60), {}],
    [
      'random bytes',
      () => Uint8Array.from({ length: 512 }, (_, i) => (i * 97 + 13) & 0xff).buffer,
      {},
    ],
  ])('PassageIndex.fromTable throws IndexFormatError for %s', (_name, make, options) => {
    expect(() => PassageIndex.fromTable(make(), options)).toThrow(IndexFormatError);
  });

  it('throws only IndexFormatError (never another error) for every single-word damage to the header', () => {
    const good = saved();
    const others: string[] = [];
    for (let field = 0; field < 14; field++) {
      for (const value of [0, 1, 3, 1024, 0x7fffffff, 0xffffffff]) {
        try {
          PassageIndex.fromTable(setU32(good, field * 4, value));
        } catch (e) {
          if (!(e instanceof IndexFormatError))
            others.push(`field ${field} = ${value}: ${String(e)}`);
        }
      }
    }
    expect(others).toEqual([]);
  });
});
