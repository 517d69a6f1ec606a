// The parts of texts the matcher holds (background/document-parts.ts): a range is given from one
// part or from consecutive overlapping parts joined, never from a gap.
import { describe, expect, it } from 'vitest';
import { DocumentParts } from '../../../src/background/document-parts';

const TEXT = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
/** Part p holds [p * 1000 - 20, (p + 1) * 1000 + 20), as stored parts overlap by their slack. */
const part = (p: number) => {
  const from = Math.max(0, p * 1000 - 20);
  return { from, text: TEXT.slice(from, Math.min(TEXT.length, (p + 1) * 1000 + 20)), blocks: [] };
};

describe('document parts', () => {
  it('gives a range inside one part, and one across consecutive parts joined', () => {
    const parts = new DocumentParts(Number.POSITIVE_INFINITY);
    parts.add('d', 0, part(0));
    parts.add('d', 1, part(1));
    expect(parts.slice('d', 100, 200)).toBe(TEXT.slice(100, 200));
    expect(parts.slice('d', 900, 1500)).toBe(TEXT.slice(900, 1500));
    expect(parts.slice('d', 1000, 1000)).toBe('');
  });

  it('gives nothing for a range that runs into a part not held', () => {
    const parts = new DocumentParts(Number.POSITIVE_INFINITY);
    parts.add('d', 0, part(0));
    parts.add('d', 2, part(2));
    expect(parts.slice('d', 900, 2100)).toBeUndefined();
    expect(parts.slice('d', 1500, 1600)).toBeUndefined();
    expect(parts.slice('other', 0, 10)).toBeUndefined();
  });
});
