import { describe, expect, it } from 'vitest';
import {
  importFile,
  importPastedText,
  MAX_IMPORT_BYTES,
} from '../../../../src/library/import/index';
import { FIRST_PARAGRAPH, FIXTURE_AUTHOR, FIXTURE_TITLE, readFixture } from './read-fixture';

describe('importFile', () => {
  it.each([
    ['sample-utf8.txt', 'txt', 'sample utf8', undefined],
    ['sample-windows-1252.txt', 'txt', 'sample windows 1252', undefined],
    ['sample-crlf.txt', 'txt', 'sample crlf', undefined],
    ['sample.md', 'md', FIXTURE_TITLE, FIXTURE_AUTHOR],
    ['sample-no-front-matter.md', 'md', 'Quillon Street Notes', undefined],
    ['sample.html', 'html', FIXTURE_TITLE, FIXTURE_AUTHOR],
    ['sample.epub', 'epub', FIXTURE_TITLE, FIXTURE_AUTHOR],
    ['sample.docx', 'docx', FIXTURE_TITLE, FIXTURE_AUTHOR],
    ['sample.pdf', 'pdf', "The Glassblower's Almanac", FIXTURE_AUTHOR],
  ])('reads %s by its extension as %s, titled %j', async (file, format, title, author) => {
    const doc = await importFile(readFixture(file));
    expect(doc).toMatchObject({ format, title });
    expect(doc.author).toBe(author);
    expect(doc.text).not.toMatch(/\r|\n{3}|^\s|\s$/);
  });

  it('reads CRLF text as paragraphs separated by one blank line', async () => {
    expect((await importFile(readFixture('sample-crlf.txt'))).text.split('\n\n')[0]).toBe(
      FIRST_PARAGRAPH,
    );
  });

  it('keeps markdown markers but drops the front matter', async () => {
    const { text } = await importFile(readFixture('sample.md'));
    expect(text.startsWith('# Chapter One')).toBe(true);
    expect(text).not.toContain('author:');
  });

  it.each([
    ['a PDF', 'sample.pdf', 'pdf'],
    ['an EPUB', 'sample.epub', 'epub'],
    ['a Word file', 'sample.docx', 'docx'],
    ['a web page', 'sample.html', 'html'],
    ['plain text', 'sample-utf8.txt', 'txt'],
  ])(
    'recognises %s by its bytes when the name has no known extension',
    async (_label, file, format) => {
      expect((await importFile(readFixture(file, 'Download (3)'))).format).toBe(format);
    },
  );

  it.each([
    ['a 0-byte file', 'zero-bytes.txt', 'x.txt', 'empty'],
    ['a whitespace-only file', 'whitespace-only.txt', 'x.txt', 'empty'],
    ['a picture renamed .txt', 'binary-renamed.txt', 'x.txt', 'binary'],
    ['a picture renamed .md', 'binary-renamed.txt', 'x.md', 'binary'],
    ['UTF-16 text without a BOM', 'sample-utf16le-no-bom.txt', 'x.txt', 'encoding'],
    ['UTF-32 text', 'sample-utf32le.txt', 'x.txt', 'encoding'],
    ['a truncated PDF', 'corrupt.pdf', 'x.pdf', 'corrupt'],
    ['a password-protected PDF', 'sample-encrypted.pdf', 'x.pdf', 'encrypted'],
    ['an EPUB that is not a zip', 'not-a-zip.epub', 'x.epub', 'corrupt'],
    ['an EPUB without its OPF', 'no-opf.epub', 'x.epub', 'corrupt'],
    ['an EPUB with DRM', 'drm.epub', 'x.epub', 'encrypted'],
    ['a DOCX that is really a PDF', 'pdf-renamed.docx', 'x.docx', 'unsupported'],
    ['a DOCX that is really plain text', 'text-renamed.docx', 'x.docx', 'unsupported'],
    ['a PDF renamed .txt', 'sample.pdf', 'x.txt', 'unsupported'],
    ['an old .doc file', 'sample-utf8.txt', 'x.doc', 'unsupported'],
    ['an OpenDocument file', 'sample.docx', 'x.odt', 'unsupported'],
  ])('refuses %s with a message saying what to do', async (_label, file, name, code) => {
    const error: unknown = await importFile(readFixture(file, name)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'ImportError', code });
    expect((error as Error).message).toMatch(/\.$/);
    expect((error as Error).message).not.toMatch(/Exception|undefined|null|zip entry|OPF|xref/);
  });

  // The size gate runs before any byte is read, so lazily zeroed buffers of the real size test
  // it without touching 200 MB of memory; a full 200 MB text import takes several seconds here.
  it.each([
    ['200 MB', 200 * 1024 * 1024, 'binary'],
    ['exactly 256 MB', MAX_IMPORT_BYTES, 'binary'],
    ['one byte over 256 MB', MAX_IMPORT_BYTES + 1, 'too-large'],
  ])('lets a %s file past the size check only up to 256 MB', async (_label, size, code) => {
    await expect(
      importFile({ name: 'big.txt', bytes: new Uint8Array(size) }),
    ).rejects.toMatchObject({ code });
  });

  it('reads a 16 MB text file in full', async () => {
    const line = new TextEncoder().encode(`${FIRST_PARAGRAPH}\n\n`);
    const bytes = new Uint8Array(16 * 1024 * 1024);
    for (let at = 0; at + line.length <= bytes.length; at += line.length) bytes.set(line, at);
    const { text } = await importFile({
      name: 'big.txt',
      bytes: bytes.subarray(0, bytes.length - (bytes.length % line.length)),
    });
    expect(text.length).toBe(Math.floor(bytes.length / line.length) * line.length - 2);
  });
});

describe('importPastedText', () => {
  it.each([
    ['the given title', FIRST_PARAGRAPH, ' My Title ', 'My Title'],
    [
      'the first line when no title is given',
      'Short opening line\n\nBody text.',
      undefined,
      'Short opening line',
    ],
    [
      'a shortened first line when it is long',
      FIRST_PARAGRAPH,
      undefined,
      'Every winter the furnace on Quillon Street was lit before…',
    ],
    [
      'the first line when the given title is blank',
      'Ἐν ἀρχῇ ἦν ὁ λόγος',
      '   ',
      'Ἐν ἀρχῇ ἦν ὁ λόγος',
    ],
  ])('takes %s', (_label, text, title, expected) => {
    expect(importPastedText(text, title)).toMatchObject({ title: expected, format: 'txt' });
  });

  it('tidies CRLF and blank lines like a file', () => {
    expect(importPastedText('one\r\n\r\n\r\ntwo  ').text).toBe('one\n\ntwo');
  });

  it('refuses an empty paste', () => {
    expect(() => importPastedText(' \n ')).toThrow(expect.objectContaining({ code: 'empty' }));
  });
});
