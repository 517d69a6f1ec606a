/** The saved form of a lookup table (base or delta) with the documents it covers. */
import type { DocumentRecord, TableSegment } from './document-record';
import { checksumWordsInLanes } from './hash';
import {
  checkIndexShape,
  INDEX_FORMAT_VERSION,
  IndexFormatError,
  MAGIC_TABLE,
  TABLE_FORMAT_VERSION,
  type IndexOptions,
} from './index-format';
import { LookupTable, type EntryLoader, type StartsLoader } from './lookup-table';
import { utf8 } from './utf8';

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/*
 * Lookup table layout (exportTable): 14 little-endian u32 header words (magic, table format,
 * index format, k, stride, document slots, buckets, postings, document list bytes, checkpoint
 * count, checksum of everything after the header, segment (0 base, 1 delta), for a delta the
 * checksum of its base, bits of a key that hold the document number), then the document list
 * as UTF-8 JSON padded with spaces to 4 bytes (one `[id, contentHash, words, textLength, postings,
 * checkpoints]` or null per document number), the documents' checkpoints one after the other,
 * the bucket starts (buckets + 1) and the `[key, packed]` pairs (see LookupTable).
 */
/** Bytes of a table header: 14 u32 fields. */
const TABLE_HEADER_BYTES = 56;

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
export interface ReadTable {
  /** Words per shingle. */
  k: number;
  /** Stride of the stored shingles. */
  stride: number;
  /** Document numbers the table has room for (one more than the largest). */
  slots: number;
  /** The checksum of everything after the header, as stored. */
  checksum: number;
  /** For a delta, the checksum of the base table it extends. */
  extends: number;
  /** The documents the table lists, with views of their checkpoints. */
  records: DocumentRecord[];
  /** The lookup table, views into the buffer. */
  table: LookupTable;
}

/** The 14 header fields of a saved table, in their order. */
interface TableHeader {
  magic: number;
  format: number;
  version: number;
  k: number;
  stride: number;
  slots: number;
  buckets: number;
  entryCount: number;
  docBytes: number;
  checkpointTotal: number;
  sum: number;
  kind: number;
  extendsSum: number;
  docBits: number;
}

const HEADER_FIELDS: readonly (keyof TableHeader)[] = [
  'magic',
  'format',
  'version',
  'k',
  'stride',
  'slots',
  'buckets',
  'entryCount',
  'docBytes',
  'checkpointTotal',
  'sum',
  'kind',
  'extendsSum',
  'docBits',
];

/** Where a saved table's parts are, from its header ({@link tableHeadBytes}). */
export interface TableHead {
  /** Bytes before the bucket starts: header, document list, checkpoints. */
  startsAt: number;
  /** Bytes before the entries: the above and the bucket starts (4 bytes each, buckets + 1). */
  headBytes: number;
  /** Number of `[key, packed]` entry pairs (8 bytes each) after the head. */
  pairs: number;
}

/**
 * Where the parts of a saved table are, from at least its first 56 bytes: what a reader that
 * leaves the bucket starts or the entries in storage reads first. Nothing is checked but the
 * length: a reader checks the bytes it then reads. Throws IndexFormatError when `header` is shorter.
 */
export function tableHeadBytes(header: Uint8Array): TableHead {
  if (header.byteLength < TABLE_HEADER_BYTES)
    throw new IndexFormatError('lookup table is truncated');
  const view = new DataView(header.buffer, header.byteOffset, TABLE_HEADER_BYTES);
  const field = (name: keyof TableHeader): number =>
    view.getUint32(4 * HEADER_FIELDS.indexOf(name), true);
  const startsAt = TABLE_HEADER_BYTES + field('docBytes') + 4 * field('checkpointTotal');
  const headBytes = startsAt + 4 * (field('buckets') + 1);
  return { startsAt, headBytes, pairs: field('entryCount') };
}

/**
 * Reads and checks a saved table of `segment` against the expected shape `options`. The result
 * holds views into `buffer`. With a `loader`, `buffer` is the table's bytes before its entries
 * ({@link tableHeadBytes}) and the table's entries are the loader's, read on demand; the table's
 * checksum covers the entries, so it is not checked then (the loader checks what it reads). With a
 * `startsLoader` too, `buffer` ends before the bucket starts, which are the loader's, read and
 * checked (in order, within the entries) by it as lookups need them.
 *
 * @throws IndexFormatError when the table is not of that segment, has another format version,
 *   index version or shape, or is damaged (sizes, checksum, document list), or when
 *   `loader.entries` is not the table's size
 */
export function readTable(
  buffer: ArrayBuffer,
  options: Partial<IndexOptions>,
  segment: TableSegment,
  loader?: EntryLoader,
  startsLoader?: StartsLoader,
): ReadTable {
  const h = readHeader(buffer, options, segment, loader, startsLoader);
  let docs: unknown;
  try {
    docs = JSON.parse(utf8.decode(new Uint8Array(buffer, TABLE_HEADER_BYTES, h.docBytes)));
  } catch {
    throw new IndexFormatError('lookup table is damaged');
  }
  if (!Array.isArray(docs) || docs.length !== h.slots)
    throw new IndexFormatError('lookup table is damaged');
  const records: DocumentRecord[] = [];
  const checkpointsEnd = TABLE_HEADER_BYTES + h.docBytes + 4 * h.checkpointTotal;
  let at = TABLE_HEADER_BYTES + h.docBytes;
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
  if (at !== checkpointsEnd || samples !== h.entryCount)
    throw new IndexFormatError('lookup table is damaged');
  return {
    k: h.k,
    stride: h.stride,
    slots: h.slots,
    checksum: h.sum,
    extends: h.extendsSum,
    records,
    table: readBuckets(buffer, at, h, loader, startsLoader),
  };
}

