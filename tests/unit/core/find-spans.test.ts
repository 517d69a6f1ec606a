import { describe, expect, it } from 'vitest';
import {
  findSpans,
  PassageIndex,
  type ScanOptions,
  type ScanResult,
  type Span,
} from '../../../src/core/index';
import {
  ALMANAC_BOOK,
  inventWords,
  LANTERN_BOOK,
  ORCHARD_BOOK,
  randomRun,
  seededRandom,
  trimToWords,
} from './fixtures';

function library(docs: Record<string, string>): {
  index: PassageIndex;
  getText: (id: string) => string | undefined;
} {
  const index = new PassageIndex();
  for (const [id, text] of Object.entries(docs)) index.addDocument(id, text);
  return { index, getText: (id) => docs[id] };
}

const docs: Record<string, string> = {
  lantern: LANTERN_BOOK,
  orchard: ORCHARD_BOOK,
  almanac: ALMANAC_BOOK,
};
const { index, getText } = library(docs);

const wrap = (passage: string): string =>
  `Sure! Here is the passage you asked about:\n\n${passage}\n\nLet me know if you want more.`;

/** Spans are in reply order and never overlap in the reply. */
function expectOrderedAndDisjoint(result: ScanResult): void {
  for (let i = 1; i < result.spans.length; i++) {
    expect((result.spans[i] as Span).replyStart).toBeGreaterThanOrEqual(
      (result.spans[i - 1] as Span).replyEnd,
    );
  }
}

const LEDGER =
  'Her neighbours called it foolish generosity, but the harbourmaster wrote in his ledger that no boat of Vell had been lost in the fog since she opened her shutters';
const LAMP = `"It's only a lamp," she told the mayor, "but a lamp that doesn't lie is worth the whole fleet's catch."`;
const WORKSHOP =
  'Orla Finch kept the last lantern workshop on the harbour road, a narrow room that smelled of beeswax, brass filings and the cold salt air that crept under the door every evening. She worked by the light of her own lanterns, which she said was the only honest way to judge them.';

