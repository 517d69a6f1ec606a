/**
 * THE normalization rule table. The normalizer (normalize.ts) applies it to every text, and the
 * indexing fast path (hash-words.ts) derives its own per-character actions from it at module
 * load, so a rule changes here and nowhere else.
 *
 * Two kinds of rules: a per-code-unit {@link Rule} for each of the 65,536 UTF-16 code units
 * ({@link ruleOf}), and the multi-character markers that start at certain units (citations,
 * line-break hyphenation, markdown block markers at a line start).
 */

/** What the normalizer does with one UTF-16 code unit. */
export const Rule = {
  /** NFKC + lower case ({@link foldCodeUnit}); also every unit no other rule names. */
  fold: 0,
  /** ASCII letter or digit: copied, lower-cased. */
  asciiWord: 1,
  /** Whitespace: any run of it becomes one space. */
  space: 2,
  /** A line break: whitespace, and the next unit starts a line (markdown markers are read). */
  lineBreak: 3,
  /** Removed outright (soft hyphen, zero-width characters, bidi controls, BOM). */
  invisible: 4,
  /** Becomes `-`. */
  dash: 5,
  /** Becomes `-`, or, before a line break and a lower-case word, joins the two lines. */
  joiningDash: 6,
  /** Becomes `'`; between two word characters it keeps one word (`don't`). */
  singleQuote: 7,
  /** Becomes `"`. */
  doubleQuote: 8,
  /** `…` becomes `...`. */
  ellipsis: 9,
  /** Reads as whitespace: markdown emphasis and code marks, superscript footnote digits. */
  asSpace: 10,
  /** May open an inline citation marker ({@link citationLength}); otherwise folded. */
  citationOpen: 11,
} as const;

/** One of the values of {@link Rule}. */
export type Rule = (typeof Rule)[keyof typeof Rule];

/** Single code units `[c]` and inclusive ranges `[first, last]`. */
type Units = readonly (readonly [number] | readonly [number, number])[];

/**
 * The per-unit rules; earlier entries win where two would name the same unit. Units not listed
 * (and lone surrogates) are {@link Rule.fold}; a surrogate pair is folded as one character.
 */
const UNIT_RULES: readonly (readonly [Rule, Units])[] = [
  [
    Rule.asciiWord,
    [
      [0x30, 0x39],
      [0x41, 0x5a],
      [0x61, 0x7a],
    ],
  ],
  [Rule.lineBreak, [[0x0a], [0x0d], [0x85], [0x2028], [0x2029]]],
  [
    Rule.space,
    [
      [0x09],
      [0x0b, 0x0c],
      [0x20],
      [0xa0],
      [0x1680],
      [0x2000, 0x200a],
      [0x202f],
      [0x205f],
      [0x3000],
    ],
  ],
  [
    Rule.invisible,
    [
      [0xad],
      [0x34f],
      [0x61c],
      [0x115f, 0x1160],
      [0x17b4, 0x17b5],
      [0x180e],
      [0x200b, 0x200f],
      [0x202a, 0x202e],
      [0x2060, 0x206f],
      [0x2800],
      [0x3164],
      [0xfe00, 0xfe0f],
      [0xfeff],
      [0xffa0],
    ],
  ],
  [Rule.joiningDash, [[0x2d], [0x2010, 0x2011]]],
  [Rule.dash, [[0x2012, 0x2015], [0x2212], [0xfe58], [0xfe63], [0xff0d]]],
  [Rule.singleQuote, [[0x27], [0x2018, 0x201b], [0x2032], [0x02bc], [0xff07]]],
  [Rule.doubleQuote, [[0x22], [0x201c, 0x201f], [0x2033], [0xab], [0xbb], [0xff02]]],
  [Rule.ellipsis, [[0x2026]]],
  // Markdown `* _ ~ \``, then superscript digits (footnote markers in practice: "word¹").
  [Rule.asSpace, [[0x2a], [0x5f], [0x7e], [0x60], [0xb2, 0xb3], [0xb9], [0x2070, 0x2079]]],
  [Rule.citationOpen, [[0x5b], [0x28], [0x3010]]],
];

/** The rule of every UTF-16 code unit, indexed by the unit; built once from {@link UNIT_RULES}. */
export const RULES: Uint8Array = /* @__PURE__ */ buildRules();

