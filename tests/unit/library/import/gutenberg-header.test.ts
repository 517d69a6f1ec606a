import { describe, expect, it } from 'vitest';
import { readGutenbergHeader } from '../../../../src/library/import/gutenberg-header';
import { importTxt } from '../../../../src/library/import/txt';

const ALICE = "Alice's Adventures in Wonderland";
const BODY = 'Alice was beginning to get very tired of sitting by her sister on the bank.';

const book = (header: string): string =>
  `${header}\n\n*** START OF THE PROJECT GUTENBERG EBOOK 11 ***\n\n${BODY}\n`;

describe('readGutenbergHeader', () => {
  it.each([
    ['LF lines', book(`Title: ${ALICE}\n\nAuthor: Lewis Carroll\n\nRelease date: June 27, 2008`)],
    ['CRLF lines', book(`Title: ${ALICE}\r\n\r\nAuthor: Lewis Carroll\r\n`).replace(/\n/g, '\r\n')],
    ['a byte-order mark', `\ufeff${book(`Title: ${ALICE}\nAuthor: Lewis Carroll`)}`],
    [
      'extra spaces and another letter case',
      book(`  TITLE :   ${ALICE}  \n author:Lewis   Carroll`),
    ],
    [
      'the banner of older books before the fields',
      book(
        `The Project Gutenberg EBook of ${ALICE}, by Lewis Carroll\n\nTitle: ${ALICE}\n\nAuthor: Lewis Carroll`,
      ),
    ],
  ])('reads Title and Author with %s', (_label, text) => {
    expect(readGutenbergHeader(text)).toEqual({ title: ALICE, author: 'Lewis Carroll' });
  });

  it('joins a title that wraps onto an indented line, but not the next indented field', () => {
    const text = book(
      'Title: The Life and Adventures of Robinson Crusoe\n       of York, Mariner\n  Release Date: 1996\nAuthor: Daniel Defoe',
    );
    expect(readGutenbergHeader(text)).toEqual({
      title: 'The Life and Adventures of Robinson Crusoe of York, Mariner',
      author: 'Daniel Defoe',
    });
  });

  it('reads the one-line banner of older books that have no fields', () => {
    const text = book(`The Project Gutenberg eBook of ${ALICE}, by Lewis Carroll`);
    expect(readGutenbergHeader(text)).toEqual({ title: ALICE, author: 'Lewis Carroll' });
  });

  it.each([
    ['no header at all', `${BODY}\n`],
    [
      'fields after the START line, which belong to the book',
      `*** START OF X ***\nTitle: Not me\n${BODY}`,
    ],
    ['fields past the first 8 KB', `${'x '.repeat(5000)}\nTitle: Too late\n`],
    ['an empty field', 'Title:   \nAuthor:\n'],
  ])('finds nothing in %s', (_label, text) => {
    expect(readGutenbergHeader(text)).toEqual({});
  });

  it('keeps the first Title when a later line repeats the field', () => {
    expect(readGutenbergHeader('Title: First\nTitle: Second\n').title).toBe('First');
  });
});

describe('importTxt', () => {
  const file = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });

  it('takes title and author from the Gutenberg header, keeping the text as written', () => {
    const text = book(`Title: ${ALICE}\nAuthor: Lewis Carroll`);
    const doc = importTxt(file('pg11_Alice_s_Adventures_in_Wonderland.txt', text));
    expect(doc).toMatchObject({ title: ALICE, author: 'Lewis Carroll', format: 'txt' });
    expect(doc.text).toBe(text.trim());
  });

  it('falls back to the file name without its extension, and no author', () => {
    const doc = importTxt(file('the_lantern-maker.txt', `${BODY}\n`));
    expect(doc.title).toBe('the lantern maker');
    expect(doc.author).toBeUndefined();
  });
});
