/**
 * Normalization: raw text -> normalized text plus an offset map back to raw.
 *
 * The same rules run on the library at indexing time and on replies at scan time, so two texts
 * that differ only in case, quotes, dashes, whitespace, invisible characters, line-break
 * hyphenation, markdown markers or inline citation markers normalize to the same words.
 */

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

/** Characters removed outright: soft hyphen, zero-width, joiners, bidi controls, BOM, etc. */
/** @internal Shared with the tokenizer's fast path. */
export function isInvisible(c: number): boolean {
  return (
    c === 0x00ad ||
    c === 0x034f ||
    c === 0x061c ||
    c === 0x115f ||
    c === 0x1160 ||
    c === 0x17b4 ||
    c === 0x17b5 ||
    c === 0x180e ||
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x206f) ||
    c === 0x2800 ||
    c === 0x3164 ||
    (c >= 0xfe00 && c <= 0xfe0f) ||
    c === 0xfeff ||
    c === 0xffa0
  );
}

/** @internal Shared with the tokenizer's fast path. */
export function isSpaceCode(c: number): boolean {
  return (
    c === SPACE ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0x85
  );
}

/** @internal Shared with the tokenizer's fast path. */
export function isDash(c: number): boolean {
  return (
    c === HYPHEN ||
    (c >= 0x2010 && c <= 0x2015) ||
    c === 0x2212 ||
    c === 0xfe58 ||
    c === 0xfe63 ||
    c === 0xff0d
  );
}

/** @internal Shared with the tokenizer's fast path. */
export function isSingleQuote(c: number): boolean {
  return (
    c === 0x27 ||
    c === 0x2018 ||
    c === 0x2019 ||
    c === 0x201a ||
    c === 0x201b ||
    c === 0x2032 ||
    c === 0x02bc ||
    c === 0xff07
  );
}

/** @internal Shared with the tokenizer's fast path. */
export function isDoubleQuote(c: number): boolean {
  return (
    c === 0x22 ||
    (c >= 0x201c && c <= 0x201f) ||
    c === 0x2033 ||
    c === 0xab ||
    c === 0xbb ||
    c === 0xff02
  );
}

/** Superscript digits are footnote markers in practice ("word¹"); they are dropped. */
/** @internal Shared with the tokenizer's fast path. */
export function isSuperscriptDigit(c: number): boolean {
  return c === 0xb9 || c === 0xb2 || c === 0xb3 || (c >= 0x2070 && c <= 0x2079);
}

/** Markdown emphasis and code markers read as a space: `**a**`, `_a_`, `~~a~~`, `` `a` ``. */
function isMarkdownMark(c: number): boolean {
  return c === 0x2a || c === 0x5f || c === 0x7e || c === 0x60;
}

function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

const LOWER_OR_MARK = /[\p{Ll}\p{M}]/u;

function isLowercaseStart(c: number): boolean {
  if (c < 0x80) return c >= 0x61 && c <= 0x7a;
  return LOWER_OR_MARK.test(String.fromCharCode(c));
}

const nonAsciiCache = new Map<number, string>();

/** NFKC + lower case of one BMP code unit that is not handled by a rule above. */
function foldNonAscii(c: number): string {
  let folded = nonAsciiCache.get(c);
  if (folded === undefined) {
    folded = String.fromCharCode(c).normalize('NFKC').toLowerCase();
    nonAsciiCache.set(c, folded);
  }
  return folded;
}

/**
 * Length of an inline citation marker at `i` (`[1]`, `[^2]`, `[3, 4]`, `[5-7]`, `(3)`, `【1】`),
 * or 0 when there is none. Markers hold one to three digits per number.
 */
