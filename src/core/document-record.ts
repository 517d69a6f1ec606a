/** One document's index entries: built from its words, compared, and serialized alone. */
import { checksumWords, sequenceHash, shingleLanes } from './hash';
import type { WordHashes } from './hash-words';
import {
  INDEX_FORMAT_VERSION,
  IndexFormatError,
  MAGIC_DOC,
  MAGIC_INDEX,
  type IndexOptions,
} from './index-format';
import { utf8 } from './utf8';

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

/** @internal What the index keeps of one document. */
export interface DocumentRecord extends IndexedDocument {
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
  /**
   * Raw offset of word `b * BLOCK_WORDS`, for each block `b`; {@link UNREAD_CHECKPOINTS} for a
   * document of a store's pages until its text is first read.
   */
  checkpoints: Uint32Array;
  /**
   * Where the document's postings are: its own `postings`, one of the two tables, or a store's
   * pages (posting-pages.ts).
   */
  where: 'pending' | TableSegment | 'paged';
}

/** The two lookup tables of an index: the large base, and the delta of recent additions. */
export type TableSegment = 'base' | 'delta';

/** The checkpoints of a document of a store's pages whose text has not been read yet. */
export const UNREAD_CHECKPOINTS = new Uint32Array(0);

/** The public description of a record (no postings, no number). */
export function describe(r: DocumentRecord): IndexedDocument {
  return { id: r.id, words: r.words, textLength: r.textLength, contentHash: r.contentHash };
}

/** True when two records hold the same words of the same text with the same checkpoints. */
export function isSameDocument(a: DocumentRecord, b: DocumentRecord): boolean {
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

/**
 * A pending record of document `id` from its words: every `stride`-th k-word shingle as a
 * posting `[laneA, (sample << 8) | laneB & 0xff]`, and the checkpoints of `words`.
 *
 * @throws RangeError when the document has more than 2^24 samples (about 100 M words)
 */
export function buildRecord(
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

/*
 * Document record layout (big-endian header, then little-endian typed arrays, 4-byte aligned):
 * u32 magic, u32 version, u32 k, u32 stride, u32 words, u32 textLength, u32 postings(u32 count),
 * u32 checkpoints count, u32 id byte length, u32 contentHash byte length, u32 checksum of the
 * postings and checkpoints, id UTF-8, hash UTF-8, padding, postings, checkpoints.
 */
const HEADER_BYTES = 44;

/**
 * One document's entries as a standalone buffer in the layout above (format
 * {@link INDEX_FORMAT_VERSION}); `postings` are the record's, read back from a table if need be.
 */
export function encodeRecord(
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

/**
 * The index shape a serialized record was built with.
 *
 * @throws IndexFormatError when the buffer is shorter than a record header
 */
function readRecordOptions(buffer: ArrayBuffer): IndexOptions {
  if (buffer.byteLength < HEADER_BYTES) throw new IndexFormatError('index record is truncated');
  const view = new DataView(buffer);
  return { shingleWords: view.getUint32(8), stride: view.getUint32(12) };
}

/**
 * A pending record from {@link encodeRecord}'s buffer, with views (not copies) into it.
 *
 * @throws IndexFormatError on another magic, format version or shape than `options`, or a
 *   damaged record (sizes, checksum)
 */
export function decodeRecord(buffer: ArrayBuffer, options: IndexOptions): DocumentRecord {
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

/**
 * Joins serialized documents ({@link encodeRecord}) into one index buffer: a 16-byte big-endian
 * header (magic, format version, count, 0), then each part after its u32 byte length.
 */
export function encodeIndex(parts: readonly ArrayBuffer[]): ArrayBuffer {
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
 * Splits an index buffer from {@link encodeIndex} into its document parts (copies), with the
 * shape of the first document (undefined for an empty index).
 *
 * @throws IndexFormatError on another format version or a damaged buffer
 */
export function splitIndex(buffer: ArrayBuffer): {
  records: ArrayBuffer[];
  first: IndexOptions | undefined;
} {
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
  return { records, first };
}
