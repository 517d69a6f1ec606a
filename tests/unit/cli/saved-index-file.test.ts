// The saved index file alone: what is written is read back, header first and table on demand (its
// bucket starts and postings block by block, each checked when first read), and a failed write
// leaves nothing behind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSpans, PassageIndex } from '../../../src/core/index';
import {
  openIndexFile,
  READERS_VERSION,
  SavedIndexError,
  writeIndexFile,
  type SavedHeader,
} from '../../../src/cli/saved-index/index-file';
import { inventWords, LANTERN_BOOK, ORCHARD_BOOK, seededRandom } from '../core/fixtures';

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
    const table = opened.openTable();
    if (!table) throw new Error('no table');
    const loaded = PassageIndex.fromTable(table.head, {}, table.loader, table.startsLoader);
    expect(loaded.documents()).toEqual(index.documents());
    opened.close();
  });

  it('writes an empty library with no table, and reads it back', () => {
    const file = path.join(dir, 'empty.idx');
    writeIndexFile(file, header([]), []);
    const opened = openIndexFile(file);
    expect(opened.header.documents).toEqual([]);
    expect(opened.openTable()).toBeUndefined();
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

describe('the postings, read on demand', () => {
  // Enough postings for many 4 kB blocks: 40 documents of 3,000 invented words each.
  const texts: Record<string, string> = {};
  for (let d = 0; d < 40; d++) texts[`doc-${d}.txt`] = inventWords(3000, 100 + d).join(' ');
  const getText = (id: string): string | undefined => texts[id];
  const random = seededRandom(3);
  // Replies quoting 60 words of a document amid invented words, and one that quotes nothing.
  const replies = Array.from({ length: 12 }, (_, i) => {
    const words = (texts[`doc-${(i * 7) % 40}.txt`] as string).split(' ');
    const at = Math.floor(random() * (words.length - 60));
    const quote = words.slice(at, at + 60).join(' ');
    return `${inventWords(30, 900 + i).join(' ')} ${quote} ${inventWords(30, 950 + i).join(' ')}`;
  });
  replies.push(inventWords(200, 999).join(' '));
  let file = '';
  let built: PassageIndex;
  beforeAll(() => {
    built = new PassageIndex();
    for (const [id, text] of Object.entries(texts)) built.addDocument(id, text);
    file = path.join(dir, 'many-blocks.idx');
    const documents = Object.entries(texts).map(([id, text]) => document(id, text, null));
    writeIndexFile(file, header(documents), built.exportTable('base') ?? []);
  });

  /** The index loaded lazily from `bytes` (written to a file of its own), and the open file. */
  function openLazily(bytes: Buffer, name: string) {
    const copy = path.join(dir, name);
    fs.writeFileSync(copy, bytes);
    const opened = openIndexFile(copy);
    const table = opened.openTable();
    if (!table) throw new Error('no table');
    const index = PassageIndex.fromTable(table.head, {}, table.loader, table.startsLoader);
    return { opened, table, index };
  }

  it('finds exactly what the built index and the whole table read at once find', () => {
    const bytes = fs.readFileSync(file);
    const { opened, index: lazy } = openLazily(bytes, 'lazy.idx');
    // The old way: the whole table in one buffer, checked by the core's own checksum.
    const whole = bytes.subarray(bytes.length - opened.tableBytes);
    const eager = PassageIndex.fromTable(new Uint8Array(whole).buffer);
    for (const reply of replies) {
      const expected = findSpans(built, reply, getText);
      expect(JSON.stringify(findSpans(lazy, reply, getText))).toBe(JSON.stringify(expected));
      expect(JSON.stringify(findSpans(eager, reply, getText))).toBe(JSON.stringify(expected));
    }
    expect(replies.slice(0, -1).every((r) => findSpans(lazy, r, getText).spans.length > 0)).toBe(
      true,
    );
    opened.close();
  });

  it('reads no bucket starts or postings at open, then only the blocks lookups need', () => {
    const { opened } = openLazily(fs.readFileSync(file), 'partial.idx');
    const table = opened.openTable();
    if (!table) throw new Error('no table');
    const read = new Set<number>();
    const startsRead = new Set<number>();
    const { loader, startsLoader } = table;
    const lazy = PassageIndex.fromTable(
      table.head,
      {},
      {
        entries: loader.entries,
        load(from, to) {
          for (let b = from >>> 9; b <= (to - 1) >>> 9; b++) read.add(b);
          loader.load(from, to);
        },
      },
      {
        starts: startsLoader.starts,
        loadStarts(from, to) {
          for (let b = from >>> 10; b <= (to - 1) >>> 10; b++) startsRead.add(b);
          startsLoader.loadStarts(from, to);
        },
      },
    );
    expect(lazy.size).toBe(40);
    expect([read.size, startsRead.size]).toEqual([0, 0]);
    // 20 words: 15 shingles, so at most 15 buckets, each in one block or across two.
    const quote = (texts['doc-3.txt'] as string).split(' ').slice(100, 120).join(' ');
    expect(findSpans(lazy, quote, getText).spans).toHaveLength(1);
    const blocks = Math.ceil(loader.entries.length / 1024);
    expect(blocks).toBeGreaterThan(30);
    expect(read.size).toBeGreaterThan(0);
    expect(read.size).toBeLessThanOrEqual(Math.min(30, blocks - 1));
    const startBlocks = Math.ceil(startsLoader.starts.length / 1024);
    expect(startsRead.size).toBeGreaterThan(0);
    expect(startsRead.size).toBeLessThan(startBlocks);
    opened.close();
  });

  it('refuses a damaged block when a lookup first needs it, and goes on refusing it', () => {
    const bytes = Buffer.from(fs.readFileSync(file));
    // Flip a byte of every postings block: the first lookup that reads any block fails.
    const { opened: clean } = openLazily(bytes, 'clean.idx');
    const postingsAt = bytes.length - 8 * ((clean.openTable()?.loader.entries.length ?? 0) / 2);
    clean.close();
    for (let at = postingsAt + 3; at < bytes.length; at += 4096) bytes[at]! ^= 0x10;
    const { opened, index } = openLazily(bytes, 'bad-block.idx');
    const message =
      /bad-block\.idx: is damaged \(postings block \d+ of \d+ fails its check\); make it again with recital index/;
    expect(() => findSpans(index, replies[0] as string, getText)).toThrow(SavedIndexError);
    expect(() => findSpans(index, replies[0] as string, getText)).toThrow(message);
    opened.close();
  });

  it('refuses a damaged block of bucket starts when a lookup first needs it, not at open', () => {
    const bytes = Buffer.from(fs.readFileSync(file));
    // Flip a byte of every block of bucket starts: opening reads none, the first lookup fails.
    const at = startsAt(bytes);
    for (let b = 0; b < startBlocks(bytes); b++) bytes[at + 4096 * b + 5]! ^= 0x10;
    const { opened, index } = openLazily(bytes, 'bad-starts.idx');
    expect(index.size).toBe(40);
    const message =
      /bad-starts\.idx: is damaged \(bucket starts block \d+ of \d+ fails its check\); make it again with recital index/;
    expect(() => findSpans(index, replies[0] as string, getText)).toThrow(message);
    expect(() => findSpans(index, replies[0] as string, getText)).toThrow(message);
    opened.close();
  });

  it.each<[string, number, number[]]>([
    ['a start above the postings', 7, [0]],
    ['a start below the one before, in one block', 700, [0]],
    // The last start of block 0 above the first of block 1: each block alone is in order.
    ['a start above the next block, block 0 read first', 1023, [0, 1]],
    ['a start above the next block, block 1 read first', 1023, [1, 0]],
  ])('refuses bucket starts out of order whose checksums match: %s', (_, word, order) => {
    const bytes = Buffer.from(fs.readFileSync(file));
    const at = startsAt(bytes) + 4 * word;
    const next = bytes.readUInt32LE(at + 4);
    bytes.writeUInt32LE(word === 7 ? 0xfffffff : word === 700 ? 0 : next + 1, at);
    if (word === 700) bytes.writeUInt32LE(next, at - 4);
    const { opened, table } = openLazily(withChecksums(bytes), 'disordered.idx');
    const load = (block: number): void =>
      table.startsLoader.loadStarts(1024 * block, 1024 * block + 1);
    const message = /disordered\.idx: is damaged \(bucket starts block \d is out of order\)/;
    if (order.length === 2) load(order[0] as number);
    expect(() => load(order.at(-1) as number)).toThrow(message);
    // Refused again: the block's bytes were not kept.
    expect(() => load(order.at(-1) as number)).toThrow(message);
    opened.close();
  });

  it.each<[string, (b: Buffer) => Buffer, RegExp]>([
    ['cut inside its postings', (b) => b.subarray(0, b.length - 100), /is truncated/],
    [
      'flipped in its table head',
      (b) => flipAt(b, tableAt(b) + 70),
      /is damaged \(its table head\)/,
    ],
    [
      'flipped in its block checksums',
      (b) => flipAt(b, startSumsAt(b) + 1),
      /is damaged \(its block checksums\)/,
    ],
    ['saved by version 1', (b) => withVersion(b, 1), /another version of recital \(format 1\./],
    ['saved by version 2', (b) => withVersion(b, 2), /another version of recital \(format 2\./],
  ])('refuses a file %s when it is opened', (name, damage, message) => {
    const bad = path.join(dir, `${name.replace(/\W+/g, '-')}.idx`);
    fs.writeFileSync(bad, damage(Buffer.from(fs.readFileSync(file))));
    let error: unknown;
    try {
      const reopened = openIndexFile(bad);
      try {
        reopened.openTable();
      } finally {
        reopened.close();
      }
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SavedIndexError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/make it again with recital index/);
  });
});

/** Where the table starts: the file's last bytes, as many as the prefix says. */
const tableAt = (bytes: Buffer): number => bytes.length - bytes.readDoubleLE(32);
/** Where the bucket starts' block checksums are: after the 72-byte prefix and the header. */
const startSumsAt = (bytes: Buffer): number => 72 + ((bytes.readUInt32LE(20) + 7) & ~7);

/** Where the table's bucket starts are in the file, and how many 4 kB blocks they fill. */
const startsAt = (bytes: Buffer): number => tableAt(bytes) + bytes.readDoubleLE(40);
const startBlocks = (bytes: Buffer): number =>
  Math.ceil((bytes.readDoubleLE(48) - bytes.readDoubleLE(40)) / 4096);

/** `bytes` with the checksums of its bucket starts made again: what a wrong writer would save. */
function withChecksums(bytes: Buffer): Buffer {
  const sums = startSumsAt(bytes);
  const blocks = startBlocks(bytes);
  const end = tableAt(bytes) + bytes.readDoubleLE(48);
  for (let b = 0; b < blocks; b++) {
    const from = startsAt(bytes) + 4096 * b;
    bytes.writeUInt32LE(zlib.crc32(bytes.subarray(from, Math.min(end, from + 4096))), sums + 4 * b);
  }
  bytes.writeUInt32LE(zlib.crc32(bytes.subarray(sums, sums + 4 * blocks)), 56);
  bytes.writeUInt32LE(zlib.crc32(bytes.subarray(0, 68)), 68);
  return bytes;
}

function flipAt(bytes: Buffer, at: number): Buffer {
  bytes[at]! ^= 0x40;
  return bytes;
}

function withVersion(bytes: Buffer, version: number): Buffer {
  bytes.writeUInt32LE(version, 8);
  return bytes;
}