function buildRules(): Uint8Array {
  const table = new Uint8Array(0x10000);
  const named = new Uint8Array(0x10000);
  for (const [rule, units] of UNIT_RULES) {
    for (const unit of units) {
      const last = unit[1] ?? unit[0];
      for (let c = unit[0]; c <= last; c++) {
        if (named[c] === 1) continue;
        named[c] = 1;
        table[c] = rule;
      }
    }
  }
  return table;
}

/** The {@link Rule} of a UTF-16 code unit (0..0xffff). */
export function ruleOf(c: number): Rule {
  return RULES[c] as Rule;
}

const LOWER_OR_MARK = /[\p{Ll}\p{M}]/u;

/** True when the unit can continue a word joined across a line break (lower case or a mark). */
function isLowercaseStart(c: number): boolean {
  if (c < 0x80) return c >= 0x61 && c <= 0x7a;
  return LOWER_OR_MARK.test(String.fromCharCode(c));
}

/** Memo of {@link foldCodeUnit}: NFKC is slow, and a text repeats few distinct units. */
const folded = new Map<number, string>();

/**
 * The {@link Rule.fold} of one BMP code unit: NFKC, then lower case. The result may be longer
 * than one unit (`ﬁ` gives `fi`) or empty.
 */
export function foldCodeUnit(c: number): string {
  let out = folded.get(c);
  if (out === undefined) {
    out = String.fromCharCode(c).normalize('NFKC').toLowerCase();
    folded.set(c, out);
  }
  return out;
}

/** The {@link Rule.fold} of a surrogate pair (one astral character): NFKC, then lower case. */
export function foldPair(high: number, low: number): string {
  return String.fromCharCode(high, low).normalize('NFKC').toLowerCase();
}

function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * Length in UTF-16 units of an inline citation marker at raw offset `i` (`[1]`, `[^2]`,
 * `[3, 4]`, `[5-7]`, `(3)`, `【1】`), or 0 when there is none. Each number has one to three
 * ASCII digits; the marker reads as whitespace. Reads no further than `end`.
 */
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
    const rule = RULES[c];
    if (c === 0x2c || rule === Rule.dash || rule === Rule.joiningDash) {
      j++;
      while (raw.charCodeAt(j) === 0x20) j++;
      continue;
    }
    return 0;
  }
}

/**
 * Length in UTF-16 units of a line-break hyphenation at raw offset `i`, which holds a
 * {@link Rule.joiningDash}: the dash, optional spaces or tabs, one line break (LF or CRLF), then
 * optional spaces, tabs, markdown quote markers `>` and invisible characters, when the next
 * word starts in lower case; else 0. `experi-\n  ment` and `> experi-\n> ment` join into one
 * word. Reads no further than `end`.
 */
export function hyphenBreakLength(raw: string, i: number, end: number): number {
  let j = i + 1;
  while (j < end && (raw.charCodeAt(j) === 0x20 || raw.charCodeAt(j) === 0x09)) j++;
  if (raw.charCodeAt(j) === 0x0d) j++;
  if (raw.charCodeAt(j) !== 0x0a) return 0;
  j++;
  for (
    let c = raw.charCodeAt(j);
    j < end && (c === 0x20 || c === 0x09 || c === 0x3e || RULES[c] === Rule.invisible);
    c = raw.charCodeAt(++j)
  );
  return j < end && isLowercaseStart(raw.charCodeAt(j)) ? j - i : 0;
}

/**
 * Length in UTF-16 units of the markdown block markers at a line start `i`: quote `>`, heading
 * `#` (up to six), bullet `- * + •`, ordered-list number `12.` or `12)` (up to three digits),
 * each but the quote followed by a space or tab, repeated (`> - item`), with the spaces and tabs
 * before them; 0 when there is none. The markers read as whitespace. Reads no further than `end`.
 */
export function lineMarkerLength(raw: string, i: number, end: number): number {
  let j = i;
  for (;;) {
    while (j < end && (raw.charCodeAt(j) === 0x20 || raw.charCodeAt(j) === 0x09)) j++;
    const c = raw.charCodeAt(j);
    if (c === 0x3e) {
      j++;
      continue;
    }
    let k = j;
    if (c === 0x23) {
      while (raw.charCodeAt(k) === 0x23 && k - j < 6) k++;
    } else if (c === 0x2d || c === 0x2a || c === 0x2b || c === 0x2022) {
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
    if (after !== 0x20 && after !== 0x09) return j - i;
    j = k + 1;
  }
}
