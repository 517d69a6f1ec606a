/** The lookup table: postings grouped by bucket, built by counting sort, probed per shingle. */
import type { DocumentRecord, TableSegment } from './document-record';
import { IndexFormatError } from './index-format';

/** A candidate hit: the shingle at reply word `replyWord` is stored at `docWord` of `doc`. */
export interface Seed {
  /** Document number (see {@link PassageIndex.seedDocument}). */
  doc: number;
  /** Document word where the stored shingle starts. */
  docWord: number;
  /** Reply word where the matching shingle starts. */
  replyWord: number;
}

/**
 * Brings a stored table's entries into memory as lookups need them (a saved table left on disk):
 * the table's `entries` array is the loader's, and its pairs `from`..`to` (in pairs, end
 * exclusive) hold their saved values once `load(from, to)` has returned. Synchronous, since a
 * lookup is; it throws what its storage throws (unreadable, failed check), and the lookup with it.
 */
export interface EntryLoader {
  readonly entries: Uint32Array;
  load(from: number, to: number): void;
}

/**
 * Brings a stored table's bucket starts into memory as lookups need them: the table's `starts`
 * array (buckets + 1 entries) is the loader's, and `starts[from..to)` (start indices, end
 * exclusive) hold their saved values once `loadStarts(from, to)` has returned. The loader checks
 * what it reads (none above the table's pairs, in order with every loaded neighbour), since the
 * table cannot check starts it never saw; it throws what its storage throws, and the lookup with it.
 */
export interface StartsLoader {
  readonly starts: Uint32Array;
  loadStarts(from: number, to: number): void;
}

/** Appends the hits of one shingle in one table; `live` (by number) skips removed documents. */
export function probe(
  table: LookupTable,
  a: number,
  bLow: number,
  replyWord: number,
  stride: number,
  live: readonly (DocumentRecord | undefined)[] | undefined,
  seeds: Seed[],
): void {
  const { starts, entries, docBits, docMask } = table;
  const b = a & table.mask;
  const high = a >>> table.bucketBits;
  if (table.startsLoader !== undefined) table.startsLoader.loadStarts(b, b + 2);
  const from = starts[b] as number;
  const to = starts[b + 1] as number;
  if (table.loader !== undefined && to > from) {
    // The loaders check what they read; this keeps a lookup inside the entries whatever they do.
    if (2 * to > entries.length) throw new IndexFormatError('lookup table is damaged');
    table.loader.load(from, to);
  }
  const end = 2 * to;
  for (let i = 2 * from; i < end; i += 2) {
    const key = entries[i] as number;
    if (key >>> docBits !== high) continue;
    const p = entries[i + 1] as number;
    if ((p & 0xff) !== bLow) continue;
    const doc = key & docMask;
    if (live && !live[doc]) continue;
    seeds.push({ doc, docWord: (p >>> 8) * stride, replyWord });
  }
}

/**
 * Postings grouped by bucket (the low `bucketBits` bits of lane A) in one interleaved array of
 * `[key, packed]` pairs, with a bucket start table; about four postings per bucket. `key` holds
 * the rest of lane A above the document number: `(laneA >>> bucketBits) << docBits | doc`, which
 * fits in 32 bits because there are at least as many buckets as document numbers. Built in one
 * counting-sort pass, so the passes use locals and interleaved arrays to keep memory traffic low.
 */
export class LookupTable {
  /** Bucket of lane A: `laneA & mask`. */
  readonly mask: number;
  /** log2 of the bucket count. */
  readonly bucketBits: number;
  /** The document number of a key: `key & docMask`. */
  readonly docMask: number;

  constructor(
    buckets: number,
    /** Bits of `key` that hold the document number. */
    readonly docBits: number,
    /** `starts[b]..starts[b + 1]` are the pairs of bucket `b` (in pairs, not array slots). */
    readonly starts: Uint32Array,
    readonly entries: Uint32Array,
    /** For a stored table, what reads its entries on demand ({@link loadAll} reads the rest). */
    readonly loader?: EntryLoader,
    /** For a stored table, what reads its bucket starts on demand (and all, in {@link loadAll}). */
    readonly startsLoader?: StartsLoader,
  ) {
    this.mask = buckets - 1;
    this.bucketBits = Math.log2(buckets);
    this.docMask = docMaskOf(docBits);
  }

  /** Number of postings. */
  get size(): number {
    return this.entries.length / 2;
  }

  /** Brings every bucket start and entry of a stored table into memory (nothing, for a built one). */
  loadAll(): this {
    this.startsLoader?.loadStarts(0, this.starts.length);
    this.loader?.load(0, this.size);
    return this;
  }

  /**
   * Calls `visit(laneA, packed, doc)` for every entry, bucket by bucket (the order of a build).
   */
  forEach(visit: (a: number, packed: number, doc: number) => void): void {
    const { starts, entries, bucketBits, docBits, docMask } = this.loadAll();
    for (let b = 0; b <= this.mask; b++) {
      const end = 2 * (starts[b + 1] as number);
      for (let i = 2 * (starts[b] as number); i < end; i += 2) {
        const key = entries[i] as number;
        visit(
          (((key >>> docBits) << bucketBits) | b) >>> 0,
          entries[i + 1] as number,
          key & docMask,
        );
      }
    }
  }

