import { describe, expect, it } from 'vitest';
import { BLOCK_WORDS, buildRecord } from '../../../src/core/document-record';
import { hashWords } from '../../../src/core/hash-words';
import { DEFAULT_INDEX_OPTIONS } from '../../../src/core/index-format';
import { PageFilter } from '../../../src/core/page-filter';
import {
  choosePageBits,
  groupSlice,
  joinPages,
  pageNumber,
  PagedPostings,
  scatterPostings,
  SLICES,
} from '../../../src/core/posting-pages';
import {
  blockStartIn,
  findSpans,
  partBlocks,
  partRange,
  PassageIndex,
  ReplyScanner,
  type PartialText,
} from '../../../src/core/index';
import { ALMANAC_BOOK, LANTERN_BOOK, ORCHARD_BOOK, seededRandom } from './fixtures';

const docs: Record<string, string> = {
  lantern: LANTERN_BOOK,
  orchard: ORCHARD_BOOK,
  almanac: ALMANAC_BOOK,
};
const getText = (id: string): string | undefined => docs[id];

/** The documents' postings in pages as a store keeps them: page number -> triples. */
function storePages(numbers: Record<string, number>, pageBits: number) {
  const records = Object.entries(docs).map(([id, text]) => {
    const r = buildRecord(id, text.length, hashWords(text, BLOCK_WORDS), DEFAULT_INDEX_OPTIONS);
    return { id, number: numbers[id] as number, postings: r.postings as Uint32Array, r };
  });
  const slices = scatterPostings(records);
  const pages = new Map<number, Uint32Array>();
  const filters: PageFilter[] = [];
  slices.forEach((entries, s) => {
    const grouped = groupSlice(entries, pageBits);
    filters[s] = grouped.filter;
    for (const [p, triples] of grouped.pages) pages.set(s + p * SLICES, triples);
  });
  const described = records.map(({ id, number, r }) => ({
    id,
    number,
    words: r.words,
    textLength: r.textLength,
    contentHash: r.contentHash,
  }));
  return { pages, filters, described };
}

const REPLY = `As the story goes: ${LANTERN_BOOK.slice(200, 700)} and later ${ORCHARD_BOOK.slice(
  30,
  400,
)}, which I made up.`;