/** @internal Shared with the tokenizer's fast path. */
export function citationLength(raw: string, i: number, end: number): number {
  const open = raw.charCodeAt(i);
  const close = open === 0x5b ? 0x5d : open === 0x28 ? 0x29 : open === 0x3010 ? 0x3011 : -1;
  if (close < 0) return 0;
  let j = i + 1;
  if (open === 0x5b && raw.charCodeAt(j) === 0x5e) j++;
  for (;;) {
    const digitsStart = j;
    while (j < end && j - digitsStart < 4 && isAsciiDigit(raw.charCodeAt(j))) j++;
    if (j === digitsStart || j - digitsStart > 3) return 0;
    const c = raw.charCodeAt(j);
    if (c === close) return j + 1 - i;
    if (open === 0x28) return 0;
    if (c === 0x2c || isDash(c)) {
      j++;
      while (raw.charCodeAt(j) === SPACE) j++;
      continue;
    }
    return 0;
  }
}

/**
 * Length of a line-break hyphenation at `i` (a dash, optional spaces, one line break, optional
 * spaces and quote markers) when the next word continues in lower case, else 0.
 * `experi-\n  ment` and `> experi-\n> ment` join.
 */
/** @internal Shared with the tokenizer's fast path. */
export function hyphenBreakLength(raw: string, i: number, end: number): number {
  let j = i + 1;
  while (j < end && (raw.charCodeAt(j) === SPACE || raw.charCodeAt(j) === 0x09)) j++;
  if (raw.charCodeAt(j) === CR) j++;
  if (raw.charCodeAt(j) !== NL) return 0;
  j++;
  // The next line may continue a markdown quote: `> experi-\n> ment`.
  for (
    let c = raw.charCodeAt(j);
    j < end && (c === SPACE || c === 0x09 || c === 0x3e || isInvisible(c));
    c = raw.charCodeAt(++j)
  );
  return j < end && isLowercaseStart(raw.charCodeAt(j)) ? j - i : 0;
}

/**
 * Length of the markdown block markers at a line start `i`: quote `>`, heading `#`, bullet
 * `- * + •`, ordered-list number `12.` or `12)`, each followed by a space, repeated.
 */
/** @internal Shared with the tokenizer's fast path. */
export function lineMarkerLength(raw: string, i: number, end: number): number {
  let j = i;
  for (;;) {
    while (j < end && (raw.charCodeAt(j) === SPACE || raw.charCodeAt(j) === 0x09)) j++;
    const c = raw.charCodeAt(j);
    if (c === 0x3e) {
      j++;
      continue;
    }
    let k = j;
    if (c === 0x23) {
      while (raw.charCodeAt(k) === 0x23 && k - j < 6) k++;
    } else if (c === HYPHEN || c === 0x2a || c === 0x2b || c === 0x2022) {
      k++;
    } else if (isAsciiDigit(c)) {
      while (isAsciiDigit(raw.charCodeAt(k)) && k - j < 3) k++;
      const p = raw.charCodeAt(k);
      if (p !== 0x2e && p !== 0x29) return j - i;
      k++;
    } else {
      return j - i;
    }
    const after = raw.charCodeAt(k);
    if (after !== SPACE && after !== 0x09) return j - i;
    j = k + 1;
  }
}

/**
 * Normalizes `raw[from, to)` into code units with a map back to raw offsets.
 *
 * Rules, in the order they apply to each raw character:
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
  return normalizeWith(new Writer(Math.max(16, Math.ceil((to - from) * 1.1) + 8)), raw, from, to);
}

let scratch: Writer | undefined;

/**
 * Like {@link normalizeRange}, but writes into one reused buffer: the result is only valid until
 * the next call. For callers that read it at once (the tokenizer), it spares the garbage
 * collector six bytes per character.
 */
export function normalizeRangeScratch(raw: string, from = 0, to = raw.length): NormalizedBuffer {
  const need = Math.ceil((to - from) * 1.1) + 8;
  if (!scratch || scratch.codes.length < need) scratch = new Writer(Math.max(1024, need));
  scratch.n = 0;
  scratch.pendingSpace = false;
  return normalizeWith(scratch, raw, from, to);
}

