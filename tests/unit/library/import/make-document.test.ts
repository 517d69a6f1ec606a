import { describe, expect, it } from 'vitest';
import { makeDocument, titleFromFileName } from '../../../../src/library/import/make-document';

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
