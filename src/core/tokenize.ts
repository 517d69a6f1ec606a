/**
 * Tokenization: raw text -> normalized words (hashes, raw offsets, optionally texts). A word is
 * a run of letters, digits and combining marks of the normalized text, with single apostrophes
 * inside it; each Han or kana character is a word of its own.
 */
import { codesToString } from './codes-to-string';
import { FNV_OFFSET, fnvStep, hashString } from './hash';
import type { NormalizedBuffer } from './normalize';
import { Rule, RULES } from './normalize-rules';
import { normalizeRangeScratch } from './normalize-scratch';
import { isAstralWordChar, wordClasses } from './word-classes';

/** Words of a text: normalized-word hashes and raw offsets, in text order. */
export interface WordList {
  /** Number of words; the typed arrays may be longer. */
  count: number;
  /** FNV-1a hash of each normalized word. */
  hashes: Uint32Array;
  /** Raw UTF-16 offset where each word starts (inclusive). */
  rawStarts: Uint32Array;
  /** Raw UTF-16 offset where each word ends (exclusive). */
  rawEnds: Uint32Array;
  /** The normalized words, when asked for with `withText`. */
  texts?: string[];
}

/** Options of {@link tokenize}. */
export interface TokenizeOptions {
  /** Raw start offset: 0, or the start of a line or of a word. Default 0. */
  from?: number;
  /** Raw end offset, exclusive. Default the text's length. */
  to?: number;
  /** Also return each normalized word as a string (needed to verify matches). */
  withText?: boolean;
}

/**
 * Splits raw text into normalized words with raw offsets.
 *
 * Offsets are UTF-16 code units into `raw`, end exclusive; a word's raw range covers every raw
 * character that produced it (an invisible character inside a word is inside its range, a
 * joined line-break hyphen too). Empty text gives `count: 0`. Never throws.
 */
export function tokenize(raw: string, options: TokenizeOptions = {}): WordList {
  const from = options.from ?? 0;
  const to = options.to ?? raw.length;
  const sink = new WordSink(raw, Math.max(16, ((to - from) / 5) | 0), options.withText === true);
  readAll(raw, from, to, sink);
  const list: WordList = {
    count: sink.count,
    hashes: sink.hashes,
    rawStarts: sink.rawStarts,
    rawEnds: sink.rawEnds,
  };
  if (sink.texts) list.texts = sink.texts;
  return list;
}

/** @internal Reads the words of `raw[from, to)` into `sink`, normalizing at most 1 MB at a time. */
export function readAll(raw: string, from: number, to: number, sink: Sink): void {
  let start = from;
  while (start < to) {
    const end = to - start > CHUNK_CHARS ? chunkBoundary(raw, start + CHUNK_CHARS, to) : to;
    readWords(raw, normalizeRangeScratch(raw, start, end), sink);
    start = end;
  }
}

/** Largest piece of raw text normalized at once, so memory stays bounded on huge documents. */
const CHUNK_CHARS = 1 << 20;

/**
 * Finds a raw offset at or after `target` where a chunk may end: the start of an ASCII word
 * after whitespace, not preceded by a dash (which could join across the break).
 */
function chunkBoundary(raw: string, target: number, to: number): number {
  const limit = Math.min(to, target + 65536);
  for (let p = target; p < limit; p++) {
    const prev = raw.charCodeAt(p - 1);
    if (prev !== 0x20 && prev !== 0x0a) continue;
    const c = raw.charCodeAt(p);
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a))) continue;
    let q = p - 1;
    while (
      q > 0 &&
      (RULES[raw.charCodeAt(q)] === Rule.space || RULES[raw.charCodeAt(q)] === Rule.lineBreak)
    )
      q--;
    if (RULES[raw.charCodeAt(q)] === Rule.joiningDash) continue;
    return p;
  }
  return to;
}

function rawCharLength(raw: string, at: number): number {
  const c = raw.charCodeAt(at);
  return c >= 0xd800 && c <= 0xdbff && at + 1 < raw.length ? 2 : 1;
}

