import { checksumWords, checksumWordsInLanes, sequenceHash, shingleLanes } from './hash';
import { hashWords, type WordHashes } from './hash-words';
import type { WordList } from './tokenize';

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
  /** The document's number in seeds: fixed while it is in the index, never reused. */
  number: number;
  /** Number of stored shingles. */
  samples: number;
  /**
   * Pairs `[laneA, (pos / stride) << 8 | laneB & 0xff]`, one per stored shingle, while the
   * document is pending; dropped once they are in a table (and kept again from the first
   * {@link PassageIndex.serializeDocument} that had to read them back, until the next rebuild).
   */
  postings: Uint32Array | undefined;
  /** Raw offset of word `b * BLOCK_WORDS`, for each block `b`. */
  checkpoints: Uint32Array;
  /** Where the document's postings are: its own `postings`, or one of the two tables. */
  where: 'pending' | TableSegment;
}

/** A candidate hit: the shingle at reply word `replyWord` is stored at `docWord` of `doc`. */
export interface Seed {
  doc: number;
  docWord: number;
  replyWord: number;
}

/** The two lookup tables of an index: the large base, and the delta of recent additions. */
export type TableSegment = 'base' | 'delta';

/**
 * Version of {@link PassageIndex.exportTable}'s layout. Bump it whenever that layout changes;
 * a table of another version is ignored and the index is loaded from the document records.
 */
export const TABLE_FORMAT_VERSION = 1;

/** The delta is merged into the base once it holds more than 1/8 of the postings. */
const DELTA_SHARE = 8;

/**
 * The library index: for each document, every `stride`-th k-word shingle and a raw-offset
 * checkpoint every {@link BLOCK_WORDS} words. It does not keep document text: matches are
 * verified against text the caller supplies when it scans.
 *
 * Lookups go through two tables: a large base table and a small delta table of documents added
 * since the base was built. Added documents wait in a pending list until the next lookup (or
 * {@link prepare}) rebuilds the delta with them; removing a document only marks it removed.
 * When the delta or the removed part grows too large, everything is merged into a new base.
 * Document numbers stay the same across rebuilds and merges, so seeds stay valid. Both tables
 * can be saved ({@link exportTable}) and loaded again without rebuilding them
 * ({@link PassageIndex.fromTable}, {@link addDeltaTable}).
 *
 * Detection guarantee: every run of at least {@link PassageIndex.guaranteedWords} =
 * `shingleWords + stride - 1` words that a reply shares with a document word for word (after
 * normalization) contains a stored shingle, and so is found.
 */
