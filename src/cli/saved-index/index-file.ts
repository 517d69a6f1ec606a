// The saved index file: a small header naming the library's documents as they were read, then the
// core's lookup table as it is kept in memory. A scan learns what changed from the header alone,
// reads the table's document list and checkpoints at open, and its bucket starts and postings
// block by block as lookups need them (bucket-starts.ts, entry-blocks.ts), each part checked by
// its own CRC-32 when it is read.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  INDEX_FORMAT_VERSION,
  TABLE_FORMAT_VERSION,
  tableHeadBytes,
  type EntryLoader,
  type StartsLoader,
} from '../../core/index';
import { BucketStarts } from './bucket-starts';
import {
  BLOCK_BYTES,
  blockChecksums,
  EntryBlocks,
  readInto,
  type BlockSource,
} from './entry-blocks';

/** Version of this file's layout (the prefix and the header's fields). */
const SAVED_INDEX_VERSION = 3;

/**
 * Version of the library readers' output (src/library/import). Bump it when a reader gives other
 * text for the same file: saved text lengths and checkpoints would no longer fit.
 */
export const READERS_VERSION = 1;

/** One library document as it was read when the index was saved. */
export interface SavedDocument {
  /** The document's name in results: its path relative to its --library argument. */
  name: string;
  /** The file's size in bytes and modification time in ms, when it was read. */
  size: number;
  mtimeMs: number;
  /** SHA-256 of the file's bytes, hex: tells a touched file from a changed one. */
  sha256: string;
  /** Length of the text the reader gave, in UTF-16 code units. */
  textLength: number;
  title: string;
  author: string | null;
  /** The reader that read it: the file's extension (txt, md, html, epub, pdf, docx, ...). */
  reader: string;
}

/** What the header says: the documents in library order, and what they were read with. */
export interface SavedHeader {
  created: string;
  readers: number;
  libraries: string[];
  documents: SavedDocument[];
}

/** A saved index that cannot be used; the message names the file and what to do. */
export class SavedIndexError extends Error {}

const MAGIC = 'Recital\n';
/*
 * Layout (version 3): 8 bytes "Recital\n", then little-endian u32 saved-index version, index
 * format version, table format version, header bytes, CRC-32 of the header, bytes per block; f64
 * table bytes, f64 table bytes before its bucket starts, f64 table bytes before its postings; u32
 * CRC-32 of the bucket starts' block checksums, of the postings' block checksums, of the table
 * before its bucket starts, then the CRC-32 of these first 68 bytes. Then the header as UTF-8 JSON
 * padded with spaces to 8 bytes; the CRC-32 of each block of bucket starts (u32), padded to 8
 * bytes; the same for the postings; the table (PassageIndex.exportTable('base')). What a scan
 * decides before matching comes first, so it reads the document list and checkpoints at open and
 * the bucket starts and postings on demand.
 */
const PREFIX_BYTES = 72;

const pad8 = (n: number): number => (n + 7) & ~7;

const rebuild = (file: string): string =>
  `; make it again with recital index --library PATH --out ${file}`;

/**
 * Writes the index to `file` atomically (a temporary file beside it, then a rename), so a run that
 * fails half-way leaves any earlier index as it was. `table` is the base table's parts (none for an
 * empty library). Throws SavedIndexError naming the file when it cannot be written.
 */
export function writeIndexFile(
  file: string,
  header: SavedHeader,
  table: readonly Uint8Array[],
): void {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const padded = Buffer.alloc(pad8(json.length), 0x20);
  json.copy(padded);
  const tableBytes = table.reduce((n, part) => n + part.byteLength, 0);
  const { startsAt, headBytes } = table[0]
    ? tableHeadBytes(table[0])
    : { startsAt: 0, headBytes: 0 };
  const [before = 0] = blockChecksums(table, 0, startsAt, Math.max(1, startsAt));
  const startSums = blockChecksums(table, startsAt, headBytes, BLOCK_BYTES);
  const blockSums = blockChecksums(table, headBytes, tableBytes, BLOCK_BYTES);
  const prefix = Buffer.alloc(PREFIX_BYTES);
  prefix.write(MAGIC, 0, 'latin1');
  const words = [SAVED_INDEX_VERSION, INDEX_FORMAT_VERSION, TABLE_FORMAT_VERSION, json.length];
  words.forEach((v, i) => prefix.writeUInt32LE(v, 8 + 4 * i));
  prefix.writeUInt32LE(zlib.crc32(json), 24);
  prefix.writeUInt32LE(BLOCK_BYTES, 28);
  [tableBytes, startsAt, headBytes].forEach((v, i) => prefix.writeDoubleLE(v, 32 + 8 * i));
  prefix.writeUInt32LE(zlib.crc32(bytesOf(startSums)), 56);
  prefix.writeUInt32LE(zlib.crc32(bytesOf(blockSums)), 60);
  prefix.writeUInt32LE(before, 64);
  prefix.writeUInt32LE(zlib.crc32(prefix.subarray(0, 68)), 68);
  if (!isIndexOrAbsent(file))
    throw new SavedIndexError(`${file}: exists and is not a Recital index; not overwritten`);
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const fd = fs.openSync(temporary, 'w');
    try {
      for (const part of [prefix, padded, padded8(startSums), padded8(blockSums), ...table])
        writeAll(fd, part);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new SavedIndexError(`${file}: cannot be written (${code})`);
  }
}