describe('findSpans under perturbations', () => {
  // [perturbation, passage as written in the reply, passage as written in the book, words]
  it.each<[string, string, string, number]>([
    ['none (verbatim)', `${LEDGER}.`, LEDGER, 29],
    ['capitals', `${LEDGER.toUpperCase()}!`, LEDGER, 29],
    [
      'smart quotes and apostrophes',
      '“It’s only a lamp,” she told the mayor, “but a lamp that doesn’t lie is worth the whole fleet’s catch.”',
      LAMP,
      20,
    ],
    [
      '**bold** and *italic* emphasis',
      '**Her neighbours called it foolish generosity**, but the harbourmaster *wrote in his ledger* that no boat of Vell had been lost in the fog since she opened her shutters.',
      LEDGER,
      29,
    ],
    [
      'a > quote over three lines',
      '> Her neighbours called it foolish generosity, but the harbourmaster wrote\n> in his ledger that no boat of Vell had been lost in the fog since she\n> opened her shutters.',
      LEDGER,
      29,
    ],
    [
      'hard wraps with line-break hyphenation',
      'Her neighbours called it foolish gener-\nosity, but the harbour-\nmaster wrote in his ledger that no boat of\nVell had been lost in the fog since she opened her shut-\nters.',
      LEDGER,
      29,
    ],
    [
      'zero-width characters, word joiners and soft hyphens',
      'Her neigh\u200bbours called it fool\u00adish generosity, but the\u2060 harbour\u200dmaster wrote in his ledger that no boat of Vell had been lost in the fog since she opened her shutters\ufeff.',
      LEDGER,
      29,
    ],
    [
      'citation markers [1], [^2], (3)',
      'Her neighbours called it foolish generosity,[1] but the harbourmaster wrote in his ledger[^2] that no boat of Vell (3) had been lost in the fog since she opened her shutters.',
      LEDGER,
      29,
    ],
    [
      'CRLF line breaks and no-break spaces',
      'Her neighbours called it foolish\u00a0generosity,\r\nbut the harbourmaster wrote in his ledger\r\nthat no boat of Vell had been lost in the\u00a0fog since she opened her shutters.',
      LEDGER,
      29,
    ],
    [
      'dashes and ellipsis instead of commas',
      'Her neighbours called it foolish generosity — but the harbourmaster wrote in his ledger… that no boat of Vell had been lost in the fog since she opened her shutters.',
      LEDGER,
      29,
    ],
  ])(
    'finds the span with exact reply and source offsets under %s',
    (_perturbation, replyPassage, bookPassage, words) => {
      const reply = wrap(replyPassage);
      const result = findSpans(index, reply, getText);
      expect(result.spans).toHaveLength(1);
      const span = result.spans[0] as Span;
      expect(span).toMatchObject({ docId: 'lantern', kind: 'exact', edits: 0, words });
      expect(reply.slice(span.replyStart, span.replyEnd)).toBe(trimToWords(replyPassage));
      expect(LANTERN_BOOK.slice(span.sourceStart, span.sourceEnd)).toBe(trimToWords(bookPassage));
      expect(span.replyWordEnd - span.replyWordStart).toBe(words);
      expect(span.sourceWordEnd - span.sourceWordStart).toBe(words);
    },
  );

  // BUG: a line-break hyphen inside a markdown quote is not joined: normalize('> an experi-\n> ment')
  // gives 'an experi- ment' because the "> " marker sits between the line break and the word's
  // continuation. The design's measured run plants exactly this (a hyphenated break inside a >
  // quote). Expected: one exact 29-word span. Actual: one 'near' span of 30 words with 2 edits
  // ("gener" "osity" for "generosity").
  it('finds the span exactly when a > quote hard-wraps with a line-break hyphen', () => {
    const replyPassage =
      '> Her neighbours called it foolish gener-\n> osity, but the harbourmaster wrote in his ledger that no boat of\n> Vell had been lost in the fog since she opened her shutters.';
    const reply = wrap(replyPassage);
    const result = findSpans(index, reply, getText);
    expect(result.spans.map((s) => [s.kind, s.edits, s.words])).toEqual([['exact', 0, 29]]);
    expect(reply.slice(result.spans[0]?.replyStart, result.spans[0]?.replyEnd)).toBe(
      trimToWords(replyPassage),
    );
  });

  it('maps source offsets into a hard-wrapped, hyphenated book', () => {
    const book =
      'It was said in the village that\nthe keeper of the light-\nhouse watched the grey sea for forty\nyears without once leaving his post at the point.\n';
    const lib = library({ wrapped: book });
    const reply =
      'Legend has it the keeper of the lighthouse watched the grey sea for forty years without once leaving his post, they say.';
    const [span, ...rest] = findSpans(lib.index, reply, lib.getText).spans;
    expect(rest).toEqual([]);
    expect(reply.slice(span?.replyStart, span?.replyEnd)).toBe(
      'the keeper of the lighthouse watched the grey sea for forty years without once leaving his post',
    );
    expect(book.slice(span?.sourceStart, span?.sourceEnd)).toBe(
      'the keeper of the light-\nhouse watched the grey sea for forty\nyears without once leaving his post',
    );
  });
});

