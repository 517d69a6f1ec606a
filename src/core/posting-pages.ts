/**
 * Postings in pages: the library's lookup table cut into small pages by shingle hash, so a store
 * can keep each page as one record and a scan reads only the pages its shingles touch, behind a
 * {@link PageFilter} per slice. Pure: the store reads and writes the pages; this file says which
 * page a shingle is in, how a page is laid out, and probes the pages a caller has loaded.
 *
 * Geometry: a shingle's lane A picks its slice (the low {@link SLICE_BITS} bits, 64 slices) and
 * its page inside the slice (the next `pageBits` bits). A page is a Uint32Array of triples
 * `[laneA, (pos / stride) << 8 | laneB & 0xff, document number]`, in no particular order.
 */
import type { Seed } from './lookup-table';
import { PageFilter } from './page-filter';

/** log2 of the number of slices: each slice is one range of page records and one filter. */
const SLICE_BITS = 6;
export const SLICES = 1 << SLICE_BITS;
const SLICE_MASK = SLICES - 1;
/**
 * Postings a page holds at most on average when the geometry is chosen (6 KB): in Chromium a
 * page read costs about 0.1 ms plus 0.02 ms a KB, a page write about 0.2 ms, so fewer, larger
 * pages make imports faster and scans slower; the 1 GB figures in docs/benchmarks.md chose this.
 */
export const TARGET_PAGE_POSTINGS = 512;
/** At most 2^14 pages per slice (a million pages). */
const MAX_PAGE_BITS = 14;

/** The slice of a shingle with lane A `a`. */
const sliceOf = (a: number): number => a & SLICE_MASK;

/** The page, inside its slice, of a shingle with lane A `a`, for `pageBits`. */
export const pageInSlice = (a: number, pageBits: number): number =>
  (a >>> SLICE_BITS) & ((1 << pageBits) - 1);

/** A page's number over all slices: `slice + page * SLICES`. */
export const pageNumber = (a: number, pageBits: number): number =>
  (a & ((1 << (SLICE_BITS + pageBits)) - 1)) >>> 0;

/** The page bits for `postings` postings: pages of about {@link TARGET_PAGE_POSTINGS}. */
export function choosePageBits(postings: number): number {
  let bits = 0;
  while (bits < MAX_PAGE_BITS && SLICES * (1 << bits) * TARGET_PAGE_POSTINGS < postings) bits++;
  return bits;
}

/**
 * The postings of one slice regrouped by page: `pages[p]` holds the triples of page `p` (only
 * pages with postings), and the slice's two filters built from all of them.
 */
export function groupSlice(
  entries: Uint32Array,
  pageBits: number,
): { pages: Map<number, Uint32Array>; filter: PageFilter; second: PageFilter } {
  // A counting sort into one array, then views per page: no allocation per posting.
  const pageCount = 1 << pageBits;
  const starts = new Uint32Array(pageCount + 1);
  for (let i = 0; i < entries.length; i += 3)
    starts[pageInSlice(entries[i] as number, pageBits) + 1]!++;
  for (let p = 0; p < pageCount; p++) starts[p + 1]! += starts[p] as number;
  const fill = starts.slice(0, pageCount);
  const sorted = new Uint32Array(entries.length);
  for (let i = 0; i < entries.length; i += 3) {
    const at = 3 * fill[pageInSlice(entries[i] as number, pageBits)]!++;
    sorted[at] = entries[i] as number;
    sorted[at + 1] = entries[i + 1] as number;
    sorted[at + 2] = entries[i + 2] as number;
  }
  const pages = new Map<number, Uint32Array>();
  for (let p = 0; p < pageCount; p++) {
    const from = starts[p] as number;
    const to = starts[p + 1] as number;
    if (to > from) pages.set(p, sorted.subarray(3 * from, 3 * to));
  }
  const filter = PageFilter.sized(entries.length / 3);
  filter.addEntries(entries);
  const second = PageFilter.sized(entries.length / 3, 1);
  second.addEntries(entries);
  return { pages, filter, second };
}

/**
 * Joins pages' triples into one array, leaving out those whose document `drop` says go (a
 * removed document, or one whose postings are about to be written again).
 */
export function joinPages(
  pages: readonly Uint32Array[],
  drop: (doc: number) => boolean,
  extra: Uint32Array = new Uint32Array(0),
): Uint32Array {
  let n = extra.length;
  for (const p of pages) n += p.length;
  const out = new Uint32Array(n);
  let at = 0;
  for (const p of pages) {
    for (let i = 0; i + 2 < p.length; i += 3) {
      if (drop(p[i + 2] as number)) continue;
      out[at] = p[i] as number;
      out[at + 1] = p[i + 1] as number;
      out[at + 2] = p[i + 2] as number;
      at += 3;
    }
  }
  out.set(extra, at);
  return out.subarray(0, at + extra.length);
}

