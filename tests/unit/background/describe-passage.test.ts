import { describe, expect, it } from 'vitest';
import { describePassage } from '../../../src/background/describe-passage';

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
