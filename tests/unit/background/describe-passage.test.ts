import { describe, expect, it } from 'vitest';
import { describePassage, reflowText } from '../../../src/background/describe-passage';
import { bodyBounds } from '../../../src/core/index';

const filler = (n: number): string => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

describe('describePassage', () => {
  it('gives the whole text as context when it is short, without ellipses', () => {
    const text = 'Before the passage. THE PASSAGE ITSELF. After it.';
    const start = text.indexOf('THE');
    const place = describePassage(text, start, start + 'THE PASSAGE ITSELF.'.length);
    expect(place).toMatchObject({
      before: 'Before the passage. ',
      passage: 'THE PASSAGE ITSELF.',
      after: ' After it.',
    });
    expect(place.percent).toBeCloseTo((start / text.length) * 100, 0);
  });

  it('cuts long context at whitespace and marks the cuts', () => {
    const text = `${filler(200)} PASSAGE ${filler(200)}`;
    const start = text.indexOf('PASSAGE');
    const place = describePassage(text, start, start + 7);
    expect(place.before.startsWith('… word')).toBe(true);
    expect(place.after.endsWith('…')).toBe(true);
    expect(place.before.length).toBeLessThanOrEqual(243);
    expect(place.after).toMatch(/^ word0 .* word\d+ …$/);
  });

  it.each([
    [
      'the nearest chapter heading before the passage',
      'Chapter One\nfirst text\n\nCHAPTER 2: The Sea\nsecond PASSAGE text',
      'CHAPTER 2: The Sea',
    ],
    ['a part heading', 'Part III\nsome PASSAGE here', 'Part III'],
    ['no heading in the text', 'just some PASSAGE here', undefined],
    [
      'a heading after the passage does not count',
      'the PASSAGE first\nChapter 9\nlater',
      undefined,
    ],
  ])('finds %s', (_name, text, chapter) => {
    const start = text.indexOf('PASSAGE');
    expect(describePassage(text, start, start + 7).chapter).toBe(chapter);
  });

  it('puts a passage at the very start at 0% and one at the end near 100%', () => {
    const text = `PASSAGE ${filler(50)} END`;
    expect(describePassage(text, 0, 7).percent).toBe(0);
    expect(describePassage(text, text.length - 3, text.length).percent).toBeGreaterThan(99);
  });
});

// A small Project Gutenberg-style book written for these tests: header, hard-wrapped body, licence.
const GUTENBERG_BOOK = [
  'The Project Gutenberg eBook of The Lantern Keeper, by Orla Venn',
  '',
  'Title: The Lantern Keeper',
  '',
  'Author: Orla Venn',
  '',
  '*** START OF THE PROJECT GUTENBERG EBOOK THE LANTERN KEEPER ***',
  '',
  'CHAPTER I.',
  '',
  'The keeper climbed the stair at dusk. She trimmed the wick and',
  'polished the great lens until it shone like still water, then sat',
  'down to write the night into her log.',
  '',
  'Nobody came to the rock that winter.',
  '',
  '*** END OF THE PROJECT GUTENBERG EBOOK THE LANTERN KEEPER ***',
  '',
  'Updated editions will replace the previous one. Section 1. General Terms of Use.',
].join('\r\n');

describe('describePassage on a plain-text book', () => {
  const passageOf = (text: string, words: string) => {
    const start = text.indexOf(words);
    return describePassage(text, start, start + words.length);
  };

  it('reflows hard-wrapped lines into running sentences and keeps paragraph breaks', () => {
    const place = passageOf(GUTENBERG_BOOK, 'polished the great lens');
    expect(place.before).toBe(
      'CHAPTER I.\n\nThe keeper climbed the stair at dusk. She trimmed the wick and ',
    );
    expect(place.after).toBe(
      ' until it shone like still water, then sat down to write the night into her log.\n\nNobody came to the rock that winter.',
    );
    expect(place.passage).toBe('polished the great lens');
  });

  it('shows none of the Gutenberg header or licence around a passage near the ends', () => {
    const place = passageOf(GUTENBERG_BOOK, 'The keeper climbed');
    const shown = `${place.before}${place.passage}${place.after}`;
    expect(shown).not.toMatch(/Gutenberg|Title:|Author:|START OF|END OF|Terms of Use/);
    expect(place.before).toBe('CHAPTER I.\n\n');
    expect(place.chapter).toBe('CHAPTER I.');
    expect(place.percent).toBeLessThan(10);
  });

  it('keeps the whole text as bounds for a passage inside the header itself', () => {
    const place = passageOf(GUTENBERG_BOOK, 'Title: The Lantern Keeper');
    expect(place.before).toContain('The Project Gutenberg eBook');
  });

  it('leaves out a markdown file’s front matter', () => {
    const text = '---\ntitle: Salt\nauthor: Ana Ros\n---\nThe tide went out. It left shells.';
    const place = passageOf(text, 'It left shells.');
    expect(place.before).toBe('The tide went out. ');
  });

  it('starts and ends cut context at sentence boundaries without ellipses', () => {
    const sentence = 'This sentence is filler for the context window. ';
    const text = `${sentence.repeat(10)}THE PASSAGE. ${sentence.repeat(10)}`;
    const place = passageOf(text, 'THE PASSAGE.');
    expect(place.before.startsWith('This sentence')).toBe(true);
    expect(place.after.endsWith('window.')).toBe(true);
    expect(place.before).not.toContain('…');
    expect(place.after).not.toContain('…');
  });
});

describe('bodyBounds and reflowText', () => {
  it('finds the body between the START and END lines', () => {
    const { start, end } = bodyBounds(GUTENBERG_BOOK);
    expect(GUTENBERG_BOOK.slice(start, end).trim().startsWith('CHAPTER I.')).toBe(true);
    expect(GUTENBERG_BOOK.slice(start, end).trim().endsWith('that winter.')).toBe(true);
  });

  it('is the whole text without a header', () => {
    expect(bodyBounds('just text\n*** END OF nothing')).toEqual({ start: 0, end: 28 });
  });

  it.each([
    ['a\nb', 'a b'],
    ['a  \r\n  b', 'a b'],
    ['a\n\n\nb', 'a\n\nb'],
    ['a\r\n \r\nb\nc', 'a\n\nb c'],
    ['', ''],
  ])('reflows %j to %j', (text, want) => {
    expect(reflowText(text)).toBe(want);
  });
});
