import { describe, expect, it } from 'vitest';
import { readerPiecesText, warmUpIndexing } from '../../../src/core/index';

describe('warmUpIndexing', () => {
  it('reads a text of every piece, the same text for the same seed', () => {
    expect(readerPiecesText(3000, 1)).toBe(readerPiecesText(3000, 1));
    expect(readerPiecesText(3000, 1)).not.toBe(readerPiecesText(3000, 2));
    expect(() => warmUpIndexing()).not.toThrow();
  });
});
