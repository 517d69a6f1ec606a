import { shingleLanes } from './fingerprint';
import { hashWords, type WordHashes, type WordList } from './tokenize';

/**
 * Version of the serialized index. Bump it whenever normalization, tokenization, hashing or the
 * byte layout changes; stored indexes of another version must be rebuilt from the text.
 */
export const INDEX_FORMAT_VERSION = 1;

/** Shape of the index; both sides of a match must use the same values. */
export interface IndexOptions {
  /** Words per shingle (k). Default 6. */
  shingleWords: number;
  /** Every `stride`-th shingle of a document is stored (S). Default 6. */
  stride: number;
}

export const DEFAULT_INDEX_OPTIONS: IndexOptions = { shingleWords: 6, stride: 6 };

/** Words between two stored raw-offset checkpoints of a document. */
export const BLOCK_WORDS = 128;

/** Largest document, in words: positions are stored as `pos / stride` in 24 bits. */
const MAX_SAMPLES = 1 << 24;

/** What the index knows of one document. */
export interface IndexedDocument {
  /** Caller's id: a path, a database key. */
  id: string;
  /** Number of words in the document. */
  words: number;
  /** Length of the document text in UTF-16 code units. */
  textLength: number;
  /** A hash of the document's word sequence: equal texts (after normalization) have equal ones. */
  contentHash: string;
}

interface DocumentRecord extends IndexedDocument {
  /** Pairs `[laneA, (pos / stride) << 8 | laneB & 0xff]`, one per stored shingle. */
  postings: Uint32Array;
  /** Raw offset of word `b * BLOCK_WORDS`, for each block `b`. */
  checkpoints: Uint32Array;
}

/** A candidate hit: the shingle at reply word `replyWord` is stored at `docWord` of `doc`. */
export interface Seed {
  doc: number;
  docWord: number;
  replyWord: number;
}

/**
 * The library index: for each document, every `stride`-th k-word shingle and a raw-offset
 * checkpoint every {@link BLOCK_WORDS} words. It does not keep document text: matches are
 * verified against text the caller supplies when it scans.
 *
 * Detection guarantee: every run of at least {@link PassageIndex.guaranteedWords} =
 * `shingleWords + stride - 1` words that a reply shares with a document word for word (after
 * normalization) contains a stored shingle, and so is found.
 */
export class PassageIndex {
  readonly options: IndexOptions;
  private readonly records = new Map<string, DocumentRecord>();
  private table: LookupTable | undefined;
  private tableDocs: DocumentRecord[] = [];

  constructor(options: Partial<IndexOptions> = {}) {
    this.options = { ...DEFAULT_INDEX_OPTIONS, ...options };
    const { shingleWords, stride } = this.options;
    if (!(shingleWords >= 2 && shingleWords <= 32 && stride >= 1 && stride <= 64)) {
      throw new RangeError(`unsupported index shape k=${shingleWords} S=${stride}`);
    }
  }

  /** Length in words of the shortest verbatim run that is always found. */
  get guaranteedWords(): number {
    return this.options.shingleWords + this.options.stride - 1;
  }

  /** Number of documents. */
  get size(): number {
    return this.records.size;
  }

