// The saved index file alone: what is written is read back, header first and table on demand, and
// a failed write leaves nothing behind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PassageIndex } from '../../../src/core/index';
import {
  openIndexFile,
  READERS_VERSION,
  SavedIndexError,
  writeIndexFile,
  type SavedHeader,
} from '../../../src/cli/saved-index/index-file';
import { LANTERN_BOOK, ORCHARD_BOOK } from '../core/fixtures';

let dir = '';
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-index-file-'));
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const document = (name: string, text: string, author: string | null) => ({
  name,
  size: text.length,
  mtimeMs: 1733300000123.456,
  sha256: 'ab'.repeat(32),
  textLength: text.length,
  title: `Title of ${name} “quoted”`,
  author,
  reader: 'txt',
});

function header(documents: SavedHeader['documents']): SavedHeader {
  return {
    created: '2026-12-04T08:00:00.000Z',
    readers: READERS_VERSION,
    libraries: [dir],
    documents,
  };
}

describe('the saved index file', () => {
  it('reads back the header as written and a table that finds what the index found', () => {
    const index = new PassageIndex();
    index.addDocument('lantern.txt', LANTERN_BOOK);
    index.addDocument('orchard.md', ORCHARD_BOOK);
    const written = header([
      document('lantern.txt', LANTERN_BOOK, 'Orla Finch'),
      document('orchard.md', ORCHARD_BOOK, null),
    ]);
    const file = path.join(dir, 'two.idx');
    writeIndexFile(file, written, index.exportTable('base') ?? []);
    expect(fs.readdirSync(dir)).toEqual(['two.idx']);
    const opened = openIndexFile(file);
    expect(opened.header).toEqual(written);
    const loaded = PassageIndex.fromTable(opened.readTable());
    expect(loaded.documents()).toEqual(index.documents());
  });

  it('writes an empty library with no table, and reads it back', () => {
    const file = path.join(dir, 'empty.idx');
    writeIndexFile(file, header([]), []);
    const opened = openIndexFile(file);
    expect(opened.header.documents).toEqual([]);
    expect(opened.readTable().byteLength).toBe(0);
  });

  it('replaces an older index, and leaves no temporary file when the folder is missing', () => {
    const file = path.join(dir, 'again.idx');
    writeIndexFile(file, header([]), []);
    writeIndexFile(file, header([document('a.txt', 'a', null)]), []);
    expect(openIndexFile(file).header.documents.map((d) => d.name)).toEqual(['a.txt']);
    const nowhere = path.join(dir, 'no-such-folder', 'x.idx');
    expect(() => writeIndexFile(nowhere, header([]), [])).toThrow(SavedIndexError);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a document without a name', { name: undefined }],
    ['a negative size', { size: -1 }],
    ['a fractional text length', { textLength: 1.5 }],
    ['an author that is a number', { author: 7 }],
  ])('refuses a header with %s as damaged', (_, change) => {
    const file = path.join(dir, 'bad-header.idx');
    const bad = { ...document('a.txt', 'a', null), ...change } as SavedHeader['documents'][number];
    writeIndexFile(file, header([bad]), []);
    expect(() => openIndexFile(file)).toThrow(/is damaged; make it again with recital index/);
  });

  it('refuses an index whose readers were another version', () => {
    const file = path.join(dir, 'old-readers.idx');
    writeIndexFile(file, { ...header([]), readers: READERS_VERSION + 1 }, []);
    expect(() => openIndexFile(file)).toThrow(/its file readers/);
  });
});