/** @internal Where {@link readWords} puts each word: hash, raw start, raw offset of its last unit. */
export interface Sink {
  /** Takes one word: its hash, raw start, the raw offset of its last unit, and its text if asked. */
  push(hash: number, rawStart: number, lastRaw: number, text: string | undefined): void;
  /** Word texts collected so far; undefined when the sink does not want them. */
  texts: string[] | undefined;
}

class WordSink implements Sink {
  count = 0;
  hashes: Uint32Array;
  rawStarts: Uint32Array;
  rawEnds: Uint32Array;
  texts: string[] | undefined;

  constructor(
    private readonly raw: string,
    capacity: number,
    withText: boolean,
  ) {
    this.hashes = new Uint32Array(capacity);
    this.rawStarts = new Uint32Array(capacity);
    this.rawEnds = new Uint32Array(capacity);
    this.texts = withText ? [] : undefined;
  }

  push(hash: number, rawStart: number, lastRaw: number, text: string | undefined): void {
    if (this.count === this.hashes.length) {
      const size = this.count * 2 + 16;
      const grow = (a: Uint32Array): Uint32Array => {
        const b = new Uint32Array(size);
        b.set(a);
        return b;
      };
      this.hashes = grow(this.hashes);
      this.rawStarts = grow(this.rawStarts);
      this.rawEnds = grow(this.rawEnds);
    }
    this.hashes[this.count] = hash;
    this.rawStarts[this.count] = rawStart;
    this.rawEnds[this.count] = lastRaw + rawCharLength(this.raw, lastRaw);
    this.count++;
    if (this.texts && text !== undefined) this.texts.push(text);
  }
}

/**
 * @internal Reads the words of a normalized buffer into `sink`. A word is a run of letters,
 * digits and combining marks, with single apostrophes inside it (`don't`); each Han or kana
 * character is a word of its own. Words containing non-ASCII characters are NFKC-composed before
 * hashing, so `e + U+0301` and `é` hash alike.
 */
export function readWords(raw: string, buffer: NormalizedBuffer, sink: Sink): void {
  const table = wordClasses();
  const { codes, toRaw, length } = buffer;
  const wantText = sink.texts !== undefined;
  // One string for the whole buffer; word texts are slices of it.
  const normalized = wantText ? codesToString(codes, 0, length) : '';
  let i = 0;
  while (i < length) {
    const c = codes[i] as number;
    let cls =
      c >= 0xd800 && c <= 0xdbff && i + 1 < length
        ? isAstralWordChar(c, codes[i + 1] as number)
          ? 1
          : 0
        : (table[c] as number);
    if (cls === 0) {
      i++;
      continue;
    }
    const start = i;
    if (cls === 2) {
      i++;
    } else {
      let h = FNV_OFFSET;
      let ascii = true;
      while (i < length) {
        const d = codes[i] as number;
        // Normalized text is lower case: ASCII letters and digits are the common case.
        if ((d >= 0x61 && d <= 0x7a) || (d >= 0x30 && d <= 0x39)) {
          h = fnvStep(h, d);
          i++;
          continue;
        }
        if (d >= 0xd800 && d <= 0xdbff && i + 1 < length) {
          if (!isAstralWordChar(d, codes[i + 1] as number)) break;
          ascii = false;
          i += 2;
          continue;
        }
        cls = table[d] as number;
        if (cls === 1) {
          if (d >= 0x80) ascii = false;
          h = fnvStep(h, d);
          i++;
          continue;
        }
        // An apostrophe joins two word parts: don't, o'clock.
        if (d === 0x27 && i + 1 < length && table[codes[i + 1] as number] === 1) {
          h = fnvStep(h, d);
          i++;
          continue;
        }
        break;
      }
      if (ascii) {
        const rawStart = toRaw[start] as number;
        const lastRaw = toRaw[i - 1] as number;
        const text = wantText ? normalized.slice(start, i) : undefined;
        sink.push(h >>> 0, rawStart, lastRaw, text);
        continue;
      }
    }
    const word = (wantText ? normalized.slice(start, i) : codesToString(codes, start, i)).normalize(
      'NFKC',
    );
    const rawStart = toRaw[start] as number;
    const lastRaw = toRaw[i - 1] as number;
    sink.push(hashString(word), rawStart, lastRaw, wantText ? word : undefined);
  }
}
