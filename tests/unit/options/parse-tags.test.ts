import { describe, expect, it } from 'vitest';
import { parseTags } from '../../../src/options/parse-tags';

describe('parseTags', () => {
  it.each([
    ['empty', '', []],
    ['only commas and spaces', ' , ,, ', []],
    ['one tag', 'poetry', ['poetry']],
    [
      'trimmed and inner spaces collapsed',
      '  short   stories , essay ',
      ['short stories', 'essay'],
    ],
    [
      'duplicates in any case dropped, first spelling kept',
      'Poetry, poetry, POETRY, prose',
      ['Poetry', 'prose'],
    ],
    ['unicode kept', 'poésie, 詩', ['poésie', '詩']],
  ])('%s', (_name, input, expected) => {
    expect(parseTags(input)).toEqual(expected);
  });
});
