// Hostile files for every reader: 1 MB of pathological text comes to a clear outcome, and zip
// bombs are refused with the size they unpack to.
import { describe, expect, it } from 'vitest';
import { importDocx } from '../../src/library/import/docx';
import { importEpub } from '../../src/library/import/epub';
import { ImportError } from '../../src/library/import/types';
import { bombEntries, docxFrame, epubFrame, type RawEntry, rawZip } from './make-packages';
import { READERS, type Read } from './pathological-inputs';

const KB = 1024;
const MB = 1024 * KB;

/** What reading gave: the text's length, or the ImportError code it was refused with. */
async function outcome(read: Read, bytes: Uint8Array): Promise<string> {
  try {
    const doc = (await read({ name: 'x', bytes })) as { text: string };
    return `read ${doc.text.length} characters`;
  } catch (error) {
    if (error instanceof ImportError) return `refused: ${error.code}`;
    throw error;
  }
}

// Each 1 MB input must come to a clear outcome, a document or an ImportError, never another
// error. The time limit is a hang guard, not a speed goal: a quadratic reader needs minutes
// here (the '# a' line took 79-95 s at 250 KB). Speed is `npm run bench -- --only readers`.
describe.each(READERS)('the %s reader comes to a clear outcome', (_reader, read, cases) => {
  it.each(cases)(
    'on 1 MB of %s',
    async (_case, make) => {
      const bytes = make(MB);
      const result = await outcome(read, bytes);
      expect(result).toMatch(/^(read \d+ characters|refused: [a-z-]+)$/);
      // Never more text than the input holds, packed or not (its markup is 1 MB or a bit more).
      if (result.startsWith('read'))
        expect(Number(/\d+/.exec(result)?.[0])).toBeLessThanOrEqual(Math.max(bytes.length, 2 * MB));
    },
    30_000,
  );
});

const GB = 1024 * MB;

// Any reader's throw or rejection becomes a rejection.
const readLater = async (read: Read, bytes: Uint8Array): Promise<unknown> =>
  read({ name: 'bomb', bytes });

const chapters = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `OEBPS/c${i}.xhtml`);

describe.each([
  ['epub', importEpub, (parts: RawEntry[]) => rawZip([...epubFrame(8), ...parts]), chapters(8)],
  [
    'docx',
    importDocx,
    (parts: RawEntry[]) => rawZip([...docxFrame(), ...parts]),
    ['word/document.xml'],
  ],
] as const)('the %s reader refuses a zip bomb', (_reader, read, pack, names) => {
  it('that declares 1 GB parts, before inflating anything', async () => {
    // Data that is not a deflate stream at all: had the reader inflated it first, the error
    // would say the file is damaged, not how much it unpacks to.
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => 0xff - (i % 7));
    const parts = names.map((name) => ({
      name,
      data: garbage,
      method: 8 as const,
      declaredSize: GB,
    }));
    await expect(readLater(read, pack(parts))).rejects.toMatchObject({
      code: 'too-large',
      message: expect.stringMatching(/unpacks to more than 256 MB/),
    });
  });

  it('that declares small parts but inflates past the limit, stopping there', async () => {
    const bytes = pack(bombEntries(names.slice(0, 1), 300 * MB, 1000));
    expect(bytes.length).toBeLessThan(3 * MB);
    await expect(readLater(read, bytes)).rejects.toMatchObject({
      code: 'too-large',
      message: expect.stringMatching(/unpacks to more than 256 MB/),
    });
  }, 60_000);

  it('whose parts together pass 512 MB, each under 256 MB', async () => {
    const parts =
      names.length > 1 ? names.slice(0, 3) : [...names, 'word/media/a.bin', 'word/media/b.bin'];
    const bytes = pack(bombEntries(parts, 200 * MB, 1000));
    await expect(readLater(read, bytes)).rejects.toMatchObject({
      message: expect.stringMatching(/unpacks to more than 512 MB/),
    });
  }, 60_000);
});
