// A saved table's bucket starts (4 bytes for each of millions of buckets) read section by section
// as lookups need them, so opening an index reads none of them.
import type { StartsLoader } from '../../core/index';
import { CheckedBlocks, type BlockSource } from './entry-blocks';

/**
 * The bucket starts of a saved table of `pairs` postings, read through checked blocks. Beyond its
 * CRC-32, a block is checked to be what the core's table relies on: its starts in order, none above
 * `pairs`, the first 0 and the last `pairs`, and in order with each neighbouring block already
 * read (a lookup reads starts `b` and `b + 1`, so every pair it uses was checked by the later of
 * their two blocks).
 */
export class BucketStarts implements StartsLoader {
  readonly starts: Uint32Array;
  private readonly blocks: CheckedBlocks;
  private readonly wordsPerBlock: number;

  constructor(source: BlockSource, buckets: number, pairs: number) {
    this.starts = new Uint32Array(buckets + 1);
    this.wordsPerBlock = source.blockBytes / 4;
    const bytes = new Uint8Array(this.starts.buffer);
    this.blocks = new CheckedBlocks(source, bytes, (block) => this.outOfOrder(block, pairs));
  }

  loadStarts(from: number, to: number): void {
    this.blocks.loadBytes(4 * from, 4 * to);
  }

  private outOfOrder(block: number, pairs: number): string | undefined {
    const { starts, wordsPerBlock } = this;
    const first = block * wordsPerBlock;
    const end = Math.min(starts.length, first + wordsPerBlock);
    const why = `bucket starts block ${block} is out of order`;
    if (first === 0 && starts[0] !== 0) return why;
    if (end === starts.length && starts[end - 1] !== pairs) return why;
    for (let i = first; i < end; i++) if ((starts[i] as number) > pairs) return why;
    for (let i = first + 1; i < end; i++)
      if ((starts[i - 1] as number) > (starts[i] as number)) return why;
    if (block > 0 && this.blocks.has(block - 1) && (starts[first - 1] as number) > starts[first]!)
      return why;
    if (this.blocks.has(block + 1) && (starts[end - 1] as number) > (starts[end] as number))
      return why;
    return undefined;
  }
}
