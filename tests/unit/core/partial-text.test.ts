// A scan over documents read in parts (core/document-cursor.ts): only the parts its hits need are
// asked for, and once they are given its spans equal a scan of the whole texts.
import { describe, expect, it } from 'vitest';
import {
  findSpans,
  partCount,
  partRange,
  PassageIndex,
  ReplyScanner,
  type PartialText,
} from '../../../src/core/index';
import { inventWords, LANTERN_BOOK, ORCHARD_BOOK, randomRun, seededRandom } from './fixtures';

/** A long text: invented prose in lines, with a book's text in its middle. */
function longText(seed: number, book: string): string {
  const random = seededRandom(seed);
  const vocabulary = inventWords(3000, seed);
  const lines = (n: number): string =>
    Array.from({ length: n }, () => `${randomRun(vocabulary, 11, random).join(' ')}.`).join('\n');
  return `${lines(700)}\n\n${book}\n\n${lines(700)}`;
}

const DOCS: Record<string, string> = {
  first: longText(1, LANTERN_BOOK),
  second: longText(2, ORCHARD_BOOK),
};
const REPLY = `Quoting: ${LANTERN_BOOK.slice(300, 900)} and ${ORCHARD_BOOK.slice(100, 500)}; the end.`;

/** The texts as a caller holds them in parts: part numbers given so far, per document. */
function partialTexts(index: PassageIndex) {
  const given = new Map<string, Set<number>>();
  const view = (id: string): PartialText => {
    const text = DOCS[id] as string;
    const checkpoints = index.checkpointsOf(id) as Uint32Array;
    return {
      length: text.length,
      slice(from, to) {
        for (const p of given.get(id) ?? []) {
          const [start, end] = partRange(checkpoints, text.length, p);
          if (start <= from && to <= end) return text.slice(from, to);
        }
        return undefined;
      },
    };
  };
  const give = (parts: Map<string, number[]>): void => {
    for (const [id, list] of parts) {
      const set = given.get(id) ?? new Set<number>();
      list.forEach((p) => set.add(p));
      given.set(id, set);
    }
  };
  return { view, give, given };
}

describe('a scan over texts read in parts', () => {
  it('asks for the parts its hits need, few of them, and then finds what the whole texts give', () => {
    const index = new PassageIndex();
    for (const [id, text] of Object.entries(DOCS)) index.addDocument(id, text);
    const expected = findSpans(index, REPLY, (id) => DOCS[id]);
    expect(new Set(expected.spans.map((s) => s.docId))).toEqual(new Set(['first', 'second']));

    const texts = partialTexts(index);
    const scanner = new ReplyScanner(index, texts.view);
    let result = scanner.update(REPLY, 0);
    expect(result.spans).toEqual([]);
    for (let round = 0; round < 5 && scanner.missingParts().size > 0; round++) {
      texts.give(scanner.missingParts());
      result = scanner.update(REPLY, REPLY.length);
    }
    expect(scanner.missingParts().size).toBe(0);
    expect(scanner.missingDocuments()).toEqual([]);
    expect(result).toEqual(expected);
    for (const [id, parts] of texts.given) {
      const all = partCount(index.checkpointsOf(id) as Uint32Array);
      expect(all).toBeGreaterThan(4);
      expect(parts.size).toBeLessThan(all / 2);
    }
  });
});
