import { describe, expect, it } from 'vitest';
import { cleanPdfTitle, importPdf } from '../../../../src/library/import/pdf';
import {
  FIRST_PARAGRAPH,
  FIXTURE_AUTHOR,
  readFixture,
  SECOND_PARAGRAPH,
  THIRD_PARAGRAPH,
} from './read-fixture';

describe('importPdf', () => {
  it('joins lines into paragraphs, page by page, with title and author from /Info', async () => {
    const doc = await importPdf(readFixture('sample.pdf'));
    expect(doc).toMatchObject({
      title: "The Glassblower's Almanac",
      author: FIXTURE_AUTHOR,
      format: 'pdf',
    });
    expect(doc.text.split('\n\n')).toEqual([
      FIRST_PARAGRAPH,
      SECOND_PARAGRAPH,
      'Café Ardoise opened at six, and the first customer was always extraordinarily early.',
      THIRD_PARAGRAPH,
    ]);
  });

  it('reports a password-protected PDF as encrypted, telling the writer how to remove the password', async () => {
    await expect(importPdf(readFixture('sample-encrypted.pdf'))).rejects.toMatchObject({
      code: 'encrypted',
      message: expect.stringMatching(/password-protected.*Save as PDF/),
    });
  });

  it('the encrypted fixture really is encrypted: pdf.js opens it with its password', async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const task = pdfjs.getDocument({
      data: readFixture('sample-encrypted.pdf').bytes,
      password: 'recital',
      verbosity: 0,
    });
    const doc = await task.promise;
    const page = await doc.getPage(1);
    const text = (await page.getTextContent()).items
      .map((item) => ('str' in item ? item.str : ''))
      .join('');
    await task.destroy();
    expect(text).toContain('Every winter the furnace');
  });

  it.each([
    ['a truncated PDF', readFixture('corrupt.pdf'), 'corrupt'],
    ['bytes without a PDF header', readFixture('sample-utf8.txt', 'x.pdf'), 'corrupt'],
    ['an EPUB renamed .pdf', readFixture('sample.epub', 'x.pdf'), 'unsupported'],
  ])('refuses %s', async (_label, source, code) => {
    await expect(importPdf(source)).rejects.toMatchObject({ code });
  });
});

describe('cleanPdfTitle', () => {
  it.each([
    ['Microsoft Word - The Glass Ledger.docx', 'The Glass Ledger'],
    ['The Glass Ledger', 'The Glass Ledger'],
    ['Untitled-1', undefined],
    ['Document1', undefined],
    ['Documentary Notes', 'Documentary Notes'],
    ['  ', ''],
  ])('turns %j into %j', (title, expected) => {
    expect(cleanPdfTitle(title)).toBe(expected);
  });
});
