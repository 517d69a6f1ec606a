import { describe, expect, it } from 'vitest';
import { fileOffsetMap } from '../../../../src/library/import/file-offsets';
import { importMarkdown, frontMatterLength } from '../../../../src/library/import/markdown';
import { importTxt } from '../../../../src/library/import/txt';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Every word of the tidied text, mapped back, is the same word in the file. */
function expectWordsMapBack(file: string, tidied: string, from = 0, prefix = 0): void {
  const map = fileOffsetMap(file.slice(prefix), tidied, from, prefix);
  for (const m of tidied.matchAll(/\S+/g)) {
    const start = map.toFile(m.index);
    const end = map.toFileEnd(m.index + m[0].length);
    expect(file.slice(start, end)).toBe(m[0]);
  }
}

describe('offsets of a tidied plain text in its file', () => {
  it('maps through CRLF line ends, trailing spaces, extra blank lines and the trimmed ends', () => {
    const file =
      '\r\n  \r\nThe first  line \r\nand the second.\r\n\r\n\r\n\r\nA new  paragraph.\t \r\n\r\n';
    const { text } = importTxt({ name: 'a.txt', bytes: encode(file) });
    expect(text).toBe('The first  line\nand the second.\n\nA new  paragraph.');
    expectWordsMapBack(file, text);
  });

  it('maps a span across a line break to the same words in the file, without the CR after it', () => {
    const file = 'Call me\r\nIshmael.  \r\nSome years ago';
    const { text } = importTxt({ name: 'a.txt', bytes: encode(file) });
    const map = fileOffsetMap(file, text);
    const start = text.indexOf('me');
    const end = text.indexOf('Ishmael.') + 'Ishmael.'.length;
    expect(file.slice(map.toFile(start), map.toFileEnd(end))).toBe('me\r\nIshmael.');
  });

  it('maps lone CR line ends, which the reader turns into LF', () => {
    const file = 'one\rtwo\r\rthree';
    const { text } = importTxt({ name: 'a.txt', bytes: encode(file) });
    expectWordsMapBack(file, text);
  });

  it('skips Markdown front matter, even one holding the words of the text', () => {
    const file = '---\ntitle: The River\nauthor: Ann\n---\n\nThe River ran on.\r\n';
    const { text } = importMarkdown({ name: 'a.md', bytes: encode(file) });
    expect(text).toBe('The River ran on.');
    const map = fileOffsetMap(file, text, frontMatterLength(file));
    expect(map.toFile(0)).toBe(file.indexOf('The River ran'));
    expectWordsMapBack(file, text, frontMatterLength(file));
  });

  it('counts a UTF-8 byte-order mark as the character a UTF-8 read of the file shows', () => {
    const file = '\ufeffHello  \r\nworld';
    const { text } = importTxt({ name: 'a.txt', bytes: encode(file) });
    expect(text).toBe('Hello\nworld');
    expectWordsMapBack(file, text, 0, 1);
  });

  it('is the identity for a text the reader left as it was', () => {
    const file = 'Nothing to tidy here.\n\nAt all.';
    const map = fileOffsetMap(file, file);
    for (let i = 0; i <= file.length; i++) expect(map.toFile(i)).toBe(i);
  });
});
