import { describe, expect, it } from 'vitest';
import { importEpub } from '../../../../src/library/import/epub';
import {
  FIRST_PARAGRAPH,
  FIXTURE_AUTHOR,
  FIXTURE_TITLE,
  readFixture,
  THIRD_PARAGRAPH,
} from './read-fixture';

describe('importEpub', () => {
  it('reads the chapters in spine order, not manifest order, with OPF title and author', async () => {
    const doc = await importEpub(readFixture('sample.epub'));
    expect(doc).toMatchObject({ title: FIXTURE_TITLE, author: FIXTURE_AUTHOR, format: 'epub' });
    const paragraphs = doc.text.split('\n\n');
    expect(paragraphs[0]).toBe('Chapter One');
    expect(paragraphs[1]).toBe(FIRST_PARAGRAPH);
    expect(paragraphs.indexOf(THIRD_PARAGRAPH)).toBeLessThan(paragraphs.indexOf('Chapter Two'));
    expect(paragraphs.at(-1)).toBe(
      'Nobody on Quillon Street could say who first called the loft the aviary, but the name outlived the glassworks.',
    );
  });

  it('accepts font obfuscation, which is not DRM', async () => {
    expect((await importEpub(readFixture('font-obfuscated.epub'))).text).toContain(FIRST_PARAGRAPH);
  });

  it.each([
    ['a file that is not a zip', 'not-a-zip.epub', 'corrupt', /damaged or is not really an EPUB/],
    [
      'a zip without its OPF package file',
      'no-opf.epub',
      'corrupt',
      /missing the file that lists its chapters/,
    ],
    ['an e-book with DRM-encrypted chapters', 'drm.epub', 'encrypted', /DRM/],
    ['a PDF renamed .epub', 'sample.pdf', 'unsupported', /really a PDF/],
  ])('refuses %s with a clear message', async (_label, file, code, message) => {
    await expect(importEpub(readFixture(file, 'book.epub'))).rejects.toMatchObject({
      code,
      message: expect.stringMatching(message),
    });
  });
});