/**
 * Spreads documents' postings (`[laneA, packed]` pairs, as {@link DocumentRecord} keeps them)
 * over the slices as triples with their document numbers.
 */
export function scatterPostings(
  docs: readonly { number: number; postings: Uint32Array }[],
): Uint32Array[] {
  const sizes = new Uint32Array(SLICES);
  for (const d of docs)
    for (let i = 0; i < d.postings.length; i += 2) sizes[sliceOf(d.postings[i] as number)]!++;
  const out = Array.from(sizes, (n) => new Uint32Array(n * 3));
  const fill = new Uint32Array(SLICES);
  for (const d of docs) {
    const p = d.postings;
    for (let i = 0; i < p.length; i += 2) {
      const a = p[i] as number;
      const s = sliceOf(a);
      const at = fill[s]!;
      const slice = out[s] as Uint32Array;
      slice[at] = a;
      slice[at + 1] = p[i + 1] as number;
      slice[at + 2] = d.number;
      fill[s] = at + 3;
    }
  }
  return out;
}

/** Appends the seeds of shingle `(a, bLow)` at reply word `replyWord` found in `page`. */
export function probePage(
  page: Uint32Array,
  a: number,
  bLow: number,
  replyWord: number,
  stride: number,
  isLive: (doc: number) => boolean,
  seeds: Seed[],
): void {
  for (let i = 0; i + 2 < page.length; i += 3) {
    if (page[i] !== a) continue;
    const packed = page[i + 1] as number;
    if ((packed & 0xff) !== bLow) continue;
    const doc = page[i + 2] as number;
    if (!isLive(doc)) continue;
    seeds.push({ doc, docWord: (packed >>> 8) * stride, replyWord });
  }
}

/** Pages a scan needed but had not loaded, and the first reply word that needed one. */
export interface PageMisses {
  pages: Set<number>;
  firstWord: number;
}

/**
 * The pages of a stored index as a scan sees them: the slices' filters (loaded at wake), their
 * second filters once added, and the pages loaded so far, kept up to a byte bound, least recently
 * loaded first out.
 */
export class PagedPostings {
  private readonly cache = new Map<number, Uint32Array>();
  private bytes = 0;
  private seconds: readonly (PageFilter | undefined)[] = [];

  constructor(
    /** Pages per slice, as a power of two. */
    readonly pageBits: number,
    /** One filter per slice; a slice without one holds no postings. */
    private readonly filters: readonly (PageFilter | undefined)[],
    private readonly maxBytes = 32 * 1024 * 1024,
  ) {}

  /** Bytes of the filters held in memory. */
  get filterBytes(): number {
    return [...this.filters, ...this.seconds].reduce((n, f) => n + (f ? f.words.byteLength : 0), 0);
  }

  /** True once second filters were added (for some slices at least). */
  get hasSecondFilters(): boolean {
    return this.seconds.some((f) => f !== undefined);
  }

  /**
   * Adds the slices' second filters (variant 1, over the same postings as the first): a shingle
   * must then pass both. A slice without one is filtered by its first alone.
   */
  addSecondFilters(seconds: readonly (PageFilter | undefined)[]): void {
    this.seconds = seconds.map((f) => (f?.variant === 1 ? f : undefined));
  }

  /** Bytes of the pages held in memory. */
  get cachedBytes(): number {
    return this.bytes;
  }

  mayContain(a: number, bLow: number): boolean {
    const slice = sliceOf(a);
    if (!(this.filters[slice]?.mayContain(a, bLow) ?? false)) return false;
    return this.seconds[slice]?.mayContain(a, bLow) ?? true;
  }

  /** The page of lane A `a`: its triples, or undefined when it has not been loaded. */
  page(a: number): Uint32Array | undefined {
    return this.cache.get(pageNumber(a, this.pageBits));
  }

  /**
   * Adds loaded pages (by {@link pageNumber}; an empty array for a page with no record), then
   * drops the oldest others while over the byte bound; these pages stay whatever their size.
   */
  addPages(pages: ReadonlyMap<number, Uint32Array>): void {
    for (const [n, page] of pages) {
      const old = this.cache.get(n);
      if (old) this.bytes -= old.byteLength;
      this.cache.delete(n);
      this.cache.set(n, page);
      this.bytes += page.byteLength;
    }
    for (const [n, page] of this.cache) {
      if (this.bytes <= this.maxBytes || pages.has(n)) break;
      this.cache.delete(n);
      this.bytes -= page.byteLength;
    }
  }
}