describe('findSpans near-verbatim spans', () => {
  // [edit, reply passage, edits, reply words]
  it.each<[string, string, number, number]>([
    ['one word replaced', WORKSHOP.replace('cold salt air', 'cold sea air'), 1, 52],
    ['one word inserted', WORKSHOP.replace('a narrow room', 'a very narrow room'), 1, 53],
    ['one word dropped', WORKSHOP.replace('beeswax, brass filings', 'beeswax, filings'), 1, 51],
    [
      'two words replaced far apart',
      WORKSHOP.replace('cold salt', 'chill salt').replace('light of her', 'glow of her'),
      2,
      52,
    ],
    [
      'a replaced and a dropped word',
      WORKSHOP.replace('narrow room', 'narrow shop').replace('her own lanterns', 'her lanterns'),
      2,
      51,
    ],
  ])('bridges %s and counts the edits', (_edit, replyPassage, edits, words) => {
    const reply = wrap(replyPassage);
    const result = findSpans(index, reply, getText);
    expect(result.spans).toHaveLength(1);
    const span = result.spans[0] as Span;
    expect(span).toMatchObject({ docId: 'lantern', kind: 'near', edits, words });
    expect(reply.slice(span.replyStart, span.replyEnd)).toBe(trimToWords(replyPassage));
    expect(LANTERN_BOOK.slice(span.sourceStart, span.sourceEnd)).toBe(trimToWords(WORKSHOP));
  });

  it('reports only the exact pieces around an edit with includeNear: false', () => {
    const reply = wrap(WORKSHOP.replace('cold salt air', 'cold sea air'));
    const result = findSpans(index, reply, getText, { includeNear: false });
    expect(result.spans.map((s) => [s.kind, s.edits, s.words])).toEqual([
      ['exact', 0, 23],
      ['exact', 0, 28],
    ]);
    expect(result.spans.map((s) => reply.slice(s.replyStart, s.replyEnd)).join(' ')).not.toContain(
      'sea',
    );
  });

  it.each<[string, Partial<ScanOptions>, number]>([
    ['is not bridged with the default maxGapWords of 3', {}, 2],
    ['is bridged with maxGapWords 4', { maxGapWords: 4 }, 1],
  ])('a four-word replacement %s', (_name, options, spanCount) => {
    const reply = wrap(
      WORKSHOP.replace('brass filings and the cold', 'copper shavings or some cold'),
    );
    expect(findSpans(index, reply, getText, options).spans).toHaveLength(spanCount);
  });

  it('scores an exact copy above the same copy with one edit, and that above two edits', () => {
    const score = (passage: string): number =>
      (findSpans(index, wrap(passage), getText).spans[0] as Span).score;
    const exact = score(WORKSHOP);
    const one = score(WORKSHOP.replace('cold salt air', 'cold sea air'));
    const two = score(WORKSHOP.replace('cold salt', 'chill sea'));
    expect(exact).toBeGreaterThan(one);
    expect(one).toBeGreaterThan(two);
    expect(two).toBeGreaterThan(0);
  });

  it('scores a longer copy above a shorter one', () => {
    const long = findSpans(index, wrap(WORKSHOP), getText).spans[0] as Span;
    const short = findSpans(index, wrap(LEDGER), getText).spans[0] as Span;
    expect(long.words).toBeGreaterThan(short.words);
    expect(long.score).toBeGreaterThan(short.score);
  });
});

describe('findSpans thresholds and filters', () => {
  const fourteen =
    'I recall that the harbourmaster wrote in his ledger that no boat of Vell had been lost forever, apparently.';

  it.each([
    [12, 1],
    [14, 1],
    [15, 0],
  ])('with minWords %i reports %i span(s) for a 14-word copy', (minWords, count) => {
    const spans = findSpans(index, fourteen, getText, { minWords }).spans;
    expect(spans).toHaveLength(count);
    if (count)
      expect(fourteen.slice(spans[0]?.replyStart, spans[0]?.replyEnd)).toBe(
        'the harbourmaster wrote in his ledger that no boat of Vell had been lost',
      );
  });

  it.each([
    [
      'a run of chapter headings',
      'The contents: CHAPTER I CHAPTER II CHAPTER III CHAPTER IV CHAPTER V CHAPTER VI CHAPTER VII CHAPTER VIII CHAPTER IX CHAPTER X CHAPTER XI CHAPTER XII CHAPTER XIII.',
    ],
    [
      'a list of roman numerals',
      'Numerals: I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX.',
    ],
    [
      'a list of numbers',
      'Counting: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25.',
    ],
    [
      'month names twice over',
      'The months are January February March April May June July August September October November December January February March April May June.',
    ],
  ])('does not flag %s even though the library has it word for word', (_name, reply) => {
    expect(findSpans(index, reply, getText).spans).toEqual([]);
    expect(findSpans(index, reply, getText, { minWords: 8 }).spans).toEqual([]);
  });

  it('flags a rare 12-word sentence from the same book', () => {
    const reply =
      'I like how she puts it: The beekeeper of Marrow Lane whispered her accounts to the hives each. Nice.';
    const spans = findSpans(index, reply, getText).spans;
    expect(spans.map((s) => [s.docId, s.words, reply.slice(s.replyStart, s.replyEnd)])).toEqual([
      ['almanac', 12, 'The beekeeper of Marrow Lane whispered her accounts to the hives each'],
    ]);
  });

  it('flags numbers when an informative sentence carries them', () => {
    const lib = library({
      log: 'On 14 March 1852 the schooner Perpetua ran aground on the shoals off Keswick Point with 212 barrels of whale oil.',
    });
    const reply =
      'Records say on 14 March 1852 the schooner Perpetua ran aground on the shoals off Keswick Point with 212 barrels.';
    expect(findSpans(lib.index, reply, lib.getText).spans.map((s) => s.words)).toEqual([18]);
  });

  it('reports coverage as the share of reply words inside spans', () => {
    const filler =
      'This reply starts with twenty words of my own that are not in any book of the library at all, honestly.';
    const result = findSpans(index, `${filler} ${LEDGER}.`, getText);
    expect(result.words).toBe(21 + 29);
    expect(result.coverage).toBeCloseTo(29 / 50, 10);
  });
});

