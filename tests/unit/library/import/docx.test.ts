import { describe, expect, it } from 'vitest';
import { importDocx } from '../../../../src/library/import/docx';
import {
  FIRST_PARAGRAPH,
  FIXTURE_AUTHOR,
  FIXTURE_TITLE,
  readFixture,
  SECOND_PARAGRAPH,
  THIRD_PARAGRAPH,
} from './read-fixture';

describe('importDocx', () => {
  it('reads paragraphs with mammoth and title and author from docProps/core.xml', async () => {
    const doc = await importDocx(readFixture('sample.docx'));
    expect(doc).toMatchObject({ title: FIXTURE_TITLE, author: FIXTURE_AUTHOR, format: 'docx' });
    expect(doc.text.split('\n\n')).toEqual([
      'Chapter One',
      FIRST_PARAGRAPH,
      SECOND_PARAGRAPH,
      THIRD_PARAGRAPH,
      '“Café glass,” Mirela said.',
    ]);
  });

  it('takes the title from the file name when core.xml is missing', async () => {
    const doc = await importDocx(readFixture('no-metadata.docx', 'glass_ledger-draft.docx'));
    expect(doc.title).toBe('glass ledger draft');
    expect(doc.author).toBeUndefined();
  });

  it.each([
    ['a PDF renamed .docx', 'pdf-renamed.docx', 'unsupported', /really a PDF/],
    ['plain text renamed .docx', 'text-renamed.docx', 'unsupported', /really plain text/],
    ['a picture renamed .docx', 'binary-renamed.txt', 'corrupt', /damaged/],
    ['a zip with no word/document.xml', 'zip-without-document.docx', 'corrupt', /damaged/],
  ])('refuses %s with a clear message', async (_label, file, code, message) => {
    await expect(importDocx(readFixture(file, 'manuscript.docx'))).rejects.toMatchObject({
      code,
      message: expect.stringMatching(message),
    });
  });

  it('explains a password-protected Word file (an OLE container, not a zip)', async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    await expect(importDocx({ name: 'locked.docx', bytes: ole })).rejects.toMatchObject({
      code: 'encrypted',
      message: expect.stringMatching(/password-protected/),
    });
  });
});
