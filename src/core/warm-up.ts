// Warm-ups: before a long indexing run (a fresh process indexes the corpus library a few percent
// faster with it than without, warm-up included: tests/bench/core/warm-up-cost.ts measures it),
// and of a scan over posting pages and parts, for a worker woken with time to spare.
import { BLOCK_WORDS, buildRecord } from './document-record';
import { blockStartIn, partBlocks, partRange } from './document-cursor';
import type { PartialText } from './find-spans';
import { hashWords } from './hash-words';
import { DEFAULT_INDEX_OPTIONS } from './index-format';
import { PassageIndex } from './passage-index';
import { groupSlice, PagedPostings, scatterPostings, SLICES } from './posting-pages';
import { ReplyScanner } from './reply-scanner';

/** Pieces that take every path of the readers: each rule of the normalizer and tokenizer. */
const READER_PIECES: readonly string[] = [
  'word',
  'Word',
  'WORD',
  'x',
  '42',
  'don',
  "'",
  '’',
  't',
  ' ',
  '  ',
  '\n',
  '\r\n',
  '\t',
  '-',
  '-\n',
  '-\n> ',
  '—',
  '–',
  '‐',
  '[1]',
  '[^2]',
  '(3)',
  '[4, 5]',
  '【6】',
  '(',
  '[',
  ']',
  ')',
  '.',
  ',',
  '"',
  '“',
  '”',
  '‘',
  '*',
  '**',
  '_',
  '~',
  '`',
  '#',
  '# ',
  '> ',
  '- ',
  '1. ',
  '12) ',
  '•',
  'é',
  'e\u0301',
  'ﬁ',
  'Ａ',
  '中文',
  'かな',
  '\u200b',
  '\u00ad',
  '\u2060',
  '\ufeff',
  '¹',
  '…',
  '\u00a0',
  '\u2028',
  '😀',
  '𝐀',
  '\ud800',
  'İ',
  'ß',
  'Ωμέγα',
  'привет',
  'naïve',
  "o'clock",
  '3-\nfold',
  'experi-\nment',
  '\v',
  '\f',
  '\u0085',
];

/** Indexes below `n`, the same sequence for the same `seed` (a linear congruential generator). */
function seededIndex(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 4294967296) * n);
  };
}

/** `count` pieces in an order fixed by `seed`, so every piece meets every kind of neighbour. */
export function readerPiecesText(count: number, seed: number): string {
  const next = seededIndex(seed);
  let text = '';
  for (let i = 0; i < count; i++) text += READER_PIECES[next(READER_PIECES.length)];
  return text;
}

const WARM_UP_ROUNDS = 3;
const SHORT_PIECES = 150;

/**
 * Indexes short texts of {@link READER_PIECES}, one ending in each piece, then a few thousand
 * characters of them, serialized, a few times: a few milliseconds, to be called once before an
 * import's first document, so the readers are compiled with every path already taken. Never
 * throws; has no effect on any index.
 */
export function warmUpIndexing(): void {
  READER_PIECES.forEach((last, round) =>
    new PassageIndex().addDocument(
      'warm-up',
      `${readerPiecesText(SHORT_PIECES, round + WARM_UP_ROUNDS + 1)} and the ${last}`,
    ),
  );
  for (let round = 0; round < WARM_UP_ROUNDS; round++) {
    const index = new PassageIndex();
    index.addDocument('warm-up', readerPiecesText(3000, round + 1));
    index.serializeDocument('warm-up');
  }
}

/** Words of the warm-up's document: enough for several parts, each with a few blocks. */
const SCAN_WARM_UP_WORDS = 3000;
const SYLLABLES = ['ka', 'lo', 'mir', 'ten', 'sa', 'vu', 'dor', 'el', 'qui', 'ra', 'bos', 'nith'];

/** `count` made-up words of one to three syllables, in sentences and paragraphs. */
function madeUpProse(count: number, seed: number): string {
  const next = seededIndex(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let word = '';
    for (let j = next(3); j >= 0; j--) word += SYLLABLES[next(SYLLABLES.length)];
    out.push(i % 97 === 96 ? `${word}.\n\n` : i % 13 === 12 ? `${word}, ` : `${word} `);
  }
  return out.join('');
}

/**
 * Scans a reply that copies three stretches of a made-up document (one with a word changed)
 * through the path a woken worker's scans take: posting pages behind their filters, read on
 * demand, and the document in parts. About 10-20 ms in a fresh worker; the first real scan
 * after it runs compiled code. Returns the spans found (3 when all went as meant). Never throws;
 * touches no store and no index but its own.
 */
export function warmUpScanning(): number {
  try {
    const text = madeUpProse(SCAN_WARM_UP_WORDS, 7);
    const words = hashWords(text, BLOCK_WORDS);
    const record = buildRecord('warm-up', text.length, words, DEFAULT_INDEX_OPTIONS);
    const pages = new Map<number, Uint32Array>();
    const postings = record.postings ?? new Uint32Array(0);
    const grouped = scatterPostings([{ number: 0, postings }]).map((entries, s) => {
      const slice = groupSlice(entries, 0);
      for (const [p, triples] of slice.pages) pages.set(s + p * SLICES, triples);
      return slice;
    });
    const paged = new PagedPostings(
      0,
      grouped.map((g) => g.filter),
    );
    paged.addSecondFilters(grouped.map((g) => g.second));
    const index = PassageIndex.withPages(paged, [
      { id: 'warm-up', number: 0, words: record.words, textLength: text.length, contentHash: '' },
    ]);
    const { checkpoints } = words;
    const held = new Set<number>();
    const view: PartialText = {
      length: text.length,
      slice: (from, to) =>
        [...held].some((p) => {
          const [start, end] = partRange(checkpoints, text.length, p);
          return start <= from && to <= end;
        })
          ? text.slice(from, to)
          : undefined,
      blockStart: (b) =>
        [...held]
          .map((p) => blockStartIn(p, partBlocks(checkpoints, p), b))
          .find((at) => at !== undefined),
    };
    const scanner = new ReplyScanner(index, () => view);
    const quarter = Math.floor(text.length / 4);
    const changed = text.slice(2 * quarter, 2 * quarter + 1500).replace(/ ka/, ' ko');
    const reply = `Here it is. ${text.slice(quarter, quarter + 1500)} Then, ${changed} and ${text.slice(
      3 * quarter,
      3 * quarter + 900,
    )} That is all.`;
    let result = scanner.update(reply, 0);
    // Rounds as the matcher runs them: the pages, then the parts, each read "from the store".
    for (let round = 0; round < 4; round++) {
      const missing = scanner.missingPages();
      const parts = scanner.missingParts().get('warm-up') ?? [];
      if (missing.length === 0 && parts.length === 0) break;
      paged.addPages(new Map(missing.map((n) => [n, pages.get(n) ?? new Uint32Array(0)])));
      for (const p of parts) held.add(p);
      result = scanner.update(reply, reply.length);
    }
    return result.spans.length;
  } catch {
    return 0;
  }
}