const bytesOf = (sums: Uint32Array): Uint8Array => new Uint8Array(sums.buffer);

function padded8(sums: Uint32Array): Uint8Array {
  const bytes = new Uint8Array(pad8(sums.byteLength));
  bytes.set(bytesOf(sums));
  return bytes;
}

// An index is written over an older index only, never over a text someone pointed --out at.
function isIndexOrAbsent(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return true;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory() || stat.size === 0) return true;
    return readAt(fd, 0, 8).toString('latin1') === MAGIC;
  } catch {
    return true;
  } finally {
    fs.closeSync(fd);
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.byteLength;) at += fs.writeSync(fd, bytes, at, bytes.byteLength - at);
}

/** A saved table ready to load: its head in a buffer of its own, the rest on disk. */
interface StoredTable {
  /** The table's bytes before its bucket starts, for PassageIndex.fromTable. */
  head: ArrayBuffer;
  loader: EntryLoader;
  startsLoader: StartsLoader;
}

/** An open saved index: its header, read and checked, and its table, read on demand. */
export interface IndexFile {
  header: SavedHeader;
  /** Bytes of the table, the file's last bytes. */
  tableBytes: number;
  /**
   * Reads and checks the table's head (document list, checkpoints) and the block checksums of its
   * bucket starts and postings; undefined for an empty library. The file stays open for the
   * loaders until `close`. Throws SavedIndexError when they are damaged.
   */
  openTable(): StoredTable | undefined;
  close(): void;
}

/**
 * Opens a saved index and reads its prefix and header; the table is left on disk until asked for.
 * Throws SavedIndexError when the file is missing, unreadable, of another version, truncated or
 * damaged, with a message that says how to make it again.
 */
export function openIndexFile(file: string): IndexFile {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new SavedIndexError(
        `${file}: no such index; make it with recital index --library PATH --out ${file}`,
      );
    throw new SavedIndexError(`${file}: cannot be read (${code})`);
  }
  try {
    return readOpened(fd, file);
  } catch (error) {
    fs.closeSync(fd);
    if (error instanceof SavedIndexError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new SavedIndexError(`${file}: cannot be read (${code})`);
  }
}

