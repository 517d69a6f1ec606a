import { describe, expect, it } from 'vitest';
import { importFile } from '../../../../src/library/import/index';
import { readFixture } from './read-fixture';

// Node has no DOMParser: a crash like this must still reach the user as an ImportError.
describe('importFile outside a page', () => {
  it('turns an unexpected failure into an ImportError that keeps the cause', async () => {
    const error: unknown = await importFile(readFixture('sample.html')).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'ImportError',
      code: 'corrupt',
      message: expect.stringMatching(/^Recital could not read this file\./),
    });
    expect((error as Error).cause).toBeInstanceOf(ReferenceError);
  });

  it('still reads plain text and PDF, which need no DOM', async () => {
    expect((await importFile(readFixture('sample-utf8.txt'))).format).toBe('txt');
    expect((await importFile(readFixture('sample.pdf'))).format).toBe('pdf');
  });
});
