/** The serialized index's versions, magic numbers, shape checks and error. */

/**
 * Version of the serialized index. Bump it whenever normalization, tokenization, hashing or the
 * byte layout changes; stored indexes of another version must be rebuilt from the text.
 */
export const INDEX_FORMAT_VERSION = 1;

/**
 * Version of {@link PassageIndex.exportTable}'s layout. Bump it whenever that layout changes;
 * a table of another version is ignored and the index is loaded from the document records.
 */
export const TABLE_FORMAT_VERSION = 1;

/** Shape of the index; both sides of a match must use the same values. */
export interface IndexOptions {
  /** Words per shingle (k). Default 6. */
  shingleWords: number;
  /** Every `stride`-th shingle of a document is stored (S). Default 6. */
  stride: number;
}

/** The index shape used when none is given: k = 6, S = 6, so runs of 11 words are always found. */
export const DEFAULT_INDEX_OPTIONS: IndexOptions = { shingleWords: 6, stride: 6 };

/**
 * Checks an index shape: 2 ≤ k ≤ 32 words per shingle, 1 ≤ S ≤ 64.
 *
 * @throws RangeError for any other shape
 */
export function checkIndexShape({ shingleWords, stride }: IndexOptions): void {
  if (!(shingleWords >= 2 && shingleWords <= 32 && stride >= 1 && stride <= 64)) {
    throw new RangeError(`unsupported index shape k=${shingleWords} S=${stride}`);
  }
}

/** Thrown when a serialized index cannot be read; re-index from the text. */
export class IndexFormatError extends Error {
  /** Always `IndexFormatError`, so the error can be told apart after a structured clone. */
  override name = 'IndexFormatError';
}

/** First u32 of a whole serialized index, "RCIX". */
export const MAGIC_INDEX = 0x52434958; // "RCIX"
/** First u32 of a serialized document record, "RCID". */
export const MAGIC_DOC = 0x52434944; // "RCID"
/** First u32 of a saved lookup table, "RCIT". */
export const MAGIC_TABLE = 0x52434954; // "RCIT"
