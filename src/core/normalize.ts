/**
 * Normalization: raw text -> normalized text plus an offset map back to raw, by the rule table
 * of normalize-rules.ts.
 *
 * The same rules run on the library at indexing time and on replies at scan time, so two texts
 * that differ only in case, quotes, dashes, whitespace, invisible characters, line-break
 * hyphenation, markdown markers or inline citation markers normalize to the same words.
 */
import { codesToStringByChar } from './codes-to-string';
import {
  citationLength,
  foldCodeUnit,
  foldPair,
  hyphenBreakLength,
  lineMarkerLength,
  Rule,
  RULES,
} from './normalize-rules';

/** A normalized text as UTF-16 code units, with each unit's raw offset. */
export interface NormalizedBuffer {
  /** Normalized UTF-16 code units; only the first `length` are used. */
  codes: Uint16Array;
  /** `toRaw[i]` is the raw offset of normalized unit `i`; `toRaw[length]` is the raw end. */
  toRaw: Uint32Array;
  /** Number of normalized code units. */
  length: number;
}

/** The result of {@link normalize}: the normalized string and its map back to raw offsets. */
export interface NormalizedText {
  /** Normalized text (lower case, ASCII quotes and dashes, single spaces, no markers). */
  text: string;
  /**
   * Raw offset (UTF-16 code units into the input) of each normalized code unit, plus one final
   * entry equal to the raw end, so `toRaw.length === text.length + 1`. Non-decreasing.
   */
  toRaw: Uint32Array;
}

const SPACE = 0x20;
const NL = 0x0a;
const CR = 0x0d;
const HYPHEN = 0x2d;

/**
 * Normalizes `raw[from, to)` into code units with a map back to raw offsets.
 *
 * Rules (normalize-rules.ts holds them; this is a summary), in the order they apply to each raw
 * character:
 * - invisible characters (soft hyphen, zero-width space and joiners, word joiner, BOM, bidi
 *   controls, variation selectors, U+2800) are removed;
 * - a dash followed by a line break and a lower-case letter is removed with the break (joins
 *   `experi-\nment`);
 * - at a line start, markdown quote, heading, bullet and ordered-list markers are removed;
 * - inline citation markers (`[1]`, `[^2]`, `(3)`) and superscript digits are removed;
 * - any run of whitespace (including line breaks, no-break and ideographic spaces) becomes one
 *   space; markdown emphasis and code marks (`* _ ~ \``) count as whitespace;
 * - curly and other quotes become `'` or `"`, every dash becomes `-`, `…` becomes `...`;
 * - everything else is NFKC-normalized and lower-cased, one code unit (or surrogate pair) at a time.
 *
 * `from` must be 0 or the start of a line or of a word, so that chunked calls agree with one call
 * over the whole text. Never throws; an empty range gives an empty buffer.
 *
 * @param raw text in UTF-16 code units
 * @param from raw start offset (inclusive)
 * @param to raw end offset (exclusive)
 */
export function normalizeRange(raw: string, from = 0, to = raw.length): NormalizedBuffer {
  return normalizeWith(
    new NormalizeWriter(Math.max(16, Math.ceil((to - from) * 1.1) + 8)),
    raw,
    from,
    to,
  );
}

/**
 * @internal Normalizes `raw[from, to)` into `w` (emptied first) by the rules of
 * {@link normalizeRange}; the buffer returned is `w`'s, valid until `w` is used again.
 */
export function normalizeWith(
  w: NormalizeWriter,
  raw: string,
  from: number,
  to: number,
): NormalizedBuffer {
  w.n = 0;
  w.pendingSpace = false;
  w.atLineStart = from === 0 || raw.charCodeAt(from - 1) === NL || raw.charCodeAt(from - 1) === CR;
  w.run(raw, from, to);
  w.toRaw[w.n] = to;
  return { codes: w.codes, toRaw: w.toRaw, length: w.n };
}

/** @internal Output of {@link normalizeRange} under construction, and the loop that fills it. */
export class NormalizeWriter {
  /** Normalized code units; the first `n` are written. */
  codes: Uint16Array;
  /** Raw offset of each written unit. */
  toRaw: Uint32Array;
  /** Number of units written. */
  n = 0;
  /** A space is due before the next unit (none is written at the start). */
  pendingSpace = false;
  /** The next raw unit starts a line, where markdown block markers are read. */
  atLineStart = false;

  constructor(capacity: number) {
    this.codes = new Uint16Array(capacity);
    this.toRaw = new Uint32Array(capacity + 1);
  }

  private ensure(extra: number): void {
    if (this.n + extra + 2 < this.codes.length) return;
    const size = Math.max(this.codes.length * 2, this.n + extra + 16);
    const codes = new Uint16Array(size);
    codes.set(this.codes.subarray(0, this.n));
    const toRaw = new Uint32Array(size + 1);
    toRaw.set(this.toRaw.subarray(0, this.n));
    this.codes = codes;
    this.toRaw = toRaw;
  }

  /** Writes unit `c` produced by raw offset `at`, after the pending space if any. */
  emit(c: number, at: number): void {
    this.ensure(2);
    if (this.pendingSpace) {
      this.pendingSpace = false;
      if (this.n > 0) {
        this.codes[this.n] = SPACE;
        this.toRaw[this.n++] = at;
      }
    }
    this.codes[this.n] = c;
    this.toRaw[this.n++] = at;
  }

