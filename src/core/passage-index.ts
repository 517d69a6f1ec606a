import {
  BLOCK_WORDS,
  buildRecord,
  decodeRecord,
  describe,
  encodeIndex,
  encodeRecord,
  isSameDocument,
  splitIndex,
  UNREAD_CHECKPOINTS,
  type DocumentRecord,
  type IndexedDocument,
  type TableSegment,
} from './document-record';
import { shingleLanes } from './hash';
import { hashWords } from './hash-words';
import {
  checkIndexShape,
  DEFAULT_INDEX_OPTIONS,
  IndexFormatError,
  type IndexOptions,
} from './index-format';
import { EMPTY_TABLE, LookupTable, probe, readPostings, type Seed } from './lookup-table';
import { pageNumber, probePage, type PagedPostings, type PageMisses } from './posting-pages';
import type { EntryLoader, StartsLoader } from './lookup-table';
import { encodeTable, readTable } from './table-format';
import type { WordList } from './tokenize';

export type { Seed } from './lookup-table';

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
  /** The index shape: both the library and replies are read with it. */
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
  /** Postings kept in a store's pages (posting-pages.ts), read where a reply's shingles touch. */
  private paged: PagedPostings | undefined;
  private readonly versions = { base: 0, delta: 0 };
  /** Checksum of the base table as exported, which a delta table names to show what it extends. */
  private baseChecksum: { version: number; value: number } | undefined;

  constructor(options: Partial<IndexOptions> = {}) {
    this.options = { ...DEFAULT_INDEX_OPTIONS, ...options };
    checkIndexShape(this.options);
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

  /** True when a document with this id is in the index. */
  has(id: string): boolean {
    return this.records.has(id);
  }

  /** The documents, in the order they were added. */
  documents(): IndexedDocument[] {
    return [...this.records.values()].map(describe);
  }

  /** The document with this id, or undefined. */
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
    } else if (r.where !== 'paged') {
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
      for (const [record, postings] of readPostings(
        { base: this.base, delta: this.delta },
        inTable,
      ))
        record.postings = postings;
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
    const fromTables = readPostings(
      { base: this.base, delta: this.delta },
      records.filter((r) => !r.postings),
    );
    const parts = records.map((r) =>
      encodeRecord(r, r.postings ?? fromTables.get(r) ?? new Uint32Array(0), this.options),
    );
    return encodeIndex(parts);
  }

  /**
   * Reads an index written by {@link serialize}.
   *
   * @throws IndexFormatError on another format version or a damaged buffer
   */
  static deserialize(buffer: ArrayBuffer, options: Partial<IndexOptions> = {}): PassageIndex {
    const { records, first } = splitIndex(buffer);
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
    const extendsSum = segment === 'delta' ? this.currentBaseChecksum() : 0;
    const { parts, checksum } = encodeTable(table, slots, this.options, segment, extendsSum);
    if (segment === 'base') this.baseChecksum = { version: this.versions.base, value: checksum };
    return parts;
  }

  /**
   * An index over a store's posting pages: `docs` are the documents whose postings the pages
   * hold, under their store numbers (a page's postings of any other number are skipped). The
   * pages are read by the caller when {@link findSeeds} reports them missing.
   */
  static withPages(
    pages: PagedPostings,
    docs: readonly (IndexedDocument & { number: number })[],
    options: Partial<IndexOptions> = {},
  ): PassageIndex {
    const index = new PassageIndex(options);
    for (const d of docs) {
      if (index.records.has(d.id) || index.byNumber[d.number]) continue;
      const r: DocumentRecord = {
        ...describe(d as DocumentRecord),
        number: d.number,
        samples: 0,
        postings: undefined,
        checkpoints: UNREAD_CHECKPOINTS,
        where: 'paged',
      };
      index.records.set(r.id, r);
      index.byNumber[r.number] = r;
      index.nextNumber = Math.max(index.nextNumber, r.number + 1);
    }
    index.paged = pages;
    return index;
  }

  /**
   * Loads an index from a base table ({@link exportTable}'s parts joined into one buffer)
   * without rebuilding it. The index keeps views into `buffer`: do not change it afterwards.
   * Every listed document is in the index; remove those the caller no longer has.
   *
   * With a `loader`, `buffer` is the table's bytes before its entries (`tableHeadBytes`); lookups
   * read entries through it, throwing what it throws, and it checks them, not the table checksum.
   * With a `startsLoader` too, `buffer` ends before the bucket starts (`tableHeadBytes`'s
   * `startsAt`), which lookups read through it, section by section, as they need them.
   *
   * @throws IndexFormatError when the table is not a base table, has another format version,
   *   another index version or another shape than `options`, or is damaged (checksum, sizes)
   */
  static fromTable(
    buffer: ArrayBuffer,
    options: Partial<IndexOptions> = {},
    loader?: EntryLoader,
    startsLoader?: StartsLoader,
  ): PassageIndex {
    const table = readTable(buffer, options, 'base', loader, startsLoader);
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
  findSeeds(reply: WordList, fromWord = 0, misses?: PageMisses): Seed[] {
    this.prepare();
    const { shingleWords: k, stride } = this.options;
    const lanes = new Uint32Array(2);
    const seeds: Seed[] = [];
    const base = this.base ?? EMPTY_TABLE;
    const delta = this.delta ?? EMPTY_TABLE;
    // Entries of removed documents stay in a table until it is rebuilt: skip them.
    const baseLive = this.baseDead > 0 ? this.byNumber : undefined;
    const deltaLive = this.deltaDead > 0 ? this.byNumber : undefined;
    const { paged, byNumber } = this;
    const isLive = (doc: number): boolean => byNumber[doc]?.where === 'paged';
    for (let r = Math.max(0, fromWord); r + k <= reply.count; r++) {
      shingleLanes(reply.hashes, r, k, lanes);
      const a = lanes[0] as number;
      const bLow = (lanes[1] as number) & 0xff;
      probe(base, a, bLow, r, stride, baseLive, seeds);
      probe(delta, a, bLow, r, stride, deltaLive, seeds);
      if (paged?.mayContain(a, bLow)) {
        const page = paged.page(a);
        if (page) probePage(page, a, bLow, r, stride, isLive, seeds);
        else if (misses) {
          misses.pages.add(pageNumber(a, paged.pageBits));
          misses.firstWord = Math.min(misses.firstWord, r);
        }
      }
    }
    return seeds;
  }

  /** The document behind a seed's `doc` number (valid while that document is in the index). */
  seedDocument(doc: number): { id: string; words: number } {
    const r = this.byNumber[doc];
    if (!r) throw new RangeError(`no document number ${doc}`);
    return r;
  }

  /**
   * The raw-offset checkpoints of document number `doc`, whose text is `text`. A document of the
   * store's pages has none in memory until first needed: they are read from its text then (the
   * same pass that indexed it) and kept.
   */
  documentCheckpoints(doc: number, text: string | { length: number }): Uint32Array {
    const r = this.byNumber[doc];
    if (!r) throw new RangeError(`no document number ${doc}`);
    if (r.checkpoints === UNREAD_CHECKPOINTS && typeof text === 'string')
      r.checkpoints = hashWords(text, BLOCK_WORDS).checkpoints;
    return r.checkpoints;
  }

  /** Whether document number `doc`'s checkpoints are known (stored, given, or read from text). */
  hasCheckpoints(doc: number): boolean {
    const r = this.byNumber[doc];
    return r !== undefined && (r.checkpoints !== UNREAD_CHECKPOINTS || r.words === 0);
  }

  /** The known checkpoints of document `id`, if any. */
  checkpointsOf(id: string): Uint32Array | undefined {
    const r = this.records.get(id);
    return r && r.checkpoints !== UNREAD_CHECKPOINTS ? r.checkpoints : undefined;
  }

  /**
   * Gives document `id` of the store's pages the checkpoints stored with its postings, so its
   * first read needs no pass over its whole text. Ignored unless they can be its checkpoints:
   * one per block of its words, rising, inside its text.
   */
  knowCheckpoints(id: string, checkpoints: Uint32Array): void {
    const r = this.records.get(id);
    if (!r || r.checkpoints !== UNREAD_CHECKPOINTS) return;
    if (checkpoints.length !== Math.ceil(r.words / BLOCK_WORDS)) return;
    for (let b = 0; b < checkpoints.length; b++)
      if (
        (checkpoints[b] as number) >= r.textLength ||
        (b > 0 && checkpoints[b]! <= checkpoints[b - 1]!)
      )
        return;
    r.checkpoints = checkpoints;
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
}
