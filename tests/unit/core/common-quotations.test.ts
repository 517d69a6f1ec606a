import { describe, expect, it } from 'vitest';
import { COMMON_QUOTATION_DOCUMENTS, findSpans, ReplyScanner } from '../../../src/core/index';
import { inventWords, library, randomRun, seededRandom } from './fixtures';

// A famous line, and three books that quote it inside their own (different) prose.
const LINE =
  'All that glisters is not gold; often have you heard that told: many a man his life hath sold but my outside to behold';
const prose = (seed: number, words: number): string =>
  randomRun(
    inventWords(200, seed, `${String.fromCharCode(97 + seed)}q`),
    words,
    seededRandom(seed),
  ).join(' ');
const books: Record<string, string> = {
  first: `${prose(1, 80)}. ${LINE}. ${prose(2, 80)}.`,
  second: `${prose(3, 60)}, "${LINE}," ${prose(4, 90)}.`,
  third: `${prose(5, 120)}: ${LINE}! ${prose(6, 40)}.`,
  plain: prose(7, 200),
};

describe('spans that several library documents hold', () => {
  it('counts every document that holds a famous line, so it is a common quotation', () => {
    const lib = library(books);
    const reply = `As the scroll in the casket says, "${LINE}."`;
    const spans = findSpans(lib.index, reply, lib.getText).spans;
    expect(spans.map((s) => [s.docId, s.sharedBy])).toEqual([['first', 3]]);
    expect(spans[0]?.sharedBy).toBeGreaterThanOrEqual(COMMON_QUOTATION_DOCUMENTS);
  });

  it('counts two documents as two: a line in two books is shared, not common', () => {
    const lib = library({ first: books.first as string, second: books.second as string });
    const reply = `"${LINE}."`;
    const spans = findSpans(lib.index, reply, lib.getText).spans;
    expect(spans.map((s) => s.sharedBy)).toEqual([2]);
    expect(2).toBeLessThan(COMMON_QUOTATION_DOCUMENTS);
  });

  it('does not share a longer copy of one book because a famous line is inside it', () => {
    const lib = library(books);
    const start = (books.second as string).indexOf(LINE) - 120;
    const reply = (books.second as string).slice(start, start + 420);
    const spans = findSpans(lib.index, reply, lib.getText).spans;
    expect(spans.map((s) => [s.docId, s.sharedBy])).toEqual([['second', 1]]);
  });

  it('gives a copy found in one document only a count of 1', () => {
    const lib = library(books);
    const reply = (books.plain as string).slice(200, 500);
    const spans = findSpans(lib.index, reply, lib.getText).spans;
    expect(spans.length).toBe(1);
    expect(spans[0]?.sharedBy).toBe(1);
  });

  it('counts the same while a reply streams as in a fresh scan', () => {
    const lib = library(books);
    const reply = `It is an old saying. "${LINE}." And so on, the end.`;
    const scanner = new ReplyScanner(lib.index, lib.getText);
    for (let end = 10; end < reply.length; end += 17) scanner.update(reply.slice(0, end), end - 17);
    expect(scanner.update(reply, reply.length - 5)).toEqual(
      findSpans(lib.index, reply, lib.getText),
    );
  });
});