  /** Applies the rules to `raw[from, to)`. */
  run(raw: string, from: number, to: number): void {
    let i = from;
    while (i < to) {
      const c = raw.charCodeAt(i);
      // The bulk of any text: a run of ASCII letters and digits, or one space.
      if (!this.atLineStart && RULES[c] === Rule.asciiWord) {
        i = this.asciiRun(raw, i, to);
        continue;
      }
      if (c === SPACE) {
        this.pendingSpace = true;
        i++;
        continue;
      }
      i = this.other(raw, i, to, c);
    }
  }

  /** Copies a run of ASCII letters and digits (lower-cased); returns the raw offset after it. */
  asciiRun(raw: string, i: number, to: number): number {
    this.ensure(to - i);
    const codes = this.codes;
    const toRaw = this.toRaw;
    let n = this.n;
    if (this.pendingSpace) {
      this.pendingSpace = false;
      if (n > 0) {
        codes[n] = SPACE;
        toRaw[n++] = i;
      }
    }
    let c = raw.charCodeAt(i);
    do {
      codes[n] = c >= 0x41 && c <= 0x5a ? c + 32 : c;
      toRaw[n++] = i++;
      c = raw.charCodeAt(i);
    } while (i < to && RULES[c] === Rule.asciiWord);
    this.n = n;
    return i;
  }

  /** Applies the rules to the character at `i`; returns the raw offset after what it read. */
  other(raw: string, i: number, to: number, c: number): number {
    if (this.atLineStart) {
      this.atLineStart = false;
      const skip = lineMarkerLength(raw, i, to);
      if (skip > 0) {
        this.pendingSpace = true;
        return i + skip;
      }
      return i;
    }
    switch (RULES[c]) {
      case Rule.asciiWord:
        this.emit(c >= 0x41 && c <= 0x5a ? c + 32 : c, i);
        return i + 1;
      case Rule.lineBreak:
        this.atLineStart = true;
        this.pendingSpace = true;
        return i + 1;
      case Rule.space:
      case Rule.asSpace:
        this.pendingSpace = true;
        return i + 1;
      case Rule.invisible:
        return i + 1;
      case Rule.joiningDash: {
        const join = this.n > 0 && !this.pendingSpace ? hyphenBreakLength(raw, i, to) : 0;
        if (join > 0) return i + join;
        this.emit(HYPHEN, i);
        return i + 1;
      }
      case Rule.dash:
        this.emit(HYPHEN, i);
        return i + 1;
      case Rule.singleQuote:
        this.emit(0x27, i);
        return i + 1;
      case Rule.doubleQuote:
        this.emit(0x22, i);
        return i + 1;
      case Rule.ellipsis:
        this.emit(0x2e, i);
        this.emit(0x2e, i);
        this.emit(0x2e, i);
        return i + 1;
      case Rule.citationOpen: {
        const skip = citationLength(raw, i, to);
        if (skip > 0) {
          this.pendingSpace = true;
          return i + skip;
        }
        return this.fold(raw, i, to, c);
      }
      default:
        return this.fold(raw, i, to, c);
    }
  }

  /** {@link Rule.fold}: ASCII as is, a surrogate pair as one character, other units one by one. */
  private fold(raw: string, i: number, to: number, c: number): number {
    if (c < 0x80) {
      this.emit(c, i);
      return i + 1;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const low = raw.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        const folded = foldPair(c, low);
        for (let k = 0; k < folded.length; k++) this.emit(folded.charCodeAt(k), i);
        return i + 2;
      }
    }
    const folded = foldCodeUnit(c);
    for (let k = 0; k < folded.length; k++) this.emit(folded.charCodeAt(k), i);
    return i + 1;
  }
}

/**
 * Normalizes a whole text; see {@link normalizeRange} for the rules.
 *
 * @returns the normalized string and `toRaw`, the raw offset of each normalized code unit plus
 *   the raw length at the end. Use {@link normOffsetToRaw} to map an offset.
 */
export function normalize(raw: string): NormalizedText {
  const buffer = normalizeRange(raw, 0, raw.length);
  const text = codesToStringByChar(buffer.codes, 0, buffer.length);
  return { text, toRaw: buffer.toRaw.slice(0, buffer.length + 1) };
}

/**
 * Maps an offset in normalized text to a raw offset. A start offset maps to the raw position of
 * that unit; pass `isEnd` for an exclusive end offset, which maps just past the raw character
 * that produced the previous unit (so `…` folded to `...` still ends after the `…`).
 *
 * @throws RangeError when `normOffset` is outside `[0, toRaw.length - 1]`
 */
export function normOffsetToRaw(
  toRaw: Uint32Array,
  normOffset: number,
  isEnd = false,
  raw?: string,
): number {
  if (normOffset < 0 || normOffset >= toRaw.length)
    throw new RangeError(`normalized offset ${normOffset} out of range`);
  if (!isEnd || normOffset === 0) return toRaw[normOffset] as number;
  const last = toRaw[normOffset - 1] as number;
  const high = raw?.charCodeAt(last) ?? 0;
  return last + (high >= 0xd800 && high <= 0xdbff ? 2 : 1);
}
