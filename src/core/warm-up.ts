// Warm-up before a long indexing run: a fresh process indexes the corpus library a few percent
// faster with it than without, warm-up included (tests/bench/core/warm-up-cost.ts measures it).
import { PassageIndex } from './passage-index';

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

/** `count` pieces in an order fixed by `seed`, so every piece meets every kind of neighbour. */
export function readerPiecesText(count: number, seed: number): string {
  let s = seed >>> 0;
  let text = '';
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    text += READER_PIECES[Math.floor((s / 4294967296) * READER_PIECES.length)];
  }
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