  /** Number of stored shingles over all documents. */
  get postingCount(): number {
    let n = 0;
    for (const r of this.records.values()) n += r.postings.length / 2;
    return n;
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  /** The documents, in the order they were added. */
  documents(): IndexedDocument[] {
    return [...this.records.values()].map(({ id, words, textLength, contentHash }) => ({ id, words, textLength, contentHash }));
  }

  document(id: string): IndexedDocument | undefined {
    const r = this.records.get(id);
    return r && { id: r.id, words: r.words, textLength: r.textLength, contentHash: r.contentHash };
  }

  /**
   * Indexes a document's text under `id`, replacing any document with that id.
   *
   * @throws RangeError when the document has more than 2^24 * stride words (about 100 M).
   */
  addDocument(id: string, text: string): IndexedDocument {
    const words = hashWords(text, BLOCK_WORDS);
    const record = buildRecord(id, text.length, words, this.options);
    this.records.set(id, record);
    this.table = undefined;
    return this.document(id) as IndexedDocument;
  }

  /** Removes a document; returns false when there was none with that id. */
  removeDocument(id: string): boolean {
    const had = this.records.delete(id);
    if (had) this.table = undefined;
    return had;
  }

  /**
   * Serializes one document's index entries to a standalone `ArrayBuffer` (format
   * {@link INDEX_FORMAT_VERSION}), so a store can keep each document's entries beside its text.
   *
   * @throws Error when there is no document with that id
   */
  serializeDocument(id: string): ArrayBuffer {
    const r = this.records.get(id);
    if (!r) throw new Error(`no document ${id}`);
    return encodeRecord(r, this.options);
  }

  /**
   * Adds a document from {@link serializeDocument}'s output.
   *
   * @throws IndexFormatError when the buffer has another format version or index shape, or is
   *   damaged; the caller should re-index the document from its text.
   */
  addSerializedDocument(buffer: ArrayBuffer): IndexedDocument {
    const record = decodeRecord(buffer, this.options);
    this.records.set(record.id, record);
    this.table = undefined;
    return this.document(record.id) as IndexedDocument;
  }

  /** Serializes the whole index (all documents) to one `ArrayBuffer`. */
  serialize(): ArrayBuffer {
    const parts = [...this.records.values()].map((r) => encodeRecord(r, this.options));
    const total = 16 + parts.reduce((n, p) => n + 4 + p.byteLength, 0);
    const out = new Uint8Array(total);
    const view = new DataView(out.buffer);
    view.setUint32(0, MAGIC_INDEX);
    view.setUint32(4, INDEX_FORMAT_VERSION);
    view.setUint32(8, parts.length);
    let at = 16;
    for (const p of parts) {
      view.setUint32(at, p.byteLength);
      out.set(new Uint8Array(p), at + 4);
      at += 4 + p.byteLength;
    }
    return out.buffer;
  }

  /**
   * Reads an index written by {@link serialize}.
   *
   * @throws IndexFormatError on another format version or a damaged buffer
   */
  static deserialize(buffer: ArrayBuffer, options: Partial<IndexOptions> = {}): PassageIndex {
    const view = new DataView(buffer);
    if (buffer.byteLength < 16 || view.getUint32(0) !== MAGIC_INDEX) throw new IndexFormatError('not a Recital index');
    const version = view.getUint32(4);
    if (version !== INDEX_FORMAT_VERSION) throw new IndexFormatError(`index format ${version}, expected ${INDEX_FORMAT_VERSION}`);
    const count = view.getUint32(8);
    let first: IndexOptions | undefined;
    let at = 16;
    const records: ArrayBuffer[] = [];
    for (let i = 0; i < count; i++) {
      if (at + 4 > buffer.byteLength) throw new IndexFormatError('index is truncated');
      const len = view.getUint32(at);
      if (at + 4 + len > buffer.byteLength) throw new IndexFormatError('index is truncated');
      const part = buffer.slice(at + 4, at + 4 + len);
      first ??= readRecordOptions(part);
      records.push(part);
      at += 4 + len;
    }
    const index = new PassageIndex({ ...(first ?? {}), ...options });
    for (const part of records) index.addSerializedDocument(part);
    return index;
  }

  /**
   * Looks up every shingle of the reply's words (stride 1) and returns the stored hits, ordered
   * by document, then diagonal, then reply word. `fromWord` limits the lookup to shingles that
   * start at or after that reply word (for streaming).
   */
  findSeeds(reply: WordList, fromWord = 0): Seed[] {
    const { mask, starts, entries } = this.lookupTable();
    const { shingleWords: k, stride } = this.options;
    const lanes = new Uint32Array(2);
    const seeds: Seed[] = [];
    for (let r = Math.max(0, fromWord); r + k <= reply.count; r++) {
      shingleLanes(reply.hashes, r, k, lanes);
      const a = lanes[0] as number;
      const bLow = (lanes[1] as number) & 0xff;
      const b = a & mask;
      const end = 3 * (starts[b + 1] as number);
      for (let i = 3 * (starts[b] as number); i < end; i += 3) {
        if (entries[i] !== a) continue;
        const p = entries[i + 1] as number;
        if ((p & 0xff) === bLow) seeds.push({ doc: entries[i + 2] as number, docWord: (p >>> 8) * stride, replyWord: r });
      }
    }
    return seeds;
  }

  /** The document behind a seed's `doc` number (valid until the index changes). */
  seedDocument(doc: number): { id: string; words: number; checkpoints: Uint32Array } {
    const r = this.tableDocs[doc];
    if (!r) throw new RangeError(`no document number ${doc}`);
    return r;
  }

  private lookupTable(): LookupTable {
    if (!this.table) {
      this.tableDocs = [...this.records.values()];
      this.table = new LookupTable(this.tableDocs);
    }
    return this.table;
  }
}

/** Thrown when a serialized index cannot be read; re-index from the text. */
export class IndexFormatError extends Error {
  override name = 'IndexFormatError';
}

/**
 * All postings grouped by bucket (low bits of lane A) in one interleaved array of
 * `[laneA, packed, doc]` triples, with a bucket start table; about four postings per bucket.
 * Rebuilt in one counting-sort pass whenever documents change (and on every service-worker
 * wake), so the passes use locals and one interleaved array to keep memory traffic low.
 */
class LookupTable {
  readonly mask: number;
  /** `starts[b]..starts[b + 1]` are the triples of bucket `b` (in triples, not array slots). */
  readonly starts: Uint32Array;
  readonly entries: Uint32Array;

