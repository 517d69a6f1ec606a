/**
 * The indexing fast path: the word hashes of a whole text in one pass over the raw text, with
 * no normalized copy and no per-word offsets. Its per-character actions are generated from the
 * normalization rule table on first use; text it cannot read by those actions goes through
 * the tokenizer. It reads about three times as fast as tokenize
 * (tests/bench/core/reading-paths.ts); tests compare both on every BMP code unit and on random
 * text.
 */
import { FNV_OFFSET, fnvStep } from './hash';
import {
  citationLength,
  hyphenBreakLength,
  lineMarkerLength,
  Rule,
  ruleOf,
} from './normalize-rules';
import { normalizeRangeScratch } from './normalize-scratch';
import { readAll, readWords, type Sink } from './tokenize';
import { wordClasses } from './word-classes';

/** The word hashes of a whole text, and the raw start offset of every `every`-th word. */
export interface WordHashes {
  /** Number of words; `hashes` may be longer. */
  count: number;
  /** Hash of each word (the same as {@link tokenize}'s). */
  hashes: Uint32Array;
  /** `checkpoints[b]` is the raw start (UTF-16 offset) of word `b * every`. */
  checkpoints: Uint32Array;
}

/**
 * The same words and hashes as {@link tokenize} over the whole of `raw`, and the raw start of
 * every `every`-th word (`every` ≥ 1). Empty text gives `count: 0`. Never throws.
 */
export function hashWords(raw: string, every: number): WordHashes {
  const sink = new HashSink(Math.max(16, (raw.length / 5) | 0), every);
  new FastHasher(raw, sink).run();
  return {
    count: sink.count,
    hashes: sink.hashes,
    checkpoints: Uint32Array.from(sink.checkpoints),
  };
}

/** What the fast path does with a raw UTF-16 code unit. */
const Action = {
  /** Not read here: the tokenizer reads the stretch around it. */
  slow: 0,
  /** An ASCII letter or digit: part of a word. */
  word: 1,
  /** Removed: the word goes on across it. */
  skip: 2,
  /** Ends the word, adds nothing. */
  end: 3,
  /** Ends the word and starts a line. */
  line: 4,
  /** A single quote: joins two word parts, or ends the word. */
  apostrophe: 5,
  /** A dash that may join a line break. */
  hyphen: 6,
  /** May open a citation marker. */
  citation: 7,
} as const;

let actions: Uint8Array | undefined;

/**
 * @internal The {@link Action} of every UTF-16 code unit, built on first use from its
 * normalization rule: what that rule leaves is a word character, nothing, or only separators
 * (of {@link wordClasses}); anything else is read slowly.
 */
function fastActions(): Uint8Array {
  actions ??= buildActions();
  return actions;
}

function buildActions(): Uint8Array {
  const classes = wordClasses();
  const table = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) table[c] = actionOf(c, classes);
  return table;
}

function actionOf(c: number, classes: Uint8Array): number {
  switch (ruleOf(c)) {
    case Rule.asciiWord:
      return Action.word;
    case Rule.invisible:
      return Action.skip;
    case Rule.lineBreak:
      return Action.line;
    case Rule.singleQuote:
      return Action.apostrophe;
    case Rule.joiningDash:
      return Action.hyphen;
    case Rule.citationOpen:
      return c < 0x80 ? Action.citation : Action.slow;
    case Rule.space:
    case Rule.asSpace:
      return Action.end;
    // These leave `-`, `"` or `...`: separators.
    case Rule.dash:
    case Rule.doubleQuote:
    case Rule.ellipsis:
      return classes[0x2d] === 0 && classes[0x22] === 0 && classes[0x2e] === 0
        ? Action.end
        : Action.slow;
    default:
      // ASCII is left as it is; other units may fold into anything.
      return c < 0x80 && classes[c] === 0 ? Action.end : Action.slow;
  }
}

/** Keeps only what indexing needs: word hashes, and the raw start of every `every`-th word. */
class HashSink implements Sink {
  count = 0;
  hashes: Uint32Array;
  checkpoints: number[] = [];
  readonly texts = undefined;

