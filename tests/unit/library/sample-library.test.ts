import { describe, expect, it } from 'vitest';
import { SAMPLE_LIBRARY, SAMPLE_TAG } from '../../../src/library/sample-library';

const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;

describe('the sample library', () => {
  it('holds three short passages of about 120 words, each titled, attributed and tagged as a sample', () => {
    expect(SAMPLE_LIBRARY).toHaveLength(3);
    for (const sample of SAMPLE_LIBRARY) {
      expect(words(sample.text)).toBeGreaterThanOrEqual(90);
      expect(words(sample.text)).toBeLessThanOrEqual(150);
      expect(sample.title.trim()).not.toBe('');
      expect(sample.author.trim()).not.toBe('');
      expect(sample.tags).toContain(SAMPLE_TAG);
    }
  });

  it('has distinct titles and texts, so none is taken for a duplicate of another', () => {
    expect(new Set(SAMPLE_LIBRARY.map((s) => s.title)).size).toBe(3);
    expect(new Set(SAMPLE_LIBRARY.map((s) => s.text)).size).toBe(3);
  });
});
