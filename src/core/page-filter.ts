/**
 * The in-memory filter in front of the posting pages: a Bloom filter over the stored shingles
 * (lane A and the 8 bits of lane B a posting keeps), so a scan reads only the pages of shingles
 * that may be stored. About {@link FILTER_BITS_PER_POSTING} bits per posting.
 *
 * Each slice has two filters of the same size over the same postings, probed by independent
 * hashes (`variant` 0 and 1): a wake reads the first only; the second, read once the worker has
 * a moment, turns away all but about a tenth of the strangers the first lets through.
 */

/** Bits per posting: with 3 probes about 9% of the shingles not stored still pass. */
const FILTER_BITS_PER_POSTING = 5;
const PROBES = 3;

/** Which of a slice's two filters: their probes are independent of each other. */
export type FilterVariant = 0 | 1;

/**
 * The first probe of a shingle: a hash independent of the bits that pick its page. The second
 * filter's (variant 1) mixes the same bits with other constants, so its strangers differ.
 * Numbers, not a pair: nothing is allocated per probe.
 */
function probeStart(variant: FilterVariant, a: number, bLow: number): number {
  let h =
    variant === 0
      ? Math.imul(a ^ (bLow << 24) ^ (bLow << 8), 0x85ebca6b)
      : Math.imul(a ^ Math.imul(bLow + 1, 0x2545f491), 0x7feb352d);
  h ^= h >>> (variant === 0 ? 13 : 15);
  h = Math.imul(h, variant === 0 ? 0xc2b2ae35 : 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The step between a shingle's probes (odd, so the probes differ). */
function probeStep(variant: FilterVariant, a: number, bLow: number): number {
  if (variant === 0) {
    let g = Math.imul(a + bLow * 0x9e3779b1, 0x27d4eb2f);
    g ^= g >>> 15;
    return (g | 1) >>> 0;
  }
  let g = Math.imul((a ^ (a >>> 17)) + bLow * 0x61c88647, 0x1b873593);
  g ^= g >>> 13;
  g = Math.imul(g, 0xcc9e2d51);
  return (g | 1) >>> 0;
}

/** A Bloom filter of `2^bits` bits. */
export class PageFilter {
  readonly mask: number;

  constructor(
    /** The filter's bits, 32 per word; the length is a power of two. */
    readonly words: Uint32Array,
    readonly variant: FilterVariant = 0,
  ) {
    if (words.length === 0 || (words.length & (words.length - 1)) !== 0)
      throw new RangeError('a page filter has a power-of-two number of words');
    this.mask = words.length * 32 - 1;
  }

  /**
   * An empty filter with room for `postings` postings: the power of two nearest to
   * {@link FILTER_BITS_PER_POSTING} bits each (3.5 to 7), not the next one up, which made 1 GB's
   * filters 32 MB instead of 16 MB, all of it read at every wake.
   */
  static sized(postings: number, variant: FilterVariant = 0): PageFilter {
    let words = 2;
    while (words * 32 * Math.SQRT2 < postings * FILTER_BITS_PER_POSTING) words *= 2;
    return new PageFilter(new Uint32Array(words), variant);
  }

  /** Adds every posting of `entries` (triples `[laneA, packed, doc]`). */
  addEntries(entries: Uint32Array, count = entries.length / 3): void {
    for (let i = 0; i < count * 3; i += 3)
      this.add(entries[i] as number, (entries[i + 1] as number) & 0xff);
  }

  add(a: number, bLow: number): void {
    const h = probeStart(this.variant, a, bLow);
    const g = probeStep(this.variant, a, bLow);
    const { words, mask } = this;
    for (let i = 0; i < PROBES; i++) {
      const bit = (h + Math.imul(i, g)) & mask;
      words[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  /** False when the shingle is certainly not stored. */
  mayContain(a: number, bLow: number): boolean {
    const h = probeStart(this.variant, a, bLow);
    const g = probeStep(this.variant, a, bLow);
    const { words, mask } = this;
    for (let i = 0; i < PROBES; i++) {
      const bit = (h + Math.imul(i, g)) & mask;
      if (((words[bit >>> 5] as number) & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}
