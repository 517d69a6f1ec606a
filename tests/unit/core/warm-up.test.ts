import { describe, expect, it } from 'vitest';
import { readerPiecesText, warmUpIndexing, warmUpScanning } from '../../../src/core/index';

describe('warmUpIndexing', () => {
  it('reads a text of every piece, the same text for the same seed', () => {
    expect(readerPiecesText(3000, 1)).toBe(readerPiecesText(3000, 1));
    expect(readerPiecesText(3000, 1)).not.toBe(readerPiecesText(3000, 2));
    expect(() => warmUpIndexing()).not.toThrow();
  });
});

describe('warmUpScanning', () => {
  it('finds its three copied stretches through pages read on demand and parts, every time', () => {
    // Fewer than 3: some path of a woken worker's scan (pages, parts, the changed word) was not taken.
    expect(warmUpScanning()).toBe(3);
    expect(warmUpScanning()).toBe(3);
  });
});
