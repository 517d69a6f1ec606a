import { describe, expect, it } from 'vitest';
import { hashWords, readerPiecesText, tokenize } from '../../../src/core/index';

/** The fast path and the tokenizer agree on words, hashes and checkpoints of `text`. */
function expectSameWords(text: string, every: number): void {
  const words = tokenize(text);
  const fast = hashWords(text, every);
  expect(fast.count).toBe(words.count);
  expect(Array.from(fast.hashes.subarray(0, fast.count))).toEqual(
    Array.from(words.hashes.subarray(0, words.count)),
  );
  const expected = Array.from(
    { length: Math.ceil(words.count / every) },
    (_, b) => words.rawStarts[b * every],
  );
  expect(Array.from(fast.checkpoints)).toEqual(expected);
}

/** Each code unit of `[first, first + count)` in the places where a rule could treat it apart. */
function everyUnitText(first: number, count: number): string {
  const pieces: string[] = [];
  for (let c = first; c < first + count; c++) {
    const u = String.fromCharCode(c);
    pieces.push(
      `ab${u}cd ef`,
      `don${u}t`,
      `do'${u}t`,
      `x-${u}\nyz`,
      `to-\n${u}ward`,
      `[${u}1] a`,
      `${u} - b`,
      `é${u}é`,
      `${u}${u}`,
    );
  }
  return pieces.join('\n');
}

describe('hashWords, the one-pass reader used for indexing', () => {
  it.each(Array.from({ length: 16 }, (_, i) => (i * 0x1000).toString(16).padStart(4, '0')))(
    'gives the same words as tokenize for every code unit from U+%s in many places',
    (first) => {
      expectSameWords(everyUnitText(parseInt(first, 16), 0x1000), 7);
    },
  );

  it.each(Array.from({ length: 40 }, (_, i) => i + 1))(
    'gives the same words and checkpoints as tokenize on random text (seed %i)',
    (seed) => {
      // Pieces that exercise every rule of the normalizer next to each other, in random order.
      expectSameWords(readerPiecesText(3000, seed), 7);
    },
  );

  it('gives the same words as tokenize on long text in another script', () => {
    const text = '中文的文本，没有空格。'.repeat(20_000) + ' then plain words at the end';
    expectSameWords(text, 128);
  });

  it.each([
    ['empty text', '', 0],
    ['only separators', ' \n\t—…', 0],
    ['one word', 'Word', 1],
    ['a text ending in a quote', "the word'", 2],
  ])('reads %s', (_, text, count) => {
    expect(hashWords(text, 1).count).toBe(count);
    expectSameWords(text, 1);
  });
});