describe('findSpans with several sources', () => {
  const tail = ' and then the tide turned against the fishermen of the northern bays';
  it('prefers the source with the longer match and reports one span', () => {
    const lib = library({
      a: `Intro words here. ${LEDGER}. The end of A.`,
      b: `Other start. ${LEDGER}${tail}.`,
    });
    const reply = `${LEDGER}${tail}.`;
    const result = findSpans(lib.index, reply, lib.getText);
    expect(result.spans.map((s) => [s.docId, s.words])).toEqual([['b', 41]]);
  });

  it('reports an identical passage in two books once, from the book added first', () => {
    const lib = library({ first: `Alpha. ${LEDGER}.`, second: `Beta. ${LEDGER}.` });
    const result = findSpans(lib.index, wrap(`${LEDGER}.`), lib.getText);
    expect(result.spans.map((s) => s.docId)).toEqual(['first']);
  });

  it.each<[string, string[]]>([
    ['first', ['first', 'second']],
    ['second', ['second', 'first']],
  ])('reports an identical passage from %s when the scan ranks the books %j', (expected, order) => {
    const lib = library({ first: `Alpha. ${LEDGER}.`, second: `Beta. ${LEDGER}.` });
    const documentOrder = (id: string): number => order.indexOf(id);
    const result = findSpans(lib.index, wrap(`${LEDGER}.`), lib.getText, { documentOrder });
    expect(result.spans.map((s) => s.docId)).toEqual([expected]);
  });

  it('ranks by the given order, not by when a book was added back into the index', () => {
    const lib = library({ first: `Alpha. ${LEDGER}.`, second: `Beta. ${LEDGER}.` });
    lib.index.removeDocument('first');
    lib.index.addDocument('first', `Alpha. ${LEDGER}.`.replace('Alpha', 'Gamma'));
    const reply = wrap(`${LEDGER}.`);
    expect(findSpans(lib.index, reply, lib.getText).spans.map((s) => s.docId)).toEqual(['second']);
    const documentOrder = (id: string): number => ['first', 'second'].indexOf(id);
    const ranked = findSpans(lib.index, reply, lib.getText, { documentOrder });
    expect(ranked.spans.map((s) => s.docId)).toEqual(['first']);
  });

  it('reports two passages from two books in reply order, without overlap', () => {
    const orchard =
      'In winter the panes wept with condensation and the whole orchard glowed like a lantern at dusk';
    const reply = `First, ${orchard}. Second, ${LEDGER}. Third, ${WORKSHOP}`;
    const result = findSpans(index, reply, getText);
    expect(result.spans.map((s) => s.docId)).toEqual(['orchard', 'lantern', 'lantern']);
    expectOrderedAndDisjoint(result);
    expect(result.spans.map((s) => reply.slice(s.replyStart, s.replyEnd))).toEqual([
      orchard,
      LEDGER,
      trimToWords(WORKSHOP),
    ]);
  });

  it('splits a copy that overlaps a longer copy from another book, keeping the unclaimed part', () => {
    const shared =
      'the glass orchard stood on a terrace above the river where my grandmother grew quinces';
    const lib = library({
      short: `Once ${shared} and pears in rows along the wall beside the old stone kitchen garden gate`,
      long: `Then ${shared} under panes of green and amber glass salvaged from a burned chapel`,
    });
    const reply = `Later ${shared} under panes of green and amber glass salvaged from a burned chapel.`;
    const result = findSpans(lib.index, reply, lib.getText);
    expect(result.spans.map((s) => s.docId)).toEqual(['long']);
    expectOrderedAndDisjoint(result);
  });
});

