import { describe, expect, it } from 'vitest';
import { normalize, normalizeRange, normOffsetToRaw } from '../../../src/core/index';

/** The raw text behind normalized `text[start, end)`, mapped with the public offset functions. */
function rawOf(raw: string, toRaw: Uint32Array, start: number, end: number): string {
  return raw.slice(normOffsetToRaw(toRaw, start), normOffsetToRaw(toRaw, end, true, raw));
}

/** The raw text behind the first occurrence of `piece` in the normalized text. */
function rawBehind(raw: string, piece: string): string {
  const { text, toRaw } = normalize(raw);
  const at = text.indexOf(piece);
  if (at < 0) throw new Error(`${JSON.stringify(piece)} is not in ${JSON.stringify(text)}`);
  return rawOf(raw, toRaw, at, at + piece.length);
}

describe('normalize', () => {
  // [rule, raw input, normalized text, [normalized piece, raw text it maps back to][]]
  it.each<[string, string, string, [string, string][]]>([
    [
      'upper case letters become lower case',
      'Hello WORLD',
      'hello world',
      [
        ['hello', 'Hello'],
        ['world', 'WORLD'],
      ],
    ],
    [
      'the ﬁ ligature unfolds to two letters that both map to the ligature',
      'ﬁne day',
      'fine day',
      [
        ['fi', 'ﬁ'],
        ['fine', 'ﬁne'],
      ],
    ],
    [
      'full-width letters fold to ASCII',
      'ＡＢＣ ｄｅｆ',
      'abc def',
      [
        ['abc', 'ＡＢＣ'],
        ['def', 'ｄｅｆ'],
      ],
    ],
    [
      'curly single and double quotes become straight quotes',
      '‘a’ “b” „c‟',
      `'a' "b" "c"`,
      [
        [`'a'`, '‘a’'],
        ['"b"', '“b”'],
      ],
    ],
    [
      'hyphen, en dash, em dash, minus and figure dash become "-"',
      'a—b–c−d‒e',
      'a-b-c-d-e',
      [
        ['b-c', 'b–c'],
        ['d-e', 'd‒e'],
      ],
    ],
    [
      'an ellipsis character becomes three dots that end after it',
      'wait… then',
      'wait... then',
      [
        ['...', '…'],
        ['wait...', 'wait…'],
      ],
    ],
    [
      'spaces, tabs, CRLF, NBSP, em and ideographic spaces collapse to one space',
      'a \t\r\n\u00a0\u2003\u3000b',
      'a b',
      [['a b', 'a \t\r\n\u00a0\u2003\u3000b']],
    ],
    ['leading and trailing whitespace is dropped', '  \r\n a b \n ', 'a b', [['a', 'a']]],
    [
      'CRLF line breaks read as one space',
      'one\r\ntwo\r\n\r\nthree',
      'one two three',
      [['two three', 'two\r\n\r\nthree']],
    ],
    [
      'zero-width space, ZWJ, word joiner, BOM and soft hyphen are removed',
      '\uFEFFw\u200Bo\u200Dr\u2060d\u00AD!',
      'word!',
      [['word', 'w\u200Bo\u200Dr\u2060d']],
    ],
    [
      'bidi controls and U+2800 are removed',
      'se\u202Ecr\u2800et',
      'secret',
      [['secret', 'se\u202Ecr\u2800et']],
    ],
    [
      'a hyphenated line break joins the word',
      'an experi-\nment here',
      'an experiment here',
      [['experiment', 'experi-\nment']],
    ],
    [
      'a hyphenated CRLF break with indentation joins the word',
      'an experi-\r\n    ment',
      'an experiment',
      [['experiment', 'experi-\r\n    ment']],
    ],
    [
      'a Unicode hyphen before a line break joins the word too',
      'x\u2010\nyz',
      'xyz',
      [['xyz', 'x\u2010\nyz']],
    ],
    [
      'a dash before a capitalised next line is kept (a real compound or a dash)',
      'well-\nKnown',
      'well- known',
      [['known', 'Known']],
    ],
    [
      'markdown emphasis, strike-through and code marks read as spaces',
      '**bold** _it_ ~~gone~~ `code`',
      'bold it gone code',
      [
        ['bold', 'bold'],
        ['code', 'code'],
      ],
    ],
    [
      'heading, quote, bullet and ordered-list markers at a line start are ignored',
      '## Title\n> quoted\n- item\n* star\n12. twelve\n> > nested',
      'title quoted item star twelve nested',
      [
        ['title', 'Title'],
        ['nested', 'nested'],
      ],
    ],
    ['a ">" inside a line is text, not a marker', 'a > b', 'a > b', [['>', '>']]],
    [
      'citation markers [1], [^2], (3), [4, 5], [6-7] and 【8】 are skipped',
      'w[1] x[^2] y (3) z [4, 5] v [6-7] u 【8】 t',
      'w x y z v u t',
      [
        ['w x', 'w[1] x'],
        ['z v', 'z [4, 5] v'],
      ],
    ],
    [
      'superscript footnote digits are skipped',
      'word¹ next²',
      'word next',
      [['word next', 'word¹ next']],
    ],
    [
      'brackets that are not citations stay',
      '(abc) [1234]',
      '(abc) [1234]',
      [
        ['(abc)', '(abc)'],
        ['[1234]', '[1234]'],
      ],
    ],
    [
      'a mathematical bold letter (surrogate pair) folds to ASCII and maps to both units',
      'x 𝐀𝐁 y',
      'x ab y',
      [
        ['ab', '𝐀𝐁'],
        ['b', '𝐁'],
      ],
    ],
    ['an emoji (surrogate pair) passes through whole', 'hi 😀!', 'hi 😀!', [['😀', '😀']]],
    [
      'combining marks pass through',
      'cafe\u0301 ok',
      'cafe\u0301 ok',
      [['cafe\u0301', 'cafe\u0301']],
    ],
    [
      'CJK text passes through unchanged',
      '日本語のテキスト',
      '日本語のテキスト',
      [['本語', '本語']],
    ],
    ['Greek and Cyrillic are lower-cased', 'ΑΘΗΝΑ Москва', 'αθηνα москва', [['москва', 'Москва']]],
  ])('%s', (_rule, raw, expected, pieces) => {
    expect(normalize(raw).text).toBe(expected);
    for (const [piece, rawPiece] of pieces) expect(rawBehind(raw, piece)).toBe(rawPiece);
  });

  // BUG: the "> " marker of the next quoted line stops the line-break hyphen join.
  // Expected 'an experiment here'; actual 'an experi- ment here'.
  it('joins a hyphenated line break inside a markdown quote', () => {
    expect(normalize('> an experi-\n> ment here').text).toBe('an experiment here');
  });

  it.each([
    ['empty text', ''],
    ['only whitespace', ' \r\n\t\u00a0'],
    ['only invisible characters', '\u200b\u200d\ufeff\u00ad'],
    ['only markdown marks', '**__~~``'],
    ['a lone high surrogate', 'a\ud800 b'],
    ['a lone low surrogate at the end', 'a\udc00'],
    ['mixed scripts, emoji and marks', 'Ünïcödé 𝔘𝔫𝔦 日本 😀\u0301 ﬀ'],
  ])('keeps its offset map consistent on %s', (_name, raw) => {
    const { text, toRaw } = normalize(raw);
    expect(toRaw.length).toBe(text.length + 1);
    expect(toRaw[text.length]).toBe(raw.length);
    for (let i = 1; i < toRaw.length; i++)
      expect(toRaw[i]).toBeGreaterThanOrEqual(toRaw[i - 1] as number);
    for (let i = 0; i < text.length; i++) expect(toRaw[i]).toBeLessThan(raw.length);
  });

  it('gives an empty text and a one-entry map for empty input', () => {
    const { text, toRaw } = normalize('');
    expect(text).toBe('');
    expect([...toRaw]).toEqual([0]);
  });

  it.each([
    ['a negative offset', -1],
    ['an offset past the end of the map', 6],
  ])('normOffsetToRaw throws a RangeError for %s', (_name, offset) => {
    const { toRaw } = normalize('hello');
    expect(() => normOffsetToRaw(toRaw, offset)).toThrow(RangeError);
  });

  it('maps an end offset just past the raw character that produced the previous unit', () => {
    const raw = 'so…';
    const { toRaw } = normalize(raw);
    expect(normOffsetToRaw(toRaw, 3, true, raw)).toBe(3);
    expect(normOffsetToRaw(toRaw, 5, true, raw)).toBe(3);
    expect(normOffsetToRaw(toRaw, 3)).toBe(2);
  });

  it.each([
    ['at a line start', 'first line\n> second line\nthird', 'first line\n'.length],
    ['at a word start', 'alpha beta gamma', 'alpha '.length],
  ])('normalizeRange from a range start %s agrees with the whole text', (_where, raw, from) => {
    const whole = normalize(raw);
    const part = normalizeRange(raw, from, raw.length);
    const partText = String.fromCharCode(...part.codes.subarray(0, part.length));
    expect(whole.text.endsWith(partText)).toBe(true);
    const offset = whole.text.length - partText.length;
    expect([...part.toRaw.subarray(0, part.length + 1)]).toEqual([...whole.toRaw.subarray(offset)]);
  });

  it('normalizeRange of an empty range is empty', () => {
    expect(normalizeRange('abc', 2, 2).length).toBe(0);
  });
});
