import { describe, expect, it } from 'vitest';
import {
  excerptAround,
  MAX_EXCERPT_CHARS,
  spanText,
} from '../../../../src/cli/audit-report/excerpt';

describe('excerptAround', () => {
  const text = 'alpha beta gamma delta epsilon zeta eta theta';
  const at = (word: string): [number, number] => [
    text.indexOf(word),
    text.indexOf(word) + word.length,
  ];

  it('keeps the whole text when the context reaches both ends', () => {
    const [s, e] = at('delta');
    expect(excerptAround(text, s, e, 100)).toEqual({
      before: 'alpha beta gamma ',
      match: 'delta',
      after: ' epsilon zeta eta theta',
      clippedBefore: false,
      clippedAfter: false,
    });
  });

  it('cuts the context at word boundaries, never inside a word', () => {
    const [s, e] = at('delta');
    // 8 characters before 'delta' are 'a gamma ', after are ' epsilon': cut to whole words.
    expect(excerptAround(text, s, e, 8)).toEqual({
      before: 'gamma ',
      match: 'delta',
      after: ' epsilon',
      clippedBefore: true,
      clippedAfter: true,
    });
  });

  it('shows an empty context when the cut leaves only part of one word', () => {
    const [s, e] = at('delta');
    expect(excerptAround(text, s, e, 3)).toMatchObject({ before: '', after: '' });
  });

  it.each([
    ['at the start', 0, 5],
    ['at the end', text.length - 5, text.length],
    ['empty', 6, 6],
  ])('handles a span %s', (_name, s, e) => {
    const x = excerptAround(text, s, e, 6);
    expect(x.match).toBe(text.slice(s, e));
    expect(text.includes(`${x.before}${x.match}${x.after}`)).toBe(true);
  });
});

describe('spanText', () => {
  it('is the exact slice up to the cap, then the cap and a marker', () => {
    expect(spanText('ab\r\ncd', 1, 5)).toBe('b\r\nc');
    const long = 'x'.repeat(MAX_EXCERPT_CHARS + 5);
    expect(spanText(long, 0, MAX_EXCERPT_CHARS)).toHaveLength(MAX_EXCERPT_CHARS);
    expect(spanText(long, 0, long.length)).toBe(`${'x'.repeat(MAX_EXCERPT_CHARS)} […]`);
  });
});