describe('findSpans edge cases', () => {
  it.each([
    ['an empty reply', ''],
    ['a reply of whitespace', ' \r\n\t '],
    ['a reply of punctuation', '...!?—“”'],
  ])('returns no spans and zero coverage for %s', (_name, reply) => {
    expect(findSpans(index, reply, getText)).toEqual({ words: 0, coverage: 0, spans: [] });
  });

  it('returns no spans against an empty library', () => {
    const result = findSpans(new PassageIndex(), wrap(LEDGER), () => undefined);
    expect(result.spans).toEqual([]);
    expect(result.coverage).toBe(0);
    expect(result.words).toBeGreaterThan(29);
  });

  it('returns no spans when the document text is unavailable', () => {
    expect(findSpans(index, wrap(LEDGER), () => undefined).spans).toEqual([]);
  });

  it('returns no spans (rather than wrong offsets) when the document text no longer matches its index', () => {
    const changed = LANTERN_BOOK.replace(
      'Orla Finch kept',
      'Orla Finch, the old woman everyone in town knew, kept',
    );
    const spans = findSpans(index, wrap(LEDGER), (id) =>
      id === 'lantern' ? changed : getText(id),
    ).spans;
    for (const s of spans)
      expect(trimToWords(changed.slice(s.sourceStart, s.sourceEnd)).toLowerCase()).toBe(
        LEDGER.toLowerCase(),
      );
  });

  it('finds planted passages in a 1 MB reply with exact offsets', () => {
    const random = seededRandom(5);
    const filler = inventWords(2000, 9, 'z');
    const chunk = (): string => randomRun(filler, 3000, random).join(' ') + '.\n\n';
    let reply = chunk();
    const planted: [string, number][] = [];
    const plant = (passage: string): void => {
      planted.push([trimToWords(passage), reply.length]);
      reply += passage + '\n\n';
    };
    plant(WORKSHOP);
    while (reply.length < 500_000) reply += chunk();
    plant(`${LEDGER}.`);
    while (reply.length < 1_000_000) reply += chunk();
    plant(LAMP);
    reply += chunk();
    const result = findSpans(index, reply, getText);
    expect(result.words).toBeGreaterThan(100_000);
    expect(result.spans.map((s) => [reply.slice(s.replyStart, s.replyEnd), s.replyStart])).toEqual(
      planted.map(([text, at]) => [text, at + (text.startsWith('It') ? 1 : 0)]),
    );
    expect(result.spans.map((s) => s.docId)).toEqual(['lantern', 'lantern', 'lantern']);
  });
});

describe('findSpans on a reply repeating one passage many times', () => {
  const words = LEDGER.split(' ');
  it.each([
    { n: 20, copies: 300, spans: 300 },
    { n: 11, copies: 300, spans: 0 },
  ])(
    '$n library words said $copies times give $spans spans, one per copy',
    ({ n, copies, spans }) => {
      const passage = words.slice(0, n).join(' ');
      const reply = `${passage}. `.repeat(copies);
      const result = findSpans(index, reply, getText);
      expect(result.spans).toHaveLength(spans);
      expectOrderedAndDisjoint(result);
      if (spans > 0) expect(result.spans.at(-1)?.replyEnd).toBe(reply.length - 2);
    },
  );
});
