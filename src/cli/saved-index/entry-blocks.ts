// A saved index's bucket starts and postings read block by block as lookups need them, each block
// checked against its CRC-32 when first read: a scan answers its first reply without reading the
// whole table.
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { EntryLoader } from '../../core/index';

/** Bytes one CRC-32 covers: a page, so a lookup reads little beyond what it needs. */
export const BLOCK_BYTES = 4096;

/**
 * The CRC-32 of each `blockBytes` of `parts` (byte arrays laid one after the other) from byte
 * `from` to byte `to` (the last block may be shorter; none when `to <= from`).
 */
export function blockChecksums(
  parts: readonly Uint8Array[],
  from: number,
  to: number,
  blockBytes: number,
): Uint32Array {
  const blocks = new Uint32Array(Math.max(0, Math.ceil((to - from) / blockBytes)));
  let at = 0;
  for (const part of parts) {
    for (let i = Math.max(0, from - at); i < part.byteLength && at + i < to;) {
      const b = Math.floor((at + i - from) / blockBytes);
      const end = Math.min(part.byteLength, to - at, from + (b + 1) * blockBytes - at);
      blocks[b] = zlib.crc32(part.subarray(i, end), blocks[b]);
      i = end;
    }
    at += part.byteLength;
  }
  return blocks;
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

/** Where a part of the file read block by block is, and what checks it. */
export interface BlockSource {
  fd: number;
  /** Byte of the file where the part starts. */
  at: number;
  /** A power of two, at least 8: bytes per block. */
  blockBytes: number;
  /** The CRC-32 of each block, in order. */
  checksums: Uint32Array;
  /** What the part is called in errors: "postings", "bucket starts". */
  what: string;
  /** The error to throw for a block that is cut short or fails its check. */
  damaged(detail: string): Error;
}

/**
 * A part of the file in one array (allocated whole, filled block by block, so memory grows with
 * what lookups touch) through positioned reads. A block is read and checked once; one that fails
 * is zeroed and throws, and stays unread, so no lookup ever uses its bytes.
 */
export class CheckedBlocks {
  private readonly isRead: Uint8Array;
  private readonly blockShift: number;

  constructor(
    private readonly source: BlockSource,
    /** The part's bytes, as long as the blocks cover. */
    readonly bytes: Uint8Array,
    /** Checks a block whose CRC-32 matched; a message says why it cannot be used. */
    private readonly check?: (block: number) => string | undefined,
  ) {
    this.isRead = new Uint8Array(source.checksums.length);
    this.blockShift = Math.log2(source.blockBytes);
  }

  /** Whether block `block` was read and checked. */
  has(block: number): boolean {
    return this.isRead[block] === 1;
  }

  /** Reads and checks the blocks holding bytes `from` to `to` (end exclusive) not read yet. */
  loadBytes(from: number, to: number): void {
    if (to <= from) return;
    const last = (to - 1) >>> this.blockShift;
    for (let b = from >>> this.blockShift; b <= last; b++) if (this.isRead[b] === 0) this.read(b);
  }

  private read(block: number): void {
    const { fd, at, blockBytes, checksums, what } = this.source;
    const start = block * blockBytes;
    const view = this.bytes.subarray(start, Math.min(this.bytes.length, start + blockBytes));
    let length: number;
    try {
      length = readInto(fd, view, at + start);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw this.source.damaged(`${what} block ${block} cannot be read: ${code}`);
    }
    if (length !== view.length) throw this.source.damaged(`cut short at ${what} block ${block}`);
    const why =
      zlib.crc32(view) !== checksums[block]
        ? `${what} block ${block} of ${checksums.length} fails its check`
        : this.check?.(block);
    if (why !== undefined) {
      view.fill(0);
      throw this.source.damaged(why);
    }
    this.isRead[block] = 1;
  }
}

/** The postings of a saved table, `[key, packed]` pairs read on demand through checked blocks. */
export class EntryBlocks implements EntryLoader {
  readonly entries: Uint32Array;
  private readonly blocks: CheckedBlocks;

  constructor(source: BlockSource, pairs: number) {
    this.entries = new Uint32Array(2 * pairs);
    this.blocks = new CheckedBlocks(source, new Uint8Array(this.entries.buffer));
  }

  load(from: number, to: number): void {
    this.blocks.loadBytes(8 * from, 8 * to);
  }
}