/** The header of a saved table, checked against the buffer's size and checksum. */
function readHeader(
  buffer: ArrayBuffer,
  options: Partial<IndexOptions>,
  segment: TableSegment,
  loader: EntryLoader | undefined,
  startsLoader: StartsLoader | undefined,
): TableHeader {
  if (!LITTLE_ENDIAN) throw new IndexFormatError('lookup tables are stored little-endian');
  if (buffer.byteLength < TABLE_HEADER_BYTES)
    throw new IndexFormatError('lookup table is truncated');
  const view = new DataView(buffer);
  const h = Object.fromEntries(
    HEADER_FIELDS.map((name, i) => [name, view.getUint32(i * 4, true)]),
  ) as unknown as TableHeader;
  const { k, stride, buckets, docBits, docBytes } = h;
  // Entries and bucket starts left in storage are not in the buffer.
  const storedEntryBytes = loader ? 0 : 8 * h.entryCount;
  const storedStartBytes = startsLoader ? 0 : 4 * (buckets + 1);
  if (h.magic !== MAGIC_TABLE) throw new IndexFormatError('not a Recital lookup table');
  if (h.format !== TABLE_FORMAT_VERSION)
    throw new IndexFormatError(`lookup table format ${h.format}, expected ${TABLE_FORMAT_VERSION}`);
  if (h.version !== INDEX_FORMAT_VERSION)
    throw new IndexFormatError(`index format ${h.version}, expected ${INDEX_FORMAT_VERSION}`);
  if ((options.shingleWords ?? k) !== k || (options.stride ?? stride) !== stride)
    throw new IndexFormatError(`lookup table shape k=${k} S=${stride} differs from this index`);
  try {
    checkIndexShape({ shingleWords: k, stride });
  } catch {
    throw new IndexFormatError(`lookup table shape k=${k} S=${stride} is not supported`);
  }
  if (h.kind !== (segment === 'base' ? 0 : 1))
    throw new IndexFormatError(`not a ${segment} lookup table`);
  if (
    (segment === 'base' && h.extendsSum !== 0) ||
    buckets === 0 ||
    (buckets & (buckets - 1)) !== 0 ||
    docBits > Math.log2(buckets) ||
    h.slots > 2 ** docBits ||
    docBytes % 4 !== 0 ||
    TABLE_HEADER_BYTES + docBytes + 4 * h.checkpointTotal + storedStartBytes + storedEntryBytes !==
      buffer.byteLength ||
    (startsLoader && (!loader || startsLoader.starts.length !== buckets + 1)) ||
    (loader ? loader.entries.length !== 2 * h.entryCount : !hasChecksum(buffer, h.sum))
  )
    throw new IndexFormatError('lookup table is damaged');
  return h;
}

const hasChecksum = (buffer: ArrayBuffer, sum: number): boolean =>
  checksumWordsInLanes([new Uint32Array(buffer, TABLE_HEADER_BYTES)]) === sum;

/** The bucket starts and entries at byte `at`, checked to be in order and to add up. */
function readBuckets(
  buffer: ArrayBuffer,
  at: number,
  h: TableHeader,
  loader: EntryLoader | undefined,
  startsLoader: StartsLoader | undefined,
): LookupTable {
  const { buckets, entryCount } = h;
  const entries =
    loader?.entries ?? new Uint32Array(buffer, at + 4 * (buckets + 1), 2 * entryCount);
  // Starts left in storage are checked by their loader as lookups read them.
  if (startsLoader)
    return new LookupTable(buckets, h.docBits, startsLoader.starts, entries, loader, startsLoader);
  const starts = new Uint32Array(buffer, at, buckets + 1);
  if (starts[0] !== 0 || starts[buckets] !== entryCount)
    throw new IndexFormatError('lookup table is damaged');
  for (let b = 0; b < buckets; b++)
    if ((starts[b] as number) > (starts[b + 1] as number))
      throw new IndexFormatError('lookup table is damaged');
  return new LookupTable(buckets, h.docBits, starts, entries, loader);
}

/**
 * The saved form of `table`: a header, then the document list, checkpoints, bucket starts and
 * entries (the layout above), as parts that share memory with the index. `slots[n]` is the
 * document of number `n` whose entries the table holds, removed ones included.
 */
export function encodeTable(
  table: LookupTable,
  slots: readonly (DocumentRecord | undefined)[],
  options: IndexOptions,
  segment: TableSegment,
  extendsSum: number,
): { parts: Uint8Array<ArrayBuffer>[]; checksum: number } {
  table.loadAll();
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
  const header = new DataView(new ArrayBuffer(TABLE_HEADER_BYTES));
  const fields = [
    MAGIC_TABLE,
    TABLE_FORMAT_VERSION,
    INDEX_FORMAT_VERSION,
    options.shingleWords,
    options.stride,
    slots.length,
    table.starts.length - 1,
    table.size,
    docBytes.length,
    checkpoints.reduce((n, c) => n + c.length, 0),
    sum,
    segment === 'base' ? 0 : 1,
    extendsSum,
    table.docBits,
  ];
  fields.forEach((v, i) => header.setUint32(i * 4, v, true));
  // Every array of the index is allocated on an ArrayBuffer (never a SharedArrayBuffer).
  const parts = [
    new Uint8Array(header.buffer),
    ...body.map((a) => new Uint8Array(a.buffer as ArrayBuffer, a.byteOffset, a.byteLength)),
  ];
  return { parts, checksum: sum };
}
