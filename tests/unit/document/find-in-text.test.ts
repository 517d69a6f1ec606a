import { describe, expect, it } from 'vitest';
import {
  chunkText,
  findInText,
  firstEndingAfter,
  MAX_MATCHES,
} from '../../../src/document/find-in-text';

const found = (text: string, query: string): string[] =>
  findInText(text, query).map((r) => text.slice(r.start, r.end));

describe('finding a query in a text', () => {
  it.each([
    ['ignores case', 'The Lamp and the lamp', 'LAMP', ['Lamp', 'lamp']],
    ['matches a phrase across a line break', 'the tin\r\n  box', 'tin box', ['tin\r\n  box']],
    ['takes regex characters literally', 'a (b) a.b axb', 'a.b', ['a.b']],
    [
      'keeps offsets right after a character that folds longer',
      'İstanbul istanbul',
      'stan',
      ['stan', 'stan'],
    ],
    ['finds nothing for an empty or blank query', 'text', '   ', []],
    ['handles emoji', 'a 😀 b 😀', '😀', ['😀', '😀']],
  ])('%s', (_name, text, query, expected) => {
    expect(found(text, query)).toEqual(expected);
  });

  it('stops at MAX_MATCHES', () => {
    expect(findInText('a'.repeat(MAX_MATCHES + 5), 'a')).toHaveLength(MAX_MATCHES);
  });
});

describe('cutting a text into chunks', () => {
  it('covers the text exactly, in order, ending chunks after a line break when it can', () => {
    const text = Array.from({ length: 300 }, (_, i) => `Line ${i} of the text.`).join('\n');
    const chunks = chunkText(text, 500);
    expect(chunks[0]?.start).toBe(0);
    expect(chunks.at(-1)?.end).toBe(text.length);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]?.start).toBe(chunks[i - 1]?.end);
    for (const c of chunks.slice(0, -1)) expect(text[c.end - 1]).toBe('\n');
    expect(Math.max(...chunks.map((c) => c.end - c.start))).toBeLessThanOrEqual(500);
  });

  it('never cuts a surrogate pair when there is no space to cut at', () => {
    const text = '😀'.repeat(1000);
    for (const c of chunkText(text, 101)) expect((c.end - c.start) % 2).toBe(0);
  });

  it('finds the first range ending after an offset', () => {
    const ranges = [
      { start: 0, end: 5 },
      { start: 10, end: 15 },
      { start: 20, end: 25 },
    ];
    expect([0, 5, 12, 15, 30].map((o) => firstEndingAfter(ranges, o))).toEqual([0, 1, 1, 2, 3]);
  });
});