function normalizeWith(w: Writer, raw: string, from: number, to: number): NormalizedBuffer {
  w.atLineStart = from === 0 || raw.charCodeAt(from - 1) === NL || raw.charCodeAt(from - 1) === CR;
  w.run(raw, from, to);
  w.toRaw[w.n] = to;
  return { codes: w.codes, toRaw: w.toRaw, length: w.n };
}

/** Output of {@link normalizeRange} under construction; methods keep the hot state in fields. */
class Writer {
  codes: Uint16Array;
  toRaw: Uint32Array;
  n = 0;
  pendingSpace = false;
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

  /**
   * The main loop. It ends right after the loop: code after a long loop has no type feedback
   * when the loop is compiled on the fly, and V8 would throw the compiled code away on every exit.
   */
  run(raw: string, from: number, to: number): void {
    let i = from;
    while (i < to) {
      const c = raw.charCodeAt(i);
      // Fast path for the bulk of any text: a run of ASCII letters and digits, or one space.
      if (
        !this.atLineStart &&
        ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39))
      ) {
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
    } while (
      i < to &&
      ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39))
    );
    this.n = n;
    return i;
  }

  /** Applies the rules to any other character at `i`; returns the raw offset after what it read. */
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
    if (c < 0x80) {
      if (c >= 0x41 && c <= 0x5a) {
        this.emit(c + 32, i);
      } else if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) {
        this.emit(c, i);
      } else if (isSpaceCode(c)) {
        this.pendingSpace = true;
        if (c === NL || c === CR) this.atLineStart = true;
      } else if (c === HYPHEN) {
        const join = this.n > 0 && !this.pendingSpace ? hyphenBreakLength(raw, i, to) : 0;
        if (join > 0) return i + join;
        this.emit(HYPHEN, i);
      } else if (c === 0x5b || c === 0x28) {
        const skip = citationLength(raw, i, to);
        if (skip > 0) {
          this.pendingSpace = true;
          return i + skip;
        }
        this.emit(c, i);
      } else if (isMarkdownMark(c)) {
        this.pendingSpace = true;
      } else {
        this.emit(c, i);
      }
      return i + 1;
    }
    if (isInvisible(c)) return i + 1;
    if (isSpaceCode(c)) {
      this.pendingSpace = true;
      if (c === 0x2028 || c === 0x2029 || c === 0x85) this.atLineStart = true;
      return i + 1;
    }
    if (isDash(c)) {
      const join =
        this.n > 0 && !this.pendingSpace && c <= 0x2011 ? hyphenBreakLength(raw, i, to) : 0;
      if (join > 0) return i + join;
      this.emit(HYPHEN, i);
      return i + 1;
    }
    if (isSingleQuote(c)) {
      this.emit(0x27, i);
      return i + 1;
    }
    if (isDoubleQuote(c)) {
      this.emit(0x22, i);
      return i + 1;
    }
    if (c === 0x2026) {
      this.emit(0x2e, i);
      this.emit(0x2e, i);
      this.emit(0x2e, i);
      return i + 1;
    }
    if (isSuperscriptDigit(c)) {
      this.pendingSpace = true;
      return i + 1;
    }
    if (c === 0x3010) {
      const skip = citationLength(raw, i, to);
      if (skip > 0) {
        this.pendingSpace = true;
        return i + skip;
      }
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const low = raw.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        const folded = raw
          .slice(i, i + 2)
          .normalize('NFKC')
          .toLowerCase();
        for (let k = 0; k < folded.length; k++) this.emit(folded.charCodeAt(k), i);
        return i + 2;
      }
    }
    const folded = foldNonAscii(c);
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
  let text = '';
  const STEP = 8192;
  for (let i = 0; i < buffer.length; i += STEP) {
    text += String.fromCharCode(...buffer.codes.subarray(i, Math.min(buffer.length, i + STEP)));
  }
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
