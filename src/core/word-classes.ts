/**
 * What a word character is, for the tokenizer: letters, digits and combining marks; Han and kana
 * characters are words by themselves. The BMP table is built once, on first use, so the class of
 * a character read is one array lookup, not a regular expression test; astral ones are memoized.
 */
const CJK_WORD = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

let charClass: Uint8Array | undefined;

/**
 * The word class of every UTF-16 code unit of normalized text (0 separator, 1 word
 * character, 2 a word by itself), built on first use; surrogates are 0 (see isAstralWordChar).
 */
export function wordClasses(): Uint8Array {
  if (charClass) return charClass;
  const table = new Uint8Array(0x10000);
  for (let c = 0x30; c <= 0x39; c++) table[c] = 1;
  for (let c = 0x61; c <= 0x7a; c++) table[c] = 1;
  for (let c = 0x80; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const s = String.fromCharCode(c);
    if (CJK_WORD.test(s)) table[c] = 2;
    else if (WORD_CHAR.test(s)) table[c] = 1;
  }
  charClass = table;
  return table;
}

const astralWord = new Map<number, boolean>();

/**
 * True when the surrogate pair `high`, `low` is a letter, digit or mark outside the BMP (a word
 * character); false for a `low` that is not a low surrogate. Memoized per code point.
 */
export function isAstralWordChar(high: number, low: number): boolean {
  if (low < 0xdc00 || low > 0xdfff) return false;
  const cp = (high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  let is = astralWord.get(cp);
  if (is === undefined) {
    is = WORD_CHAR.test(String.fromCodePoint(cp));
    astralWord.set(cp, is);
  }
  return is;
}
