import { describe, expect, it } from 'vitest';
import { hashString, tokenize, type WordList } from '../../../src/core/index';
import { inventWords, seededRandom } from './fixtures';

function rawWords(raw: string, list: WordList): string[] {
  return Array.from({ length: list.count }, (_, i) =>
    raw.slice(list.rawStarts[i], list.rawEnds[i]),
  );
}

describe('tokenize', () => {
  // [case, raw, normalized words, raw slice of each word]
  it.each<[string, string, string[], string[]]>([
    [
      'punctuation separates words and is not part of them',
      'Hello, world! (Yes.)',
      ['hello', 'world', 'yes'],
      ['Hello', 'world', 'Yes'],
    ],
    [
      'an apostrophe inside a word keeps it whole',
      "It's six o'clock",
      ["it's", 'six', "o'clock"],
      ["It's", 'six', "o'clock"],
    ],
    [
      'a curly apostrophe reads as a straight one but the raw slice keeps it',
      'It’s done',
      ["it's", 'done'],
      ['It’s', 'done'],
    ],
    [
      'leading and trailing apostrophes are not part of the word',
      "the dogs' bowls, 'tis",
      ['the', 'dogs', 'bowls', 'tis'],
      ['the', 'dogs', 'bowls', 'tis'],
    ],
    [
      'a hyphen inside a line separates two words',
      'well-known',
      ['well', 'known'],
      ['well', 'known'],
    ],
    [
      'a word split by a hyphenated line break is one word spanning the break',
      'an experi-\nment',
      ['an', 'experiment'],
      ['an', 'experi-\nment'],
    ],
    [
      'invisible characters inside a word stay inside its raw range',
      'wo\u200brd\u00ad next',
      ['word', 'next'],
      ['wo\u200brd', 'next'],
    ],
    [
      'a ligature is one word whose raw slice is the ligature text',
      'ﬁne ﬂour',
      ['fine', 'flour'],
      ['ﬁne', 'ﬂour'],
    ],
    [
      'markdown marks around a word are not in its raw slice',
      '**bold** and _it_',
      ['bold', 'and', 'it'],
      ['bold', 'and', 'it'],
    ],
    [
      'digits are words; citation markers are not',
      'in 1848[2] came',
      ['in', '1848', 'came'],
      ['in', '1848', 'came'],
    ],
    [
      'each Han or kana character is its own word',
      '日本語 テスト',
      ['日', '本', '語', 'テ', 'ス', 'ト'],
      ['日', '本', '語', 'テ', 'ス', 'ト'],
    ],
    ['letters outside the BMP form words', '𝐀𝐁 x', ['ab', 'x'], ['𝐀𝐁', 'x']],
    ['an emoji is not a word', 'hi 😀 there', ['hi', 'there'], ['hi', 'there']],
    ['CRLF text gives the same words as LF text', 'one\r\ntwo\r\n', ['one', 'two'], ['one', 'two']],
    ['empty text has no words', '', [], []],
    ['punctuation alone has no words', '... !? — “”', [], []],
  ])('%s', (_case, raw, words, slices) => {
    const list = tokenize(raw, { withText: true });
    expect(list.count).toBe(words.length);
    expect(list.texts).toEqual(words);
    expect(rawWords(raw, list)).toEqual(slices);
    expect([...list.hashes.subarray(0, list.count)]).toEqual(words.map((w) => hashString(w)));
  });

  it('hashes a decomposed accent like the precomposed letter', () => {
    const composed = tokenize('café');
    const decomposed = tokenize('cafe\u0301');
    expect(decomposed.count).toBe(1);
    expect(decomposed.hashes[0]).toBe(composed.hashes[0]);
  });

  it('leaves texts out unless asked withText', () => {
    expect(tokenize('a b').texts).toBeUndefined();
  });

  const sample =
    'The first line.\n> A quoted, second line with an experi-\nment\n- bullet point three';
  it.each([
    ['the whole text', 0, sample.length],
    ['from the start of a line', sample.indexOf('> A'), sample.length],
    ['from a word start to a word end', sample.indexOf('quoted'), sample.indexOf(' point')],
    ['an empty range', 5, 5],
  ])('reads only the words of the from/to range: %s', (_name, from, to) => {
    const whole = tokenize(sample, { withText: true });
    const part = tokenize(sample, { from, to, withText: true });
    const expected: string[] = [];
    const expectedStarts: number[] = [];
    for (let i = 0; i < whole.count; i++) {
      if ((whole.rawStarts[i] as number) >= from && (whole.rawEnds[i] as number) <= to) {
        expected.push(whole.texts?.[i] as string);
        expectedStarts.push(whole.rawStarts[i] as number);
      }
    }
    expect(part.texts).toEqual(expected);
    expect([...part.rawStarts.subarray(0, part.count)]).toEqual(expectedStarts);
  });

  it('tokenizes a text over 1 MB (read in chunks) exactly as generated, with raw offsets', () => {
    const vocabulary = inventWords(3000, 7);
    const random = seededRandom(11);
    const separators = [
      ' ',
      ' ',
      ' ',
      ', ',
      '. ',
      '\n',
      '\r\n',
      ' — ',
      '\n\n> ',
      ' **',
      '** ',
      ' “',
      '” ',
      '\u00a0',
    ];
    let raw = '';
    const words: string[] = [];
    const slices: [number, number][] = [];
    while (raw.length < 1_300_000) {
      const word = vocabulary[Math.floor(random() * vocabulary.length)] as string;
      const form = random();
      let written = word;
      if (form < 0.05 && word.length > 4) written = `${word.slice(0, 3)}-\n${word.slice(3)}`;
      else if (form < 0.1) written = word[0]?.toUpperCase() + word.slice(1);
      else if (form < 0.12) written = `${word.slice(0, 2)}\u200b${word.slice(2)}`;
      slices.push([raw.length, raw.length + written.length]);
      words.push(word);
      raw += written;
      raw += separators[Math.floor(random() * separators.length)];
    }
    const list = tokenize(raw, { withText: true });
    expect(list.count).toBe(words.length);
    expect(list.texts).toEqual(words);
    let offsetsOk = true;
    for (let i = 0; i < list.count; i++) {
      const [start, end] = slices[i] as [number, number];
      if (list.rawStarts[i] !== start || list.rawEnds[i] !== end) offsetsOk = false;
    }
    expect(offsetsOk).toBe(true);
  });
});
