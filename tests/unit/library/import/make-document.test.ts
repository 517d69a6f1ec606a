import { describe, expect, it } from 'vitest';
import {
  hasTrailingSpace,
  makeDocument,
  tidyLines,
  titleFromFileName,
} from '../../../../src/library/import/make-document';
import { seededRandom } from '../../core/fixtures';

describe('titleFromFileName', () => {
  it.each([
    ['my_first-novel.docx', 'my first novel'],
    ['The Glass Ledger.final.pdf', 'The Glass Ledger.final'],
    ['folder/sub/chapter__01--draft.txt', 'chapter 01 draft'],
    ['C:\\books\\Almanac.epub', 'Almanac'],
    ['no extension', 'no extension'],
    ['.hidden', '.hidden'],
    ['___.txt', 'Untitled'],
  ])('turns %j into %j', (name, title) => {
    expect(titleFromFileName(name)).toBe(title);
  });
});

describe('makeDocument', () => {
  it.each([
    ['CRLF and lone CR become LF', 'one\r\ntwo\rthree', 'one\ntwo\nthree'],
    ['runs of blank lines become one blank line', 'one\n\n\n \t\n\ntwo', 'one\n\ntwo'],
    ['trailing spaces go, indentation stays', '  first   \n   second\t\n', 'first\n   second'],
    ['unicode is kept as is', '  Ἐν ἀρχῇ — “é”  ', 'Ἐν ἀρχῇ — “é”'],
  ])('tidies text: %s', (_label, text, expected) => {
    expect(makeDocument({ text, format: 'txt' }, 'a.txt').text).toBe(expected);
  });

  it('tidies like a line-by-line tidy would, on random text', () => {
    // The first implementation: clear, but it allocated a string per line.
    const lineByLine = (text: string): string => {
      const kept: string[] = [];
      for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
        const trimmed = line.trimEnd();
        if (trimmed === '' && (kept.length === 0 || kept[kept.length - 1] === '')) continue;
        kept.push(trimmed);
      }
      return kept.join('\n').trim();
    };
    const alphabet = ['a', 'b', ' ', '\t', '\n', '\r', '\u00a0', '\u2028', '\ufeff', '\u3000', 'é'];
    const next = seededRandom(7);
    const random = (n: number): number => Math.floor(next() * n);
    for (let run = 0; run < 3000; run++) {
      const text = Array.from({ length: random(40) }, () => alphabet[random(alphabet.length)]).join(
        '',
      );
      const tidied = lineByLine(text);
      if (tidied === '') continue;
      expect(makeDocument({ text, format: 'txt' }, 'a.txt').text, JSON.stringify(text)).toBe(
        tidied,
      );
    }
  });

  it('finds a space at a line end exactly where a regex does, on random text', () => {
    const regex = /[^\S\n]\n|[^\S\n]$/;
    const alphabet = ['a', ' ', '\t', '\n', '\u000b', '\u00a0', '\u2028', '\u3000', 'é', 'ж'];
    const next = seededRandom(11);
    const random = (n: number): number => Math.floor(next() * n);
    let found = 0;
    for (let run = 0; run < 3000; run++) {
      const text = Array.from({ length: random(12) }, () => alphabet[random(alphabet.length)]).join(
        '',
      );
      expect(hasTrailingSpace(text), JSON.stringify(text)).toBe(regex.test(text));
      if (regex.test(text)) found++;
    }
    expect(found).toBeGreaterThan(500);
  });

  it('stays linear on a long run of spaces inside a line', () => {
    const text = `a${' '.repeat(200_000)}b ${' '.repeat(200_000)}\nc`;
    expect(makeDocument({ text, format: 'txt' }, 'a.txt').text).toBe(`a${' '.repeat(200_000)}b\nc`);
  });

  it('prefers the metadata title and drops an empty author', () => {
    expect(
      makeDocument(
        { text: 'x', format: 'txt', title: '  A\n Title ', author: ' ' },
        'file_name.txt',
      ),
    ).toEqual({
      text: 'x',
      title: 'A Title',
      format: 'txt',
    });
  });

  it('throws an empty ImportError, with the given message, when only whitespace is left', () => {
    expect(() =>
      makeDocument({ text: ' \n\t\n', format: 'txt' }, 'a.txt', 'Nothing here.'),
    ).toThrow(expect.objectContaining({ code: 'empty', message: 'Nothing here.' }));
  });
});

describe('tidyLines', () => {
  // Words and every kind of blank space a text file may hold between them.
  const PIECES = [
    'word',
    'é',
    ' ',
    '\t',
    '\u00a0',
    '\u3000',
    '\n',
    '\r\n',
    '\r',
    '\v',
    '  \n',
    '\n\n\n',
  ];

  it.each([1, 2, 3, 4])(
    'is the tidying of a whole text but for its trim, for any blank space (seed %i)',
    (seed) => {
      const random = seededRandom(seed);
      const text = Array.from(
        { length: 3000 },
        () => PIECES[Math.floor(random() * PIECES.length)],
      ).join('');
      expect(makeDocument({ text, format: 'txt' }, 'a.txt').text).toBe(tidyLines(text).trim());
    },
  );
});
