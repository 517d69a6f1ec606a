// What the indexing fast path buys: hashWords (one pass over the raw text) beside tokenize (a
// normalized copy, then words with offsets), reading the same corpus for the same word hashes.
import { hashWords, tokenize } from '../../../src/core/index';
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
