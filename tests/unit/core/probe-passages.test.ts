import { describe, expect, it } from 'vitest';
import {
  chapterOpenings,
  countWords,
  cutProbe,
  randomStarts,
  wordAtOffset,
} from '../../../src/core/probe-passages';

const BOOK =
  'Title page\n\nCHAPTER I.\n\nOne two, three “four” five six.\n\nChapter 2\n\nSeven eight nine ten.';

describe('cutProbe', () => {
  it('slices the raw text around word boundaries, punctuation inside kept', () => {
    // Words: title(0) page(1) chapter(2) i(3) one(4) two(5) three(6) four(7) five(8) six(9)...
    const cut = cutProbe(BOOK, 4, 3, 2);
    expect(cut?.prefix).toBe('One two, three');
    expect(cutProbe(BOOK, 4, 2, 1)?.prefix).toBe('One two,');
    expect(cut?.continuation).toBe('“four” five');
    expect(cut && BOOK.slice(cut.continuationStart, cut.continuationEnd)).toBe('“four” five');
  });

  it('refuses a cut past the end or with no words', () => {
    expect(cutProbe(BOOK, 11, 3, 3)).toBeUndefined();
    expect(cutProbe(BOOK, 10, 3, 3)?.continuation).toBe('eight nine ten.');
    expect(cutProbe(BOOK, 0, 0, 3)).toBeUndefined();
    expect(cutProbe(BOOK, -1, 2, 2)).toBeUndefined();
  });
});

describe('chapterOpenings', () => {
  it('gives the first word after each heading line', () => {
    expect(chapterOpenings(BOOK, 10)).toEqual([4, 12]);
    expect(chapterOpenings(BOOK, 1)).toEqual([4]);
  });
  it('gives the first word when there are no headings, nothing for an empty text', () => {
    expect(chapterOpenings('just some words', 5)).toEqual([0]);
    expect(chapterOpenings('', 5)).toEqual([]);
  });
});

describe('wordAtOffset', () => {
  it('finds the word at or after an offset', () => {
    expect(wordAtOffset(BOOK, BOOK.indexOf('One'))).toBe(4);
    expect(wordAtOffset(BOOK, BOOK.indexOf('One') + 1)).toBe(5);
  });
});

describe('randomStarts', () => {
  it('is the same for a seed, sorted, non-overlapping, within the text', () => {
    const a = randomStarts(1000, 100, 5, 42);
    expect(a).toEqual(randomStarts(1000, 100, 5, 42));
    expect(a).toHaveLength(5);
    for (let i = 1; i < a.length; i++) expect(a[i]! - a[i - 1]!).toBeGreaterThanOrEqual(100);
    expect(Math.max(...a)).toBeLessThanOrEqual(900);
    expect(randomStarts(1000, 100, 5, 7)).not.toEqual(a);
  });
  it('gives fewer when there is no room', () => {
    expect(randomStarts(150, 100, 5, 1)).toHaveLength(1);
    expect(randomStarts(50, 100, 5, 1)).toEqual([]);
  });
  it('countWords counts normalized words', () => {
    expect(countWords(BOOK)).toBe(16);
  });
});
