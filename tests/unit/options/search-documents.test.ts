import { describe, expect, it } from 'vitest';
import type { LibraryEntry } from '../../../src/options/library-client';
import { searchDocuments, sortNewestFirst } from '../../../src/options/search-documents';

function entry(
  id: string,
  title: string,
  author: string | undefined,
  tags: string[],
  addedAt: number,
): LibraryEntry {
  return {
    id,
    title,
    ...(author && { author }),
    tags,
    words: 100,
    bytes: 600,
    addedAt,
    format: 'txt',
  };
}

const LIBRARY: LibraryEntry[] = [
  entry('1', 'Letters from the Harbour Office', 'Jonas Velloway', ['letters'], 1),
  entry('2', 'A Field Guide to Paper Boats', 'Mirela Oduya', ['essay'], 2),
  entry('3', 'The Lighthouse Clockwork', 'Recital Sample', ['sample', 'poetry'], 3),
  entry('4', 'Les Misérables, tome premier', 'Victor Hugo', ['classique'], 4),
  entry('5', 'The Quiet Orchard', undefined, [], 5),
];

describe('searchDocuments', () => {
  it.each([
    ['an empty query lists everything, newest first', '', ['5', '4', '3', '2', '1']],
    ['blank space counts as empty', '   ', ['5', '4', '3', '2', '1']],
    ['a title word', 'orchard', ['5']],
    ['a misspelt title word', 'harbor', ['1']],
    ['an author surname', 'Oduya', ['2']],
    ['a tag', 'poetry', ['3']],
    ['any letter case', 'LIGHTHOUSE', ['3']],
    ['accented text', 'Misérables', ['4']],
    ['nothing close', 'zzzzqqq', []],
  ])('%s', (_name, query, ids) => {
    expect(searchDocuments(LIBRARY, query).map((e) => e.id)).toEqual(ids);
  });

  it('does not reorder or change the list it was given', () => {
    const copy = [...LIBRARY];
    searchDocuments(LIBRARY, '');
    searchDocuments(LIBRARY, 'boats');
    expect(LIBRARY).toEqual(copy);
  });
});

describe('sortNewestFirst', () => {
  it('orders by date added, then by title for the same date', () => {
    const sorted = sortNewestFirst([
      entry('a', 'Beta', undefined, [], 1),
      entry('b', 'Alpha', undefined, [], 1),
      entry('c', 'Gamma', undefined, [], 2),
    ]);
    expect(sorted.map((e) => e.id)).toEqual(['c', 'b', 'a']);
  });
});