function readOpened(fd: number, file: string): IndexFile {
  const stat = fs.fstatSync(fd);
  if (!stat.isFile()) throw new SavedIndexError(`${file}: is not a regular file`);
  const prefix = readAt(fd, 0, Math.min(PREFIX_BYTES, stat.size));
  if (prefix.length < MAGIC.length || prefix.toString('latin1', 0, 8) !== MAGIC)
    throw new SavedIndexError(
      `${file}: is not a Recital index (recital index --library PATH --out FILE makes one)`,
    );
  if (prefix.length < 20) throw truncated(file);
  // Versions first: an older file's prefix is laid out (and checked) differently.
  const [version, indexFormat, tableFormat] = [8, 12, 16].map((at) => prefix.readUInt32LE(at));
  const expected = [SAVED_INDEX_VERSION, INDEX_FORMAT_VERSION, TABLE_FORMAT_VERSION];
  if (version !== expected[0] || indexFormat !== expected[1] || tableFormat !== expected[2])
    throw new SavedIndexError(
      `${file}: was saved by another version of recital (format ${version}.${indexFormat}.${tableFormat}, this one reads ${expected.join('.')})${rebuild(file)}`,
    );
  if (prefix.length < PREFIX_BYTES) throw truncated(file);
  const damaged = (detail?: string): SavedIndexError =>
    new SavedIndexError(`${file}: is damaged${detail ? ` (${detail})` : ''}${rebuild(file)}`);
  if (zlib.crc32(prefix.subarray(0, 68)) !== prefix.readUInt32LE(68)) throw damaged();
  const layout = layoutOf(prefix);
  if (!layout) throw damaged();
  if (stat.size < layout.end) throw truncated(file);
  if (stat.size > layout.end) throw damaged('longer than it says');
  const json = readAt(fd, PREFIX_BYTES, layout.headerBytes);
  if (zlib.crc32(json) !== prefix.readUInt32LE(24)) throw damaged();
  const header = parseHeader(json.toString('utf8'));
  if (!header) throw damaged();
  if (header.readers !== READERS_VERSION)
    throw new SavedIndexError(
      `${file}: was saved by another version of recital (its file readers ${header.readers}, this one has ${READERS_VERSION})${rebuild(file)}`,
    );
  let open = true;
  const close = (): void => {
    if (open) fs.closeSync(fd);
    open = false;
  };
  const openTable = (): StoredTable | undefined => {
    if (layout.tableBytes === 0) return undefined;
    const readSums = (at: number, count: number, crcAt: number, what: string): Uint32Array => {
      const sums = new Uint32Array(count);
      readInto(fd, bytesOf(sums), at);
      if (zlib.crc32(bytesOf(sums)) !== prefix.readUInt32LE(crcAt)) throw damaged(what);
      return sums;
    };
    const startSums = readSums(layout.startSumsAt, layout.startBlocks, 56, 'its block checksums');
    const blockSums = readSums(layout.blockSumsAt, layout.blocks, 60, 'its block checksums');
    // A buffer of its own, starting at 0: the table's typed arrays are views at their offsets.
    const head = new Uint8Array(layout.startsAt);
    readInto(fd, head, layout.tableAt);
    if (zlib.crc32(head) !== prefix.readUInt32LE(64)) throw damaged('its table head');
    const { startsAt, headBytes, pairs } = tableHeadBytes(head);
    if (
      startsAt !== layout.startsAt ||
      headBytes !== layout.headBytes ||
      8 * pairs !== layout.tableBytes - headBytes
    )
      throw damaged('its table head');
    const { blockBytes } = layout;
    const part = (at: number, checksums: Uint32Array, what: string): BlockSource => {
      return { fd, at: layout.tableAt + at, blockBytes, checksums, what, damaged };
    };
    const buckets = (headBytes - startsAt) / 4 - 1;
    const startsLoader = new BucketStarts(
      part(startsAt, startSums, 'bucket starts'),
      buckets,
      pairs,
    );
    const loader = new EntryBlocks(part(headBytes, blockSums, 'postings'), pairs);
    return { head: head.buffer, loader, startsLoader };
  };
  return { header, tableBytes: layout.tableBytes, openTable, close };
}

/** Where each part of the file is, from a prefix whose CRC checked; undefined when impossible. */
function layoutOf(prefix: Buffer) {
  const headerBytes = prefix.readUInt32LE(20);
  const blockBytes = prefix.readUInt32LE(28);
  const [tableBytes, startsAt, headBytes] = [32, 40, 48].map((at) => prefix.readDoubleLE(at)) as [
    number,
    number,
    number,
  ];
  if (
    ![tableBytes, startsAt, headBytes].every(Number.isSafeInteger) ||
    startsAt < 0 ||
    startsAt > headBytes ||
    (headBytes - startsAt) % 4 !== 0 ||
    headBytes > tableBytes ||
    (tableBytes - headBytes) % 8 !== 0 ||
    blockBytes < 8 ||
    (blockBytes & (blockBytes - 1)) !== 0
  )
    return undefined;
  const startBlocks = Math.ceil((headBytes - startsAt) / blockBytes);
  const blocks = Math.ceil((tableBytes - headBytes) / blockBytes);
  const startSumsAt = PREFIX_BYTES + pad8(headerBytes);
  const blockSumsAt = startSumsAt + pad8(4 * startBlocks);
  const tableAt = blockSumsAt + pad8(4 * blocks);
  return {
    ...{ headerBytes, blockBytes, tableBytes, startsAt, headBytes, startBlocks, blocks },
    ...{ startSumsAt, blockSumsAt, tableAt, end: tableAt + tableBytes },
  };
}

function truncated(file: string): SavedIndexError {
  return new SavedIndexError(`${file}: is truncated${rebuild(file)}`);
}

function readAt(fd: number, at: number, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  return bytes.subarray(0, readInto(fd, bytes, at));
}

function parseHeader(json: string): SavedHeader | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const h = value as Partial<Record<keyof SavedHeader, unknown>>;
  if (
    typeof h.created !== 'string' ||
    typeof h.readers !== 'number' ||
    !Array.isArray(h.libraries) ||
    !h.libraries.every((l) => typeof l === 'string') ||
    !Array.isArray(h.documents) ||
    !h.documents.every(isSavedDocument)
  )
    return undefined;
  return h as SavedHeader;
}

function isSavedDocument(d: unknown): d is SavedDocument {
  if (typeof d !== 'object' || d === null) return false;
  const x = d as Record<string, unknown>;
  const count = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  return (
    typeof x.name === 'string' &&
    count(x.size) &&
    typeof x.mtimeMs === 'number' &&
    typeof x.sha256 === 'string' &&
    count(x.textLength) &&
    typeof x.title === 'string' &&
    (x.author === null || typeof x.author === 'string') &&
    typeof x.reader === 'string'
  );
}
