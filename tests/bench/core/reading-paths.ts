// What the indexing fast path buys: hashWords (one pass over the raw text) beside tokenize (a
// normalized copy, then words with offsets), reading the same corpus for the same word hashes.
import { codesToString, codesToStringByChar } from '../../../src/core/codes-to-string';
import { hashWords, normalizeRange, tokenize } from '../../../src/core/index';
import type { Doc } from './bench-text';
import { fmt, MB, note, ratio, table } from './measure';

/** Best wall time in seconds of `rounds` runs of `read` over every document. */
function bestSeconds(docs: readonly Doc[], rounds: number, read: (text: string) => number): number {
  let best = Infinity;
  let words = 0;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    for (const d of docs) words += read(d.text);
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  if (words < 0) throw new Error('unreachable');
  return best;
}

/** Prints the throughput of both readers over the corpus library, best of three runs each. */
export function timeReadingPaths(corpus: readonly Doc[]): void {
  note('reading the corpus with hashWords and with tokenize');
  const bytes = corpus.reduce((n, d) => n + d.bytes, 0);
  const tokenizeS = bestSeconds(corpus, 3, (text) => tokenize(text).count);
  const hashWordsS = bestSeconds(corpus, 3, (text) => hashWords(text, 128).count);
  table(
    'Reading words for indexing (corpus library, best of 3, wall)',
    ['reader', 'MB/s', 'hashWords / tokenize'],
    [
      ['tokenize (normalize, then words with offsets)', fmt(bytes / MB / tokenizeS), ''],
      [
        'hashWords (one pass, the indexing fast path)',
        fmt(bytes / MB / hashWordsS),
        ratio(tokenizeS, hashWordsS),
      ],
    ],
  );
}

/** Prints how fast the normalized corpus decodes to strings with and without TextDecoder. */
export function timeDecoding(corpus: readonly Doc[]): void {
  note('decoding the normalized corpus to strings');
  const buffers = corpus.map((d) => normalizeRange(d.text));
  const units = buffers.reduce((n, b) => n + b.length, 0);
  const best = (decode: typeof codesToString): number => {
    let seconds = Infinity;
    for (let round = 0; round < 3; round++) {
      const started = performance.now();
      for (const b of buffers) decode(b.codes, 0, b.length);
      seconds = Math.min(seconds, (performance.now() - started) / 1000);
    }
    return seconds;
  };
  const byChar = best(codesToStringByChar);
  const decoder = best(codesToString);
  table(
    'Normalized code units to a string (corpus library, best of 3, wall)',
    ['decoder', 'M units/s', 'speed-up'],
    [
      ['String.fromCharCode over 4,096-unit slices', fmt(units / MB / byChar), ''],
      [
        'TextDecoder (utf-16le), codes-to-string.ts',
        fmt(units / MB / decoder),
        ratio(byChar, decoder),
      ],
    ],
  );
}