export class PassageIndex {
  readonly options: IndexOptions;
  /** Documents in the index, by id, in the order they were added. */
  private readonly records = new Map<string, DocumentRecord>();
  /** Documents in the index by number; removed numbers are holes. */
  private readonly byNumber: (DocumentRecord | undefined)[] = [];
  private nextNumber = 0;
  private base: LookupTable | undefined;
  private delta: LookupTable | undefined;
  /** Removed documents whose entries are still in a table, by id. */
  private readonly removed = new Map<string, DocumentRecord>();
  /** Postings of each table that belong to removed documents. */
  private baseDead = 0;
  private deltaDead = 0;
  /** Documents whose postings are in no table yet, in number order. */
  private readonly pending = new Set<DocumentRecord>();
  private hasChanged = false;
  private readonly versions = { base: 0, delta: 0 };
  /** Checksum of the base table as exported, which a delta table names to show what it extends. */
  private baseChecksum: { version: number; value: number } | undefined;

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
    for (const r of this.records.values()) n += r.samples;
    return n;
  }

  /**
   * Counters that change whenever the base or the delta table is rebuilt; a caller that saved
   * the tables with {@link exportTable} compares them to know whether its copies are current.
   */
  get tableVersions(): Readonly<Record<TableSegment, number>> {
    return { ...this.versions };
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  /** The documents, in the order they were added. */
  documents(): IndexedDocument[] {
    return [...this.records.values()].map(describe);
  }

  document(id: string): IndexedDocument | undefined {
    const r = this.records.get(id);
    return r && describe(r);
  }

  /**
   * Indexes a document's text under `id`, replacing any document with that id.
   *
   * @throws RangeError when the document has more than 2^24 * stride words (about 100 M).
   */
  addDocument(id: string, text: string): IndexedDocument {
    const words = hashWords(text, BLOCK_WORDS);
    return describe(this.add(buildRecord(id, text.length, words, this.options)));
  }

  /** Removes a document; returns false when there was none with that id. */
  removeDocument(id: string): boolean {
    const r = this.records.get(id);
    if (!r) return false;
    this.records.delete(id);
    this.byNumber[r.number] = undefined;
    if (r.where === 'pending') {
      this.pending.delete(r);
    } else {
      this.removed.set(id, r);
      if (r.where === 'base') this.baseDead += r.samples;
      else this.deltaDead += r.samples;
    }
    this.hasChanged = true;
    return true;
  }

  /**
   * Serializes one document's index entries to a standalone `ArrayBuffer` (format
   * {@link INDEX_FORMAT_VERSION}), so a store can keep each document's entries beside its text.
   * For a document whose entries are in a table, the first call reads that whole table back
   * into the postings of all its documents, which are kept until the table is rebuilt.
   *
   * @throws Error when there is no document with that id
   */
  serializeDocument(id: string): ArrayBuffer {
    const r = this.records.get(id);
    if (!r) throw new Error(`no document ${id}`);
    if (!r.postings) {
      const inTable = [...this.records.values()].filter((x) => x.where === r.where && !x.postings);
      for (const [record, postings] of this.tablePostings(inTable)) record.postings = postings;
    }
    return encodeRecord(r, r.postings ?? new Uint32Array(0), this.options);
  }

  /**
   * Adds a document from {@link serializeDocument}'s output. The index keeps views into
   * `buffer`: do not change it afterwards.
   *
   * @throws IndexFormatError when the buffer has another format version or index shape, or is
   *   damaged; the caller should re-index the document from its text.
   */
  addSerializedDocument(buffer: ArrayBuffer): IndexedDocument {
    return describe(this.add(decodeRecord(buffer, this.options)));
  }

  /** Serializes the whole index (all documents) to one `ArrayBuffer`. */
  serialize(): ArrayBuffer {
    const records = [...this.records.values()];
    // Read back once, not kept: the whole index is serialized in one go.
    const fromTables = this.tablePostings(records.filter((r) => !r.postings));
    const parts = records.map((r) =>
      encodeRecord(r, r.postings ?? fromTables.get(r) ?? new Uint32Array(0), this.options),
    );
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
    if (buffer.byteLength < 16 || view.getUint32(0) !== MAGIC_INDEX)
      throw new IndexFormatError('not a Recital index');
    const version = view.getUint32(4);
    if (version !== INDEX_FORMAT_VERSION)
      throw new IndexFormatError(`index format ${version}, expected ${INDEX_FORMAT_VERSION}`);
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
   * One lookup table with the documents it covers, as byte parts to store one after the other
   * (format {@link TABLE_FORMAT_VERSION}, little-endian), for {@link PassageIndex.fromTable}
   * (the base) and {@link addDeltaTable} (the delta, which names the base it extends). Brings
   * the tables up to date first ({@link prepare}). Removed documents whose entries a table
   * still holds are listed too. Returns undefined when that table is empty.
   *
   * The parts share memory with the index: copy or store them before the index changes.
   */
  exportTable(segment: TableSegment): Uint8Array<ArrayBuffer>[] | undefined {
    this.prepare();
    const table = segment === 'base' ? this.base : this.delta;
    if (!table) return undefined;
    const slots: (DocumentRecord | undefined)[] = [];
    for (const r of this.records.values()) if (r.where === segment) slots[r.number] = r;
    for (const r of this.removed.values()) if (r.where === segment) slots[r.number] = r;
    const docs = Array.from(slots, (r) =>
      r ? [r.id, r.contentHash, r.words, r.textLength, r.samples, r.checkpoints.length] : null,
    );
    const json = utf8.encode(JSON.stringify(docs));
    const docBytes = new Uint8Array((json.length + 3) & ~3).fill(0x20);
    docBytes.set(json);
    const checkpoints = slots
      .filter((r): r is DocumentRecord => r !== undefined)
      .map((r) => r.checkpoints);
    const body = [new Uint32Array(docBytes.buffer), ...checkpoints, table.starts, table.entries];
    const sum = checksumWordsInLanes(body);
    if (segment === 'base') this.baseChecksum = { version: this.versions.base, value: sum };
    const extends_ = segment === 'delta' ? this.currentBaseChecksum() : 0;
    const header = new DataView(new ArrayBuffer(TABLE_HEADER_BYTES));
    const fields = [
      MAGIC_TABLE,
      TABLE_FORMAT_VERSION,
      INDEX_FORMAT_VERSION,
      this.options.shingleWords,
      this.options.stride,
      slots.length,
      table.starts.length - 1,
      table.size,
      docBytes.length,
      checkpoints.reduce((n, c) => n + c.length, 0),
      sum,
      segment === 'base' ? 0 : 1,
      extends_,
      table.docBits,
    ];
    fields.forEach((v, i) => header.setUint32(i * 4, v, true));
    // Every array of the index is allocated on an ArrayBuffer (never a SharedArrayBuffer).
    return [
      new Uint8Array(header.buffer),
      ...body.map((a) => new Uint8Array(a.buffer as ArrayBuffer, a.byteOffset, a.byteLength)),
    ];
  }

  /**
   * Loads an index from a base table ({@link exportTable}'s parts joined into one buffer)
   * without rebuilding it. The index keeps views into `buffer`: do not change it afterwards.
   * Every listed document is in the index; remove those the caller no longer has.
   *
   * @throws IndexFormatError when the table is not a base table, has another format version,
   *   another index version or another shape than `options`, or is damaged (checksum, sizes)
   */
  static fromTable(buffer: ArrayBuffer, options: Partial<IndexOptions> = {}): PassageIndex {
    const table = readTable(buffer, options, 'base');
    const index = new PassageIndex({ shingleWords: table.k, stride: table.stride });
    for (const r of table.records) {
      if (index.records.has(r.id)) throw new IndexFormatError('lookup table is damaged');
      index.records.set(r.id, r);
      index.byNumber[r.number] = r;
    }
    index.nextNumber = table.slots;
    index.base = table.table;
    index.baseChecksum = { version: 0, value: table.checksum };
    return index;
  }

  /**
   * Adds the delta table saved beside the base table this index was loaded from. A document of
   * the delta replaces a base document with the same id. The index keeps views into `buffer`.
   *
   * @throws IndexFormatError when the table is not the delta of this index's base table, or is
   *   damaged; the index is unchanged, and the caller adds those documents another way
   */
  addDeltaTable(buffer: ArrayBuffer): void {
    const table = readTable(buffer, this.options, 'delta');
    if (
      this.delta ||
      this.pending.size > 0 ||
      this.baseChecksum?.version !== this.versions.base ||
      table.extends !== this.baseChecksum.value
    ) {
      throw new IndexFormatError('the delta table belongs to another base table');
    }
    const ids = new Set<string>();
    for (const r of table.records) {
      if (this.byNumber[r.number] || this.removed.has(r.id) || ids.has(r.id))
        throw new IndexFormatError('lookup table is damaged');
      ids.add(r.id);
    }
    for (const r of table.records) {
      if (this.records.has(r.id)) this.removeDocument(r.id);
      this.records.set(r.id, r);
      this.byNumber[r.number] = r;
    }
    this.nextNumber = Math.max(this.nextNumber, table.slots);
    this.delta = table.table;
  }

  /**
   * Brings the lookup tables up to date now, instead of in the next {@link findSeeds}: adds the
   * pending documents to the delta, or merges delta, pending documents and base into a new
   * base when they hold more than 1/8 of the postings or more than half of the base belongs to
   * removed documents. A merge costs about as much as building the whole table; a delta rebuild
   * costs in proportion to the delta.
   */
  prepare(): void {
    if (!this.hasChanged) return;
    this.hasChanged = false;
    let pendingPostings = 0;
    for (const r of this.pending) pendingPostings += r.samples;
    const baseLive = (this.base?.size ?? 0) - this.baseDead;
    const deltaLive = (this.delta?.size ?? 0) - this.deltaDead;
    const recent = pendingPostings + deltaLive;
    if ((recent > 0 && recent * DELTA_SHARE > baseLive) || this.baseDead > baseLive)
      this.merge('base');
    else if (pendingPostings > 0 || this.deltaDead > deltaLive) this.merge('delta');
  }

  /**
   * Looks up every shingle of the reply's words (stride 1) and returns the stored hits, ordered
   * by reply word. `fromWord` limits the lookup to shingles that start at or after
   * that reply word (for streaming).
   */
  findSeeds(reply: WordList, fromWord = 0): Seed[] {
    this.prepare();
    const { shingleWords: k, stride } = this.options;
    const lanes = new Uint32Array(2);
    const seeds: Seed[] = [];
    const base = this.base ?? EMPTY_TABLE;
    const delta = this.delta ?? EMPTY_TABLE;
    // Entries of removed documents stay in a table until it is rebuilt: skip them.
    const baseLive = this.baseDead > 0 ? this.byNumber : undefined;
    const deltaLive = this.deltaDead > 0 ? this.byNumber : undefined;
    for (let r = Math.max(0, fromWord); r + k <= reply.count; r++) {
      shingleLanes(reply.hashes, r, k, lanes);
      const a = lanes[0] as number;
      const bLow = (lanes[1] as number) & 0xff;
      probe(base, a, bLow, r, stride, baseLive, seeds);
      probe(delta, a, bLow, r, stride, deltaLive, seeds);
    }
    return seeds;
  }

  /** The document behind a seed's `doc` number (valid while that document is in the index). */
  seedDocument(doc: number): { id: string; words: number; checkpoints: Uint32Array } {
    const r = this.byNumber[doc];
    if (!r) throw new RangeError(`no document number ${doc}`);
    return r;
  }

  private add(r: DocumentRecord): DocumentRecord {
    if (this.records.has(r.id)) this.removeDocument(r.id);
    this.hasChanged = true;
    const removed = this.removed.get(r.id);
    if (removed && isSameDocument(removed, r)) {
      // Added back unchanged (an undone delete): its entries are still in a table.
      this.removed.delete(r.id);
      if (removed.where === 'base') this.baseDead -= removed.samples;
      else this.deltaDead -= removed.samples;
      this.records.set(r.id, removed);
      this.byNumber[removed.number] = removed;
      return removed;
    }
    r.number = this.nextNumber++;
    this.records.set(r.id, r);
    this.byNumber[r.number] = r;
    this.pending.add(r);
    return r;
  }

  /**
   * Rebuilds the delta (pending documents added) or the base (everything merged), dropping the
   * entries of removed documents from the tables it reads. Numbers are kept.
   */
  private merge(into: TableSegment): void {
    const from = into === 'base' ? ['base', 'delta'] : ['delta'];
    const dead = new Uint8Array(this.nextNumber);
    for (const r of this.removed.values()) if (from.includes(r.where)) dead[r.number] = 1;
    const olds = into === 'base' ? [this.base, this.delta] : [this.delta];
    const table = LookupTable.build(
      olds.filter((t): t is LookupTable => t !== undefined),
      dead,
      [...this.pending],
      this.nextNumber,
    );
    for (const r of this.records.values()) {
      if (r.where !== 'pending' && !from.includes(r.where)) continue;
      r.where = into;
      r.postings = undefined;
      // A copy, so the buffer a record or a table was read from can be freed.
      r.checkpoints = r.checkpoints.slice();
    }
    for (const r of [...this.removed.values()])
      if (from.includes(r.where)) this.removed.delete(r.id);
    this.pending.clear();
    const kept = table.size > 0 ? table : undefined;
    if (into === 'base') {
      this.base = kept;
      this.delta = undefined;
      this.baseDead = 0;
      this.versions.base++;
    } else {
      this.delta = kept;
    }
    this.deltaDead = 0;
    this.versions.delta++;
  }

  private currentBaseChecksum(): number {
    if (this.baseChecksum?.version !== this.versions.base) this.exportTable('base');
    return this.baseChecksum?.value ?? 0;
  }

  /** The postings of documents whose entries are in a table, in one pass over each table. */
  private tablePostings(records: readonly DocumentRecord[]): Map<DocumentRecord, Uint32Array> {
    const out = new Map<DocumentRecord, Uint32Array>();
    for (const [segment, table] of [
      ['base', this.base],
      ['delta', this.delta],
    ] as const) {
      const wanted = records.filter((r) => r.where === segment);
      if (wanted.length === 0 || !table) continue;
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
}

function describe(r: DocumentRecord): IndexedDocument {
  return { id: r.id, words: r.words, textLength: r.textLength, contentHash: r.contentHash };
}

function isSameDocument(a: DocumentRecord, b: DocumentRecord): boolean {
  if (
    a.contentHash !== b.contentHash ||
    a.words !== b.words ||
    a.textLength !== b.textLength ||
    a.samples !== b.samples ||
    a.checkpoints.length !== b.checkpoints.length
  )
    return false;
  for (let i = 0; i < a.checkpoints.length; i++)
    if (a.checkpoints[i] !== b.checkpoints[i]) return false;
  return true;
}

type TableDocument = [
  id: string,
  contentHash: string,
  words: number,
  textLength: number,
  samples: number,
  checkpoints: number,
];

function isTableDocument(d: unknown): d is TableDocument {
  const count = (x: unknown): boolean =>
    typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 0xffffffff;
  return (
    Array.isArray(d) &&
    d.length === 6 &&
    typeof d[0] === 'string' &&
    typeof d[1] === 'string' &&
    count(d[2]) &&
    count(d[3]) &&
    count(d[4]) &&
    count(d[5])
  );
}

/** A saved table, checked and read: views into its buffer. */
interface ReadTable {
  k: number;
  stride: number;
  slots: number;
  checksum: number;
  /** For a delta, the checksum of the base table it extends. */
  extends: number;
  records: DocumentRecord[];
  table: LookupTable;
}

function readTable(
  buffer: ArrayBuffer,
  options: Partial<IndexOptions>,
  segment: TableSegment,
): ReadTable {
  if (!LITTLE_ENDIAN) throw new IndexFormatError('lookup tables are stored little-endian');
  if (buffer.byteLength < TABLE_HEADER_BYTES)
    throw new IndexFormatError('lookup table is truncated');
  const view = new DataView(buffer);
  const [
    magic,
    format,
    version,
    k,
    stride,
    slots,
    buckets,
    entryCount,
    docBytes,
    checkpointTotal,
    sum,
    kind,
    extendsSum,
    docBits,
  ] = Array.from({ length: 14 }, (_, i) => view.getUint32(i * 4, true)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (magic !== MAGIC_TABLE) throw new IndexFormatError('not a Recital lookup table');
  if (format !== TABLE_FORMAT_VERSION)
    throw new IndexFormatError(`lookup table format ${format}, expected ${TABLE_FORMAT_VERSION}`);
  if (version !== INDEX_FORMAT_VERSION)
    throw new IndexFormatError(`index format ${version}, expected ${INDEX_FORMAT_VERSION}`);
  if ((options.shingleWords ?? k) !== k || (options.stride ?? stride) !== stride)
    throw new IndexFormatError(`lookup table shape k=${k} S=${stride} differs from this index`);
  try {
    new PassageIndex({ shingleWords: k, stride });
  } catch {
    throw new IndexFormatError(`lookup table shape k=${k} S=${stride} is not supported`);
  }
  if (kind !== (segment === 'base' ? 0 : 1))
    throw new IndexFormatError(`not a ${segment} lookup table`);
  if (segment === 'base' && extendsSum !== 0) throw new IndexFormatError('lookup table is damaged');
  if (
    buckets === 0 ||
    (buckets & (buckets - 1)) !== 0 ||
    docBits > Math.log2(buckets) ||
    slots > 2 ** docBits ||
    docBytes % 4 !== 0
  )
    throw new IndexFormatError('lookup table is damaged');
  if (
    TABLE_HEADER_BYTES + docBytes + 4 * checkpointTotal + 4 * (buckets + 1) + 8 * entryCount !==
    buffer.byteLength
  )
    throw new IndexFormatError('lookup table is damaged');
  if (checksumWordsInLanes([new Uint32Array(buffer, TABLE_HEADER_BYTES)]) !== sum)
    throw new IndexFormatError('lookup table is damaged');
  let docs: unknown;
  try {
    docs = JSON.parse(utf8.decode(new Uint8Array(buffer, TABLE_HEADER_BYTES, docBytes)));
  } catch {
    throw new IndexFormatError('lookup table is damaged');
  }
  if (!Array.isArray(docs) || docs.length !== slots)
    throw new IndexFormatError('lookup table is damaged');
  const records: DocumentRecord[] = [];
  const checkpointsEnd = TABLE_HEADER_BYTES + docBytes + 4 * checkpointTotal;
  let at = TABLE_HEADER_BYTES + docBytes;
  let samples = 0;
  for (let n = 0; n < docs.length; n++) {
    const d: unknown = docs[n];
    if (d === null) continue;
    if (!isTableDocument(d) || at + 4 * d[5] > checkpointsEnd)
      throw new IndexFormatError('lookup table is damaged');
    const [id, contentHash, words, textLength, count, checkpointCount] = d;
    records.push({
      id,
      contentHash,
      words,
      textLength,
      number: n,
      samples: count,
      postings: undefined,
      checkpoints: new Uint32Array(buffer, at, checkpointCount),
      where: segment,
    });
    at += 4 * checkpointCount;
    samples += count;
  }
  const starts = new Uint32Array(buffer, at, buckets + 1);
  const entries = new Uint32Array(buffer, at + 4 * (buckets + 1), 2 * entryCount);
  if (
    at !== checkpointsEnd ||
    samples !== entryCount ||
    starts[0] !== 0 ||
    starts[buckets] !== entryCount
  )
    throw new IndexFormatError('lookup table is damaged');
  for (let b = 0; b < buckets; b++)
    if ((starts[b] as number) > (starts[b + 1] as number))
      throw new IndexFormatError('lookup table is damaged');
  return {
    k,
    stride,
    slots,
    checksum: sum,
    extends: extendsSum,
    records,
    table: new LookupTable(buckets, docBits, starts, entries),
  };
}

/** Appends the hits of one shingle in one table; `live` (by number) skips removed documents. */
function probe(
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
  const end = 2 * (starts[b + 1] as number);
  for (let i = 2 * (starts[b] as number); i < end; i += 2) {
    const key = entries[i] as number;
    if (key >>> docBits !== high) continue;
    const p = entries[i + 1] as number;
    if ((p & 0xff) !== bLow) continue;
    const doc = key & docMask;
    if (live && !live[doc]) continue;
    seeds.push({ doc, docWord: (p >>> 8) * stride, replyWord });
  }
}

/** Thrown when a serialized index cannot be read; re-index from the text. */
export class IndexFormatError extends Error {
  override name = 'IndexFormatError';
}

/**
 * Postings grouped by bucket (the low `bucketBits` bits of lane A) in one interleaved array of
 * `[key, packed]` pairs, with a bucket start table; about four postings per bucket. `key` holds
 * the rest of lane A above the document number: `(laneA >>> bucketBits) << docBits | doc`, which
 * fits in 32 bits because there are at least as many buckets as document numbers. Built in one
 * counting-sort pass, so the passes use locals and interleaved arrays to keep memory traffic low.
 */
class LookupTable {
  readonly mask: number;
  readonly bucketBits: number;
  readonly docMask: number;

  constructor(
    buckets: number,
    /** Bits of `key` that hold the document number. */
    readonly docBits: number,
    /** `starts[b]..starts[b + 1]` are the pairs of bucket `b` (in pairs, not array slots). */
    readonly starts: Uint32Array,
    readonly entries: Uint32Array,
  ) {
    this.mask = buckets - 1;
    this.bucketBits = Math.log2(buckets);
    this.docMask = docMaskOf(docBits);
  }

  /** Number of postings. */
  get size(): number {
    return this.entries.length / 2;
  }

  /**
   * Calls `visit(laneA, packed, doc)` for every entry, bucket by bucket (the order of a build).
   */
  forEach(visit: (a: number, packed: number, doc: number) => void): void {
    const { starts, entries, bucketBits, docBits, docMask } = this;
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

const EMPTY_TABLE = new LookupTable(1, 0, new Uint32Array(2), new Uint32Array(0));

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function buildRecord(
  id: string,
  textLength: number,
  words: WordHashes,
  options: IndexOptions,
): DocumentRecord {
  const { shingleWords: k, stride } = options;
  const samples = words.count >= k ? Math.floor((words.count - k) / stride) + 1 : 0;
  if (samples > MAX_SAMPLES)
    throw new RangeError(
      `document ${id} has ${words.count} words; the most one document may have is ${MAX_SAMPLES * stride}`,
    );
  const postings = new Uint32Array(samples * 2);
  const lanes = new Uint32Array(2);
  for (let s = 0; s < samples; s++) {
    shingleLanes(words.hashes, s * stride, k, lanes);
    postings[2 * s] = lanes[0] as number;
    postings[2 * s + 1] = ((s << 8) | ((lanes[1] as number) & 0xff)) >>> 0;
  }
  return {
    id,
    words: words.count,
    textLength,
    contentHash: sequenceHash(words.hashes, words.count),
    number: -1,
    samples,
    postings,
    checkpoints: words.checkpoints,
    where: 'pending',
  };
}

const MAGIC_INDEX = 0x52434958; // "RCIX"
const MAGIC_DOC = 0x52434944; // "RCID"
const MAGIC_TABLE = 0x52434954; // "RCIT"

/*
 * Lookup table layout (exportTable): 14 little-endian u32 header words (magic, table format,
 * index format, k, stride, document slots, buckets, postings, document list bytes, checkpoint
 * count, checksum of everything after the header, segment (0 base, 1 delta), for a delta the
 * checksum of its base, bits of a key that hold the document number), then the document list
 * as UTF-8 JSON padded with spaces to 4 bytes (one `[id, contentHash, words, textLength, postings,
 * checkpoints]` or null per document number), the documents' checkpoints one after the other,
 * the bucket starts (buckets + 1) and the `[key, packed]` pairs (see LookupTable).
 */
const TABLE_HEADER_BYTES = 56;

/*
 * Document record layout (big-endian header, then little-endian typed arrays, 4-byte aligned):
 * u32 magic, u32 version, u32 k, u32 stride, u32 words, u32 textLength, u32 postings(u32 count),
 * u32 checkpoints count, u32 id byte length, u32 contentHash byte length, u32 checksum of the
 * postings and checkpoints, id UTF-8, hash UTF-8, padding, postings, checkpoints.
 */
const HEADER_BYTES = 44;

const utf8 = {
  encode(s: string): Uint8Array {
    const out: number[] = [];
    for (const ch of s) {
      const cp = ch.codePointAt(0) as number;
      if (cp < 0x80) out.push(cp);
      else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
      else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
      else
        out.push(
          0xf0 | (cp >> 18),
          0x80 | ((cp >> 12) & 63),
          0x80 | ((cp >> 6) & 63),
          0x80 | (cp & 63),
        );
    }
    return Uint8Array.from(out);
  },
  decode(bytes: Uint8Array): string {
    let s = '';
    for (let i = 0; i < bytes.length;) {
      const b = bytes[i] as number;
      let cp: number;
      if (b < 0x80) {
        cp = b;
        i += 1;
      } else if (b < 0xe0) {
        cp = ((b & 31) << 6) | ((bytes[i + 1] as number) & 63);
        i += 2;
      } else if (b < 0xf0) {
        cp =
          ((b & 15) << 12) |
          (((bytes[i + 1] as number) & 63) << 6) |
          ((bytes[i + 2] as number) & 63);
        i += 3;
      } else {
        cp =
          ((b & 7) << 18) |
          (((bytes[i + 1] as number) & 63) << 12) |
          (((bytes[i + 2] as number) & 63) << 6) |
          ((bytes[i + 3] as number) & 63);
        i += 4;
      }
      s += String.fromCodePoint(cp);
    }
    return s;
  },
};

function encodeRecord(
  r: DocumentRecord,
  postings: Uint32Array,
  options: IndexOptions,
): ArrayBuffer {
  const id = utf8.encode(r.id);
  const hash = utf8.encode(r.contentHash);
  const strings = (id.length + hash.length + 3) & ~3;
  const total = HEADER_BYTES + strings + postings.byteLength + r.checkpoints.byteLength;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const header = [
    MAGIC_DOC,
    INDEX_FORMAT_VERSION,
    options.shingleWords,
    options.stride,
    r.words,
    r.textLength,
    postings.length,
    r.checkpoints.length,
    id.length,
    hash.length,
    checksumWords(postings, r.checkpoints),
  ];
  header.forEach((v, i) => view.setUint32(i * 4, v));
  out.set(id, HEADER_BYTES);
  out.set(hash, HEADER_BYTES + id.length);
  let at = HEADER_BYTES + strings;
  out.set(new Uint8Array(postings.buffer, postings.byteOffset, postings.byteLength), at);
  at += postings.byteLength;
  out.set(
    new Uint8Array(r.checkpoints.buffer, r.checkpoints.byteOffset, r.checkpoints.byteLength),
    at,
  );
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
  const [
    magic,
    version,
    k,
    stride,
    words,
    textLength,
    postingsLength,
    checkpointCount,
    idLength,
    hashLength,
    sum,
  ] = Array.from({ length: 11 }, (_, i) => view.getUint32(i * 4));
  if (magic !== MAGIC_DOC) throw new IndexFormatError('not a Recital index record');
  if (version !== INDEX_FORMAT_VERSION)
    throw new IndexFormatError(`index record format ${version}, expected ${INDEX_FORMAT_VERSION}`);
  if (k !== options.shingleWords || stride !== options.stride)
    throw new IndexFormatError(`index record shape k=${k} S=${stride} differs from this index`);
  const strings = ((idLength as number) + (hashLength as number) + 3) & ~3;
  const postingsAt = HEADER_BYTES + strings;
  const checkpointsAt = postingsAt + (postingsLength as number) * 4;
  if (checkpointsAt + (checkpointCount as number) * 4 !== buffer.byteLength)
    throw new IndexFormatError('index record is damaged');
  const bytes = new Uint8Array(buffer);
  if ((postingsLength as number) % 2 !== 0) throw new IndexFormatError('index record is damaged');
  // Views, not copies: the header and both arrays start at multiples of 4 bytes.
  const postings = new Uint32Array(buffer, postingsAt, postingsLength as number);
  const checkpoints = new Uint32Array(buffer, checkpointsAt, checkpointCount as number);
  if (checksumWords(postings, checkpoints) !== sum)
    throw new IndexFormatError('index record is damaged');
  return {
    id: utf8.decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + (idLength as number))),
    contentHash: utf8.decode(
      bytes.subarray(
        HEADER_BYTES + (idLength as number),
        HEADER_BYTES + (idLength as number) + (hashLength as number),
      ),
    ),
    words: words as number,
    textLength: textLength as number,
    number: -1,
    samples: (postingsLength as number) / 2,
    postings,
    checkpoints,
    where: 'pending',
  };
}