  constructor(
    capacity: number,
    private readonly every: number,
  ) {
    this.hashes = new Uint32Array(capacity);
  }

  push(hash: number, rawStart: number): void {
    if (this.count === this.hashes.length) {
      const grown = new Uint32Array(this.count * 2 + 16);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    if (this.count % this.every === 0) this.checkpoints.push(rawStart);
    this.hashes[this.count++] = hash;
  }
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/** One pass of {@link hashWords}; the loop keeps its state in locals. */
class FastHasher {
  private readonly actions = fastActions();

  constructor(
    private readonly raw: string,
    private readonly sink: HashSink,
  ) {}

  run(): void {
    const { raw, sink, actions: ACTIONS } = this;
    const n = raw.length;
    let inWord = false;
    let hash = FNV_OFFSET;
    let wordStart = 0;
    let atLineStart = true;
    let i = 0;
    while (i < n) {
      const c = raw.charCodeAt(i);
      if (atLineStart && c !== 0x20) {
        atLineStart = false;
        const skip = lineMarkerLength(raw, i, n);
        if (skip > 0) {
          if (inWord) sink.push(hash >>> 0, wordStart);
          inWord = false;
          i += skip;
          continue;
        }
      }
      const action = ACTIONS[c];
      if (action === Action.word) {
        if (!inWord) {
          inWord = true;
          hash = FNV_OFFSET;
          wordStart = i;
        }
        hash = fnvStep(hash, c <= 0x5a && c >= 0x41 ? c + 32 : c);
        i++;
        continue;
      }
      if (action === Action.end) {
        if (inWord) sink.push(hash >>> 0, wordStart);
        inWord = false;
        i++;
        continue;
      }
      if (action === Action.skip) {
        i++;
        continue;
      }
      if (action === Action.apostrophe && inWord && i + 1 < n) {
        const next = ACTIONS[raw.charCodeAt(i + 1)];
        if (next === Action.word) {
          hash = fnvStep(hash, 0x27);
          i++;
          continue;
        }
      }
      if (action === Action.hyphen && inWord) {
        const join = hyphenBreakLength(raw, i, n);
        if (join > 0) {
          i += join;
          continue;
        }
      }
      if (action === Action.slow || (action === Action.apostrophe && this.isUnclear(i))) {
        i = this.slow(inWord ? wordStart : i, i);
        inWord = false;
        atLineStart = false;
        continue;
      }
      if (inWord) sink.push(hash >>> 0, wordStart);
      inWord = false;
      if (action === Action.line) atLineStart = true;
      i += action === Action.citation ? Math.max(1, citationLength(raw, i, n)) : 1;
    }
    if (inWord) sink.push(hash >>> 0, wordStart);
  }

  /**
   * True when the single quote at `i` is not simply a separator: what follows it is neither a
   * word character, a separator nor the end (an invisible character, a dash, a marker...).
   */
  private isUnclear(i: number): boolean {
    if (i + 1 >= this.raw.length) return false;
    const next = this.actions[this.raw.charCodeAt(i + 1)];
    return next !== Action.word && next !== Action.end && next !== Action.line;
  }

  /**
   * Reads `raw[from, ...)` with the tokenizer up to a point where the fast path may resume: an
   * ASCII letter after one space after an ASCII letter (no marker, citation or line-break join
   * can straddle that). Returns that point.
   */
  private slow(from: number, at: number): number {
    const raw = this.raw;
    const limit = Math.min(raw.length, at + 65536);
    for (let j = at + 2; j < limit; j++) {
      if (
        raw.charCodeAt(j - 1) === 0x20 &&
        isAsciiLetter(raw.charCodeAt(j)) &&
        isAsciiLetter(raw.charCodeAt(j - 2))
      ) {
        readWords(raw, normalizeRangeScratch(raw, from, j), this.sink);
        return j;
      }
    }
    // Long text without plain ASCII words (another script): the tokenizer, to the end.
    readAll(raw, from, raw.length, this.sink);
    return raw.length;
  }
}