describe('posting pages', () => {
  it('finds the same spans as the in-memory index once the missing pages are loaded', () => {
    const memory = new PassageIndex();
    for (const [id, text] of Object.entries(docs)) memory.addDocument(id, text);
    const expected = findSpans(memory, REPLY, getText);
    expect(new Set(expected.spans.map((s) => s.docId))).toEqual(new Set(['lantern', 'orchard']));

    const { pages, filters, described } = storePages({ lantern: 7, orchard: 3, almanac: 12 }, 2);
    const paged = new PagedPostings(2, filters);
    const index = PassageIndex.withPages(paged, described);
    const scanner = new ReplyScanner(index, getText);
    const first = scanner.update(REPLY, 0);
    expect(first.spans).toEqual([]);
    const missing = scanner.missingPages();
    expect(missing.length).toBeGreaterThan(0);
    // Only pages of shingles that pass the filter are asked for, never all of them.
    expect(missing.length).toBeLessThan(pages.size);
    paged.addPages(new Map(missing.map((n) => [n, pages.get(n) ?? new Uint32Array(0)])));
    const second = scanner.update(REPLY, REPLY.length);
    expect(scanner.missingPages()).toEqual([]);
    expect(
      second.spans.map((s) => [s.docId, s.replyStart, s.replyEnd, s.sourceStart, s.sourceEnd]),
    ).toEqual(
      expected.spans.map((s) => [s.docId, s.replyStart, s.replyEnd, s.sourceStart, s.sourceEnd]),
    );
  });

  it('skips the postings of documents the index does not list (removed ones)', () => {
    const { pages, filters, described } = storePages({ lantern: 0, orchard: 1, almanac: 2 }, 0);
    const paged = new PagedPostings(0, filters);
    paged.addPages(pages);
    const index = PassageIndex.withPages(
      paged,
      described.filter((d) => d.id !== 'lantern'),
    );
    const result = new ReplyScanner(index, getText).update(REPLY, 0);
    expect(result.spans.map((s) => s.docId)).toContain('orchard');
    expect(result.spans.every((s) => s.docId === 'orchard')).toBe(true);
  });

  it('reads a document by the checkpoints its parts carry when the index has none', () => {
    const memory = new PassageIndex();
    for (const [id, text] of Object.entries(docs)) memory.addDocument(id, text);
    const expected = findSpans(memory, REPLY, getText);
    const { pages, filters, described } = storePages({ lantern: 0, orchard: 1, almanac: 2 }, 0);
    const paged = new PagedPostings(0, filters);
    paged.addPages(pages);
    const index = PassageIndex.withPages(paged, described);
    // Parts given so far, each with its text range and the checkpoints it carries.
    const given = new Map<string, Set<number>>();
    const view = (id: string): PartialText => {
      const text = docs[id] as string;
      const checkpoints = hashWords(text, BLOCK_WORDS).checkpoints;
      const held = () => [...(given.get(id) ?? [])];
      return {
        length: text.length,
        slice(from, to) {
          const inPart = held().some((p) => {
            const [start, end] = partRange(checkpoints, text.length, p);
            return start <= from && to <= end;
          });
          return inPart ? text.slice(from, to) : undefined;
        },
        blockStart: (b) =>
          held()
            .map((p) => blockStartIn(p, partBlocks(checkpoints, p), b))
            .find((at) => at !== undefined),
      };
    };
    const scanner = new ReplyScanner(index, view);
    let result = scanner.update(REPLY, 0);
    // No whole text is asked for: the parts the hits fall in are.
    expect(scanner.missingDocuments()).toEqual([]);
    expect(scanner.missingParts().size).toBeGreaterThan(0);
    for (let round = 0; round < 5 && scanner.missingParts().size > 0; round++) {
      for (const [id, parts] of scanner.missingParts()) {
        const set = given.get(id) ?? new Set<number>();
        parts.forEach((p) => set.add(p));
        given.set(id, set);
      }
      result = scanner.update(REPLY, REPLY.length);
    }
    expect(scanner.missingParts().size).toBe(0);
    expect(scanner.missingDocuments()).toEqual([]);
    expect(
      result.spans.map((s) => [s.docId, s.replyStart, s.replyEnd, s.sourceStart, s.sourceEnd]),
    ).toEqual(
      expected.spans.map((s) => [s.docId, s.replyStart, s.replyEnd, s.sourceStart, s.sourceEnd]),
    );
    // The index still has no checkpoints of its own: the parts' were enough.
    expect(index.checkpointsOf('lantern')).toBeUndefined();
  });

  it('takes a document’s stored checkpoints instead of reading them from its text, and only ones that fit it', () => {
    const { filters, described } = storePages({ lantern: 0, orchard: 1, almanac: 2 }, 0);
    const index = PassageIndex.withPages(new PagedPostings(0, filters), described);
    const truth = hashWords(LANTERN_BOOK, BLOCK_WORDS).checkpoints;
    expect(truth.length).toBeGreaterThan(1);
    // Wrong length, not rising, past the text: ignored, so the text's own are read.
    index.knowCheckpoints('lantern', truth.slice(1));
    index.knowCheckpoints('lantern', truth.slice().reverse());
    index.knowCheckpoints(
      'lantern',
      truth.map((c, i) => (i === truth.length - 1 ? LANTERN_BOOK.length : c)),
    );
    // None was kept: lantern's are still read from the text given (here another one).
    expect([...index.documentCheckpoints(0, ALMANAC_BOOK)]).toEqual([
      ...hashWords(ALMANAC_BOOK, BLOCK_WORDS).checkpoints,
    ]);
    // Checkpoints that fit are kept: the text passed later is not read for them.
    const orchard = hashWords(ORCHARD_BOOK, BLOCK_WORDS).checkpoints;
    index.knowCheckpoints('orchard', orchard);
    expect(index.documentCheckpoints(1, 'not the text at all')).toBe(orchard);
  });

  it('joinPages drops the postings of the documents asked and appends new ones', () => {
    const a = new Uint32Array([1, 2, 5, 3, 4, 6]);
    const b = new Uint32Array([7, 8, 5]);
    const extra = new Uint32Array([9, 9, 9]);
    expect([...joinPages([a, b], (d) => d === 5, extra)]).toEqual([3, 4, 6, 9, 9, 9]);
  });

  it('chooses pages of at most 512 postings on average', () => {
    expect(choosePageBits(0)).toBe(0);
    expect(choosePageBits(64 * 512)).toBe(0);
    expect(choosePageBits(64 * 512 + 1)).toBe(1);
    expect(choosePageBits(30_000_000)).toBe(10);
  });

  it('a page number joins slice and page', () => {
    expect(pageNumber(0b1_000011, 1)).toBe(0b1_000011);
    expect(pageNumber(0b11_000011, 1)).toBe(0b1_000011);
  });

  it('a filter is the power of two of bits nearest to 5 a posting, not the next one up', () => {
    for (const postings of [1_000, 3_000, 20_000, 470_000, 700_000, 1_000_000]) {
      const bits = PageFilter.sized(postings).words.length * 32;
      expect(bits / postings).toBeGreaterThanOrEqual(5 / Math.SQRT2);
      expect(bits / postings).toBeLessThan(5 * Math.SQRT2);
    }
    // 1 GB of text puts about 470,000 postings in a slice: 2^21 bits, not 2^22.
    expect(PageFilter.sized(470_000).words.length * 32).toBe(2 ** 21);
  });

  it('the filter passes every added shingle and about 1 in 11 others', () => {
    const random = seededRandom(7);
    const filter = PageFilter.sized(20_000);
    const added: [number, number][] = [];
    for (let i = 0; i < 20_000; i++) {
      const pair: [number, number] = [(random() * 2 ** 32) >>> 0, (random() * 256) | 0];
      added.push(pair);
      filter.add(...pair);
    }
    expect(added.every(([a, b]) => filter.mayContain(a, b))).toBe(true);
    let passed = 0;
    for (let i = 0; i < 20_000; i++)
      if (filter.mayContain((random() * 2 ** 32) >>> 0, (random() * 256) | 0)) passed++;
    expect(passed / 20_000).toBeGreaterThan(0.01);
    expect(passed / 20_000).toBeLessThan(0.15);
  });

  it('a second filter passes every added shingle too, and turns away most strangers the first lets through', () => {
    const random = seededRandom(11);
    const pair = (): [number, number] => [(random() * 2 ** 32) >>> 0, (random() * 256) | 0];
    const entries = new Uint32Array(3 * 20_000);
    for (let i = 0; i < entries.length; i += 3) {
      const [a, b] = pair();
      entries[i] = a;
      entries[i + 1] = (i << 8) | b;
    }
    const { filter, second } = groupSlice(entries, 0);
    expect(second.variant).toBe(1);
    expect(second.words.length).toBe(filter.words.length);
    for (let i = 0; i < entries.length; i += 3)
      expect(second.mayContain(entries[i] as number, (entries[i + 1] as number) & 0xff)).toBe(true);
    let first = 0;
    let both = 0;
    for (let i = 0; i < 50_000; i++) {
      const [a, b] = pair();
      if (!filter.mayContain(a, b)) continue;
      first++;
      if (second.mayContain(a, b)) both++;
    }
    // Independent probes: about 9% of the first's strangers pass the second (not most of them).
    expect(first).toBeGreaterThan(1000);
    expect(both / first).toBeLessThan(0.2);
  });

  it('pages with second filters ask both; a slice without one is filtered by its first alone', () => {
    const random = seededRandom(5);
    const entries = new Uint32Array(3 * 4000);
    for (let i = 0; i < entries.length; i += 3) {
      entries[i] = (((random() * 2 ** 26) >>> 0) << 6) >>> 0; // all in slice 0
      entries[i + 1] = (random() * 256) | 0;
    }
    const { filter, second } = groupSlice(entries, 0);
    const paged = new PagedPostings(0, [filter, filter]);
    // Slice-0 strangers the first filter lets through, and the same shingles moved to slice 1.
    const through: [number, number][] = [];
    while (through.length < 300) {
      const a = (((random() * 2 ** 26) >>> 0) << 6) >>> 0;
      const b = (random() * 256) | 0;
      if (filter.mayContain(a, b)) through.push([a, b]);
    }
    expect(through.every(([a, b]) => paged.mayContain(a, b))).toBe(true);
    expect(paged.hasSecondFilters).toBe(false);
    // A first filter given as second is not taken for one.
    paged.addSecondFilters([filter]);
    expect(paged.hasSecondFilters).toBe(false);
    paged.addSecondFilters([second]);
    expect(paged.hasSecondFilters).toBe(true);
    const kept = through.filter(([a, b]) => paged.mayContain(a, b)).length;
    expect(kept).toBeLessThan(through.length / 4);
    for (let i = 0; i < entries.length; i += 3)
      expect(paged.mayContain(entries[i] as number, entries[i + 1] as number)).toBe(true);
    // Slice 1 has no second filter: its own first filter decides alone.
    const inSlice1 = through.map(([a, b]): [number, number] => [(a | 1) >>> 0, b]);
    expect(inSlice1.filter(([a, b]) => paged.mayContain(a, b)).length).toBe(
      inSlice1.filter(([a, b]) => filter.mayContain(a, b)).length,
    );
  });

  it('the first filter sets the bits it always set: libraries stored before the second one read the same', () => {
    const filter = new PageFilter(new Uint32Array(64));
    for (const [a, b] of [
      [0x12345678, 0x9a],
      [0xdeadbeef, 0x01],
      [7, 255],
    ] as const)
      filter.add(a, b);
    const set: string[] = [];
    filter.words.forEach((w, i) => {
      if (w) set.push(`${i}:${w >>> 0}`);
    });
    // Bits of the version before the second filter (d71bd4e) for the same three shingles.
    expect(set).toEqual([
      '4:2147483648',
      '9:2097152',
      '23:1048576',
      '35:256',
      '37:524288',
      '39:134217728',
      '44:2113536',
      '56:67108864',
    ]);
  });
});
