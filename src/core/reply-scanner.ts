import {
  CursorCache,
  DEFAULT_SCAN_OPTIONS,
  spansFromSeeds,
  type DocumentTextLookup,
  type ScanOptions,
} from './find-spans';
import type { PassageIndex, Seed } from './passage-index';
import type { PageMisses } from './posting-pages';
import { tokenize, type WordList } from './tokenize';
import type { ScanResult } from './types';

/**
 * The first `keep` words of `head` followed by `tail`, written into `head`'s arrays (grown by
 * doubling when full): a streaming reply's update then costs its new words, not a copy of all
 * words so far. The arrays may be longer than `count`; readers go by `count`.
 */
function appendWords(head: WordList, keep: number, tail: WordList): WordList {
  const count = keep + tail.count;
  const put = (a: Uint32Array, b: Uint32Array): Uint32Array => {
    let out = a;
    if (a.length < count) {
      out = new Uint32Array(Math.max(count, a.length * 2, 64));
      out.set(a.subarray(0, keep));
    }
    out.set(b.subarray(0, tail.count), keep);
    return out;
  };
  const texts = head.texts ?? [];
  texts.length = keep;
  for (const word of tail.texts ?? []) texts.push(word);
  return {
    count,
    hashes: put(head.hashes, tail.hashes),
    rawStarts: put(head.rawStarts, tail.rawStarts),
    rawEnds: put(head.rawEnds, tail.rawEnds),
    texts,
  };
}

function noMisses(): PageMisses {
  return { pages: new Set(), firstWord: Number.POSITIVE_INFINITY };
}

function emptyWords(): WordList {
  return {
    count: 0,
    hashes: new Uint32Array(0),
    rawStarts: new Uint32Array(0),
    rawEnds: new Uint32Array(0),
    texts: [],
  };
}

/**
 * Scans one reply as it streams. Each {@link update} re-reads only the words at and after the
 * first change and looks up only the shingles that touch them; earlier index hits and the
 * tokenized document blocks are reused. Results equal a fresh {@link findSpans} of the same text.
 *
 * Not safe to share across replies; create one per reply. If the index changes, call
 * {@link reset} (or create a new scanner).
 */
export class ReplyScanner {
  /** Length of the text read last; the text itself is the caller's (the background keeps it once). */
  private textLength = 0;
  private words: WordList = emptyWords();
  private seeds: Seed[] = [];
  /** Pages of a store's index the last read needed but did not have, and the first word that did. */
  private misses: PageMisses = noMisses();
  private cursors: CursorCache;
  private readonly options: ScanOptions;

  constructor(
    private readonly index: PassageIndex,
    private readonly getText: DocumentTextLookup,
    options: Partial<ScanOptions> = {},
  ) {
    this.options = { ...DEFAULT_SCAN_OPTIONS, ...options };
    this.cursors = new CursorCache(getText);
  }

  /**
   * Documents that had index hits in the last {@link update} but whose text `getText` did not
   * return. Load them, then call `update` again with the same text to get their spans.
   */
  missingDocuments(): string[] {
    return [...this.cursors.missing];
  }

  /**
   * Parts of documents' texts (see document-cursor.ts's `partRange`) that the last
   * {@link update} needed but `getText` gave only partly, without them. Load them, then call
   * `update` again.
   */
  missingParts(): Map<string, number[]> {
    return this.cursors.missingParts();
  }

  /**
   * Pages of the index's store (see posting-pages.ts) that the last {@link update} needed but
   * that were not loaded. Load them, then call `update` again: the shingles that needed them are
   * looked up again.
   */
  missingPages(): number[] {
    return [...this.misses.pages];
  }

  /** Forgets everything read so far (after the index or the library changed). */
  reset(): void {
    this.textLength = 0;
    this.words = emptyWords();
    this.seeds = [];
    this.misses = noMisses();
    this.cursors = new CursorCache(this.getText);
  }

  /**
   * Scans the reply's full current text. `unchanged` is how many code units (UTF-16) at the start of
   * `text` the caller knows equal the previous update's text, the `keep` of the reply's text
   * change (see shared/reply-text-change); words after it are read again, 0 reads all. An
   * `unchanged` beyond the previous text or `text` counts as their length. Never throws.
   */
  update(text: string, unchanged: number): ScanResult {
    this.read(text, unchanged);
    this.cursors.beginScan();
    return spansFromSeeds(this.index, this.words, this.seeds, this.cursors, this.options);
  }

  /**
   * Reads `text` like {@link update} but finds no spans: the words and index hits are kept for
   * the next update. Lets a caller feed a long text in slices (each slice a longer prefix of it,
   * `unchanged` the previous slice's length) and pay for spans once, at the last slice.
   * Never throws.
   */
  read(text: string, unchanged: number): void {
    const prefix = Math.max(0, Math.min(unchanged, this.textLength, text.length));
    // Keep words followed by another word wholly inside the unchanged prefix: only then did the
    // tokenizer's look-ahead (hyphenated line breaks, apostrophes) see their true end.
    let ended = 0;
    while (ended < this.words.count && (this.words.rawEnds[ended] as number) <= prefix) ended++;
    const keep = Math.max(0, ended - 1);
    // Re-read from the end of the last kept word, so the normalizer sees what stands between
    // it and the next word (an opening `[` of a citation marker, a line start).
    const from = keep > 0 ? (this.words.rawEnds[keep - 1] as number) : 0;
    const tail = tokenize(text, { from: Math.min(from, text.length), withText: true });
    this.words = appendWords(this.words, keep, tail);
    const k = this.index.options.shingleWords;
    // Shingles whose page was missing last time are looked up again, now that it may be loaded.
    const firstNew = Math.min(Math.max(0, keep - k + 1), this.misses.firstWord);
    this.seeds = this.seeds.filter((s) => s.replyWord < firstNew);
    this.misses = noMisses();
    this.seeds.push(...this.index.findSeeds(this.words, firstNew, this.misses));
    this.textLength = text.length;
  }
}