  constructor(records: DocumentRecord[]) {
    let n = 0;
    for (const r of records) n += r.postings.length / 2;
    let buckets = 1024;
    while (buckets * 4 < n) buckets *= 2;
    const mask = buckets - 1;
    const starts = new Uint32Array(buckets + 1);
    for (const r of records) {
      const p = r.postings;
      for (let i = 0; i < p.length; i += 2) starts[((p[i] as number) & mask) + 1]!++;
    }
    for (let b = 0; b < buckets; b++) starts[b + 1]! += starts[b] as number;
    // Two scatter passes instead of one random one: first into 256 contiguous partitions
    // (sequential write streams), then bucket by bucket inside each cache-sized partition.
    let shift = 0;
    while (buckets >>> shift > 256) shift++;
    const partitions = buckets >>> shift;
    const cursor = new Uint32Array(partitions);
    for (let q = 0; q < partitions; q++) cursor[q] = starts[q << shift] as number;
    const staged = new Uint32Array(n * 3);
    for (let d = 0; d < records.length; d++) {
      const p = (records[d] as DocumentRecord).postings;
      for (let i = 0; i < p.length; i += 2) {
        const a = p[i] as number;
        const at = 3 * cursor[(a & mask) >>> shift]!++;
        staged[at] = a;
        staged[at + 1] = p[i + 1] as number;
        staged[at + 2] = d;
      }
    }
    const fill = starts.slice(0, buckets);
    const entries = new Uint32Array(n * 3);
    for (let i = 0; i < staged.length; i += 3) {
      const a = staged[i] as number;
      const at = 3 * fill[a & mask]!++;
      entries[at] = a;
      entries[at + 1] = staged[i + 1] as number;
      entries[at + 2] = staged[i + 2] as number;
    }
    this.mask = mask;
    this.starts = starts;
    this.entries = entries;
  }
}

function buildRecord(id: string, textLength: number, words: WordHashes, options: IndexOptions): DocumentRecord {
  const { shingleWords: k, stride } = options;
  const samples = words.count >= k ? Math.floor((words.count - k) / stride) + 1 : 0;
  if (samples > MAX_SAMPLES) throw new RangeError(`document ${id} has ${words.count} words; the most one document may have is ${MAX_SAMPLES * stride}`);
  const postings = new Uint32Array(samples * 2);
  const lanes = new Uint32Array(2);
  for (let s = 0; s < samples; s++) {
    shingleLanes(words.hashes, s * stride, k, lanes);
    postings[2 * s] = lanes[0] as number;
    postings[2 * s + 1] = ((s << 8) | ((lanes[1] as number) & 0xff)) >>> 0;
  }
  return { id, words: words.count, textLength, contentHash: sequenceHash(words), postings, checkpoints: words.checkpoints };
}

/** 64-bit hash (as 16 hex digits) of the whole word sequence, for duplicate detection. */
function sequenceHash(words: WordHashes): string {
  let a = 0x811c9dc5;
  let b = 0x01234567;
  for (let i = 0; i < words.count; i++) {
    const w = words.hashes[i] as number;
    a = Math.imul(a ^ w, 0x01000193);
    b = Math.imul(b ^ ((w >>> 7) | (w << 25)), 0x5bd1e995) ^ (b >>> 13);
  }
  const hex = (x: number): string => (x >>> 0).toString(16).padStart(8, '0');
  return hex(a) + hex(b) + ':' + words.count.toString(36);
}

const MAGIC_INDEX = 0x52434958; // "RCIX"
const MAGIC_DOC = 0x52434944; // "RCID"

/*
 * Document record layout (big-endian header, then little-endian typed arrays, 4-byte aligned):
 * u32 magic, u32 version, u32 k, u32 stride, u32 words, u32 textLength, u32 postings(u32 count),
 * u32 checkpoints count, u32 id byte length, u32 contentHash byte length, u32 checksum of the
 * postings and checkpoints, id UTF-8, hash UTF-8, padding, postings, checkpoints.
 */
const HEADER_BYTES = 44;

/** FNV-1a over 32-bit words: detects a damaged record before it silently loses matches. */
function checksum(...arrays: Uint32Array[]): number {
  let h = 0x811c9dc5;
  for (const a of arrays) for (let i = 0; i < a.length; i++) h = Math.imul(h ^ (a[i] as number), 0x01000193);
  return h >>> 0;
}
const utf8 = {
  encode(s: string): Uint8Array {
    const out: number[] = [];
    for (const ch of s) {
      const cp = ch.codePointAt(0) as number;
      if (cp < 0x80) out.push(cp);
      else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
      else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
      else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    }
    return Uint8Array.from(out);
  },
  decode(bytes: Uint8Array): string {
    let s = '';
    for (let i = 0; i < bytes.length; ) {
      const b = bytes[i] as number;
      let cp: number;
      if (b < 0x80) {
        cp = b;
        i += 1;
      } else if (b < 0xe0) {
        cp = ((b & 31) << 6) | ((bytes[i + 1] as number) & 63);
        i += 2;
      } else if (b < 0xf0) {
        cp = ((b & 15) << 12) | (((bytes[i + 1] as number) & 63) << 6) | ((bytes[i + 2] as number) & 63);
        i += 3;
      } else {
        cp = ((b & 7) << 18) | (((bytes[i + 1] as number) & 63) << 12) | (((bytes[i + 2] as number) & 63) << 6) | ((bytes[i + 3] as number) & 63);
        i += 4;
      }
      s += String.fromCodePoint(cp);
    }
    return s;
  },
};

function encodeRecord(r: DocumentRecord, options: IndexOptions): ArrayBuffer {
  const id = utf8.encode(r.id);
  const hash = utf8.encode(r.contentHash);
  const strings = (id.length + hash.length + 3) & ~3;
  const total = HEADER_BYTES + strings + r.postings.byteLength + r.checkpoints.byteLength;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const header = [MAGIC_DOC, INDEX_FORMAT_VERSION, options.shingleWords, options.stride, r.words, r.textLength, r.postings.length, r.checkpoints.length, id.length, hash.length, checksum(r.postings, r.checkpoints)];
  header.forEach((v, i) => view.setUint32(i * 4, v));
  out.set(id, HEADER_BYTES);
  out.set(hash, HEADER_BYTES + id.length);
  let at = HEADER_BYTES + strings;
  out.set(new Uint8Array(r.postings.buffer, r.postings.byteOffset, r.postings.byteLength), at);
  at += r.postings.byteLength;
  out.set(new Uint8Array(r.checkpoints.buffer, r.checkpoints.byteOffset, r.checkpoints.byteLength), at);
  return out.buffer;
}

function readRecordOptions(buffer: ArrayBuffer): IndexOptions {
  if (buffer.byteLength < HEADER_BYTES) throw new IndexFormatError('index record is truncated');
  const view = new DataView(buffer);
  return { shingleWords: view.getUint32(8), stride: view.getUint32(12) };
}

function decodeRecord(buffer: ArrayBuffer, options: IndexOptions): DocumentRecord {
  if (buffer.byteLength < HEADER_BYTES) throw new IndexFormatError('index record is truncated');
  const view = new DataView(buffer);
  const [magic, version, k, stride, words, textLength, postingsLength, checkpointCount, idLength, hashLength, sum] = Array.from({ length: 11 }, (_, i) => view.getUint32(i * 4));
  if (magic !== MAGIC_DOC) throw new IndexFormatError('not a Recital index record');
  if (version !== INDEX_FORMAT_VERSION) throw new IndexFormatError(`index record format ${version}, expected ${INDEX_FORMAT_VERSION}`);
  if (k !== options.shingleWords || stride !== options.stride) throw new IndexFormatError(`index record shape k=${k} S=${stride} differs from this index`);
  const strings = ((idLength as number) + (hashLength as number) + 3) & ~3;
  const postingsAt = HEADER_BYTES + strings;
  const checkpointsAt = postingsAt + (postingsLength as number) * 4;
  if (checkpointsAt + (checkpointCount as number) * 4 !== buffer.byteLength) throw new IndexFormatError('index record is damaged');
  const bytes = new Uint8Array(buffer);
  const postings = new Uint32Array(buffer.slice(postingsAt, checkpointsAt));
  const checkpoints = new Uint32Array(buffer.slice(checkpointsAt));
  if (checksum(postings, checkpoints) !== sum) throw new IndexFormatError('index record is damaged');
  return {
    id: utf8.decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + (idLength as number))),
    contentHash: utf8.decode(bytes.subarray(HEADER_BYTES + (idLength as number), HEADER_BYTES + (idLength as number) + (hashLength as number))),
    words: words as number,
    textLength: textLength as number,
    postings,
    checkpoints,
  };
}
