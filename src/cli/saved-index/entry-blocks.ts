// A saved index's postings read block by block as lookups need them, each block checked against its
// CRC-32 when first read: a scan answers its first reply without reading the whole table.
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { EntryLoader } from '../../core/index';

/** Bytes of postings one CRC-32 covers: a page, so a lookup reads little beyond its bucket. */
export const BLOCK_BYTES = 4096;

/**
 * The CRC-32 of `parts` (byte arrays laid one after the other) from byte `from` to byte `to`, and
 * of each `blockBytes` from `to` to their end (the last block may be shorter).
 */
export function rangeChecksums(
  parts: readonly Uint8Array[],
  from: number,
  to: number,
  blockBytes: number,
): { range: number; blocks: Uint32Array } {
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const blocks = new Uint32Array(Math.ceil((total - to) / blockBytes));
  let range = 0;
  let at = 0;
  for (const part of parts) {
    for (let i = Math.max(0, from - at); i < part.byteLength;) {
      const offset = at + i;
      if (offset < to) {
        const end = Math.min(part.byteLength, to - at);
        range = zlib.crc32(part.subarray(i, end), range);
        i = end;
        continue;
      }
      const b = Math.floor((offset - to) / blockBytes);
      const end = Math.min(part.byteLength, to + (b + 1) * blockBytes - at);
      blocks[b] = zlib.crc32(part.subarray(i, end), blocks[b]);
      i = end;
    }
    at += part.byteLength;
  }
  return { range, blocks };
}

/** Reads `bytes.length` bytes at `at` into `bytes`; returns how many there were (fewer at the end). */
export function readInto(fd: number, bytes: Uint8Array, at: number): number {
  let length = 0;
  while (length < bytes.length) {
    const n = fs.readSync(fd, bytes, length, bytes.length - length, at + length);
    if (n === 0) break;
    length += n;
  }
  return length;
}

/** Where the postings are in the file and what checks them. */
export interface BlockSource {
  fd: number;
  /** Byte of the file where the postings start. */
  at: number;
  /** Number of `[key, packed]` pairs. */
  pairs: number;
  /** A power of two, at least 8: bytes per block. */
  blockBytes: number;
  /** The CRC-32 of each block, in order. */
  checksums: Uint32Array;
  /** The error to throw for a block that is cut short or fails its check. */
  damaged(detail: string): Error;
}

/**
 * The postings of a saved table, read into one array (allocated whole, filled block by block, so
 * memory grows with what lookups touch) through positioned reads. A block is read and checked
 * once; one that fails throws and stays unread, so no lookup ever uses its bytes.
 */
export class EntryBlocks implements EntryLoader {
  readonly entries: Uint32Array;
  private readonly bytes: Uint8Array;
  private readonly isRead: Uint8Array;
  private readonly pairShift: number;

  constructor(private readonly source: BlockSource) {
    this.entries = new Uint32Array(2 * source.pairs);
    this.bytes = new Uint8Array(this.entries.buffer);
    this.isRead = new Uint8Array(source.checksums.length);
    this.pairShift = Math.log2(source.blockBytes / 8);
  }

  load(from: number, to: number): void {
    if (to <= from) return;
    const last = (to - 1) >>> this.pairShift;
    for (let b = from >>> this.pairShift; b <= last; b++) if (this.isRead[b] === 0) this.read(b);
  }

  private read(block: number): void {
    const { fd, at, blockBytes, checksums } = this.source;
    const start = block * blockBytes;
    const view = this.bytes.subarray(start, Math.min(this.bytes.length, start + blockBytes));
    let length: number;
    try {
      length = readInto(fd, view, at + start);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw this.source.damaged(`postings block ${block} cannot be read: ${code}`);
    }
    if (length !== view.length) throw this.source.damaged(`cut short at postings block ${block}`);
    if (zlib.crc32(view) !== checksums[block]) {
      view.fill(0);
      throw this.source.damaged(`postings block ${block} of ${checksums.length} fails its check`);
    }
    this.isRead[block] = 1;
  }
}
