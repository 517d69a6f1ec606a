import { describe, expect, it } from 'vitest';
import { headingsOf, lastHeadingBefore } from '../../../src/core/index';
import { seededRandom } from './fixtures';

/** What a chapter-like heading is, as one multiline regular expression over the whole text. */
const HEADING = /^[ \t]*((?:chapter|part|book|act|canto|section)\b[^\n]{0,80})$/gim;
function byExpression(text: string, from: number): [number, string][] {
  const rest = text.slice(from);
  return [...rest.matchAll(HEADING)].map((m) => [from + m.index, (m[1] ?? '').trim()]);
}

// Pieces of lines: heading words in any case, words that start like them, indents, other line
// ends, and a run long enough to make a line too long for a heading.
const PIECES = [
  'Chapter',
  'CHAPTER ',
  'part',
  'Book ',
  'act',
  'Canto',
  'SECTION',
  'cartography',
  'partial ',
  'actor',
  'IV',
  '12',
  ' ',
  '  ',
  '\t',
  '\n',
  '\n',
  '\n\n',
  '\r\n',
  '\u2028',
  'é',
  'y'.repeat(79),
  'the end.',
];

function randomText(seed: number, pieces: readonly string[]): string {
  const random = seededRandom(seed);
  return Array.from({ length: 400 }, () => pieces[Math.floor(random() * pieces.length)]).join('');
}

describe('chapter headings', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'are found line by line exactly where the multiline expression finds them (seed %i)',
    (seed) => {
      // Half the texts without other line ends (the line-by-line way), half with them.
      const pieces = seed % 2 === 0 ? PIECES.filter((p) => !/[\r\u2028]/.test(p)) : PIECES;
      const text = randomText(seed, pieces);
      const expected = byExpression(text, 0);
      expect(expected.length).toBeGreaterThan(3);
      expect(headingsOf(text, 0)).toEqual(expected);
      for (const from of [1, 17, 250, Math.floor(text.length / 2)])
        expect(headingsOf(text, from)).toEqual(byExpression(text, from));
      const at = Math.floor(text.length * 0.7);
      expect(lastHeadingBefore(text, 5, at)).toBe(byExpression(text.slice(5, at), 0).at(-1)?.[1]);
    },
  );

  it('takes no line longer than a heading can be', () => {
    const text = `Chapter ${'x'.repeat(80)}\nChapter ${'x'.repeat(72)}\n  part two`;
    expect(headingsOf(text, 0)).toEqual([
      [89, `Chapter ${'x'.repeat(72)}`],
      [89 + 81, 'part two'],
    ]);
  });
});
