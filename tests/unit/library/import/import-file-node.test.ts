import { describe, expect, it, vi } from 'vitest';
import { importFile } from '../../../../src/library/import/index';
import type * as HtmlReader from '../../../../src/library/import/html';
import { FIXTURE_AUTHOR, FIXTURE_TITLE, readFixture } from './read-fixture';

// A reader that crashes on one file name, to see the crash reach the user as a sentence.
vi.mock('../../../../src/library/import/html', async (importOriginal) => {
  const original = await importOriginal<typeof HtmlReader>();
  return {
    ...original,
    importHtml: (source: { name: string }) => {
      if (source.name === 'crash.html') throw new TypeError('a reader bug');
      return original.importHtml(source as Parameters<typeof original.importHtml>[0]);
    },
  };
});

// Node has no DOMParser: the CLI reads every format with these very readers, so they need none.
describe('importFile outside a page', () => {
  it.each([
    ['sample-utf8.txt', 'txt'],
    ['sample.md', 'md'],
    ['sample.html', 'html'],
    ['sample.epub', 'epub'],
    ['sample.docx', 'docx'],
    ['sample.pdf', 'pdf'],
  ])('reads %s with its metadata', async (name, format) => {
    const doc = await importFile(readFixture(name));
    expect(doc.format).toBe(format);
    if (format !== 'txt') expect(doc.author).toBe(FIXTURE_AUTHOR);
    if (format === 'html' || format === 'epub') expect(doc.title).toBe(FIXTURE_TITLE);
  });

  it('turns an unexpected failure into an ImportError that keeps the cause', async () => {
    const crash = { ...readFixture('sample.html'), name: 'crash.html' };
    const error: unknown = await importFile(crash).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'ImportError',
      code: 'corrupt',
      message: expect.stringMatching(/^Recital could not read this file\./),
    });
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });
});