  /**
   * A table of the entries of `olds` whose document is not marked in `dead`, then the postings
   * of `records` (which must have them), under each record's number; `documents` is one more
   * than the largest document number. Within a bucket, entries keep that order.
   */
  static build(
    olds: readonly LookupTable[],
    dead: Uint8Array,
    records: readonly DocumentRecord[],
    documents: number,
  ): LookupTable {
    for (const old of olds) old.loadAll();
    let n = 0;
    for (const old of olds) {
      const { entries: e, docMask } = old;
      for (let i = 0; i < e.length; i += 2) if (dead[(e[i] as number) & docMask] !== 1) n++;
    }
    for (const r of records) n += (r.postings as Uint32Array).length / 2;
    let buckets = 1024;
    while (buckets * 4 < n || buckets < documents) buckets *= 2;
    const mask = buckets - 1;
    const bucketBits = Math.log2(buckets);
    const docBits = bitsFor(documents - 1);
    const starts = new Uint32Array(buckets + 1);
    // Old entries are read twice (count, then scatter); lane A is rebuilt from key and bucket.
    for (const old of olds) {
      const {
        starts: from,
        entries: e,
        docBits: oldDocBits,
        bucketBits: oldBucketBits,
        docMask,
      } = old;
      for (let b = 0; b <= old.mask; b++) {
        const end = 2 * (from[b + 1] as number);
        for (let i = 2 * (from[b] as number); i < end; i += 2) {
          const key = e[i] as number;
          if (dead[key & docMask] === 1) continue;
          starts[((((key >>> oldDocBits) << oldBucketBits) | b) & mask) + 1]!++;
        }
      }
    }
    for (const r of records) {
      const p = r.postings as Uint32Array;
      for (let i = 0; i < p.length; i += 2) starts[((p[i] as number) & mask) + 1]!++;
    }
    for (let b = 0; b < buckets; b++) starts[b + 1]! += starts[b] as number;
    // Two scatter passes instead of one random one: first into 256 contiguous partitions
    // (sequential write streams) as [laneA, packed, doc] triples, then bucket by bucket inside
    // each cache-sized partition.
    let shift = 0;
    while (buckets >>> shift > 256) shift++;
    const partitions = buckets >>> shift;
    const cursor = new Uint32Array(partitions);
    for (let q = 0; q < partitions; q++) cursor[q] = starts[q << shift] as number;
    const staged = new Uint32Array(n * 3);
    for (const old of olds) {
      const {
        starts: from,
        entries: e,
        docBits: oldDocBits,
        bucketBits: oldBucketBits,
        docMask,
      } = old;
      for (let b = 0; b <= old.mask; b++) {
        const end = 2 * (from[b + 1] as number);
        for (let i = 2 * (from[b] as number); i < end; i += 2) {
          const key = e[i] as number;
          const d = key & docMask;
          if (dead[d] === 1) continue;
          const a = (((key >>> oldDocBits) << oldBucketBits) | b) >>> 0;
          const at = 3 * cursor[(a & mask) >>> shift]!++;
          staged[at] = a;
          staged[at + 1] = e[i + 1] as number;
          staged[at + 2] = d;
        }
      }
    }
    for (const r of records) {
      const p = r.postings as Uint32Array;
      const d = r.number;
      for (let i = 0; i < p.length; i += 2) {
        const a = p[i] as number;
        const at = 3 * cursor[(a & mask) >>> shift]!++;
        staged[at] = a;
        staged[at + 1] = p[i + 1] as number;
        staged[at + 2] = d;
      }
    }
    const fill = starts.slice(0, buckets);
    const entries = new Uint32Array(n * 2);
    for (let i = 0; i < staged.length; i += 3) {
      const a = staged[i] as number;
      const at = 2 * fill[a & mask]!++;
      entries[at] = (((a >>> bucketBits) << docBits) | (staged[i + 2] as number)) >>> 0;
      entries[at + 1] = staged[i + 1] as number;
    }
    return new LookupTable(buckets, docBits, starts, entries);
  }
}

/** Bits needed to write `x` (0 for 0). */
function bitsFor(x: number): number {
  return x <= 0 ? 0 : 32 - Math.clz32(x);
}

function docMaskOf(docBits: number): number {
  return docBits === 0 ? 0 : (2 ** docBits - 1) >>> 0;
}

/** A table without entries, probed in place of a missing base or delta. */
export const EMPTY_TABLE = new LookupTable(1, 0, new Uint32Array(2), new Uint32Array(0));

/**
 * Reads back the postings of `records` (documents whose entries are in one of `tables`, as their
 * `where` says) in one pass over each table: `[laneA, packed]` pairs in sample order, as they
 * were before the table was built.
 */
export function readPostings(
  tables: Readonly<Record<TableSegment, LookupTable | undefined>>,
  records: readonly DocumentRecord[],
): Map<DocumentRecord, Uint32Array> {
  const out = new Map<DocumentRecord, Uint32Array>();
  for (const segment of ['base', 'delta'] as const) {
    const table = tables[segment];
    const wanted = records.filter((r) => r.where === segment);
    if (!table || wanted.length === 0) continue;
    const byNumber = new Map(wanted.map((r) => [r.number, new Uint32Array(r.samples * 2)]));
    wanted.forEach((r) => out.set(r, byNumber.get(r.number) as Uint32Array));
    table.forEach((a, packed, doc) => {
      const p = byNumber.get(doc);
      if (!p) return;
      const s = packed >>> 8;
      p[2 * s] = a;
      p[2 * s + 1] = packed;
    });
  }
  return out;
}
