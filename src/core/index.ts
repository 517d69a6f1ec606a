// The public surface of the matching core: the background worker and the CLI import only this.
export { normalize, normalizeRange, normOffsetToRaw } from './normalize';
export type { NormalizedText, NormalizedBuffer } from './normalize';
export { tokenize } from './tokenize';
export type { WordList, TokenizeOptions } from './tokenize';
export { hashWords } from './hash-words';
export type { WordHashes } from './hash-words';
export { hashString } from './hash';
export { PassageIndex } from './passage-index';
export {
  IndexFormatError,
  INDEX_FORMAT_VERSION,
  TABLE_FORMAT_VERSION,
  DEFAULT_INDEX_OPTIONS,
} from './index-format';
export type { IndexOptions } from './index-format';
export { BLOCK_WORDS } from './document-record';
export type { IndexedDocument, TableSegment } from './document-record';
export type { Seed } from './lookup-table';
export { findSpans, spansFromSeeds, CursorCache, DEFAULT_SCAN_OPTIONS } from './find-spans';
export type { ScanOptions, TextLookup } from './find-spans';
export { ReplyScanner } from './reply-scanner';
export { READER_PIECES, readerPiecesText, warmUpIndexing } from './warm-up';
export {
  wordWeight,
  summarizeInformation,
  isInformative,
  DEFAULT_INFORMATION,
} from './low-information';
export type { InformationSummary, InformationThresholds } from './low-information';
export type { Span, ScanResult, MatchKind } from './types';
