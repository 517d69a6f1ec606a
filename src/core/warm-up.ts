// Warm-up for long indexing runs. V8 optimizes the one-pass reader once it is hot, with the
// type feedback of the paths run so far; the first document to take a rarer path (a citation,
// a hyphenated line break, a curly quote, another script) then deoptimizes it, and it is
// compiled again. Over the development corpus that meant the reader compiled about 20 times
// in each import worker. Reading a short text that takes every path first halves that.
import { PassageIndex } from './passage-index';

/** Pieces that take every path of the readers: each rule of the normalizer and tokenizer. */
export const READER_PIECES: readonly string[] = [
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
 * Indexes short texts of {@link READER_PIECES}, then a few thousand characters of them,
 * serialized, a few times: a few milliseconds, before an import's first document. The short
 * texts come first, one ending in each piece, so that every path has type feedback before the
 * reader is hot: a long text alone gets the reader optimized in the middle of its loop, before
 * the rarer paths ran, and a document that ends in a word or a quote then threw the code away
 * (what runs after the loop, or a look past the end, had never run). In Chromium that cost about
 * a third more compilations of the reader over the development corpus.
 */
export function warmUpIndexing(): void {
  // Each ends in plain words, then the piece: the fast path reads the end, not the general one.
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
