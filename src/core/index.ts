// The public surface of the matching core: the background worker and the CLI import only this.
export { normalize, normalizeRange, normOffsetToRaw } from './normalize';
export { tokenize } from './tokenize';
export type { WordList } from './tokenize';
export { hashWords } from './hash-words';
export { hashString } from './hash';
export { PassageIndex } from './passage-index';
export { PageFilter, type FilterVariant } from './page-filter';
export {
  choosePageBits,
  groupSlice,
  joinPages,
  pageInSlice,
  PagedPostings,
  scatterPostings,
  SLICES,
} from './posting-pages';
export type { EntryLoader, StartsLoader } from './lookup-table';
export { tableHeadBytes } from './table-format';
export {
  IndexFormatError,
  INDEX_FORMAT_VERSION,
  TABLE_FORMAT_VERSION,
  DEFAULT_INDEX_OPTIONS,
} from './index-format';
export type { IndexOptions } from './index-format';
export { BLOCK_WORDS, buildRecord, decodeRecord } from './document-record';
export {
  blockStartIn,
  findSpans,
  partBlocks,
  partCount,
  partCountOfWords,
  partRange,
} from './find-spans';
export type { PartialText, ScanOptions, TextLookup } from './find-spans';
export { ReplyScanner } from './reply-scanner';
export { cutParts, partPlaces } from './cut-parts';
export { bodyBounds, firstLineOf, headingsOf, lastHeadingBefore } from './text-body';
export { readerPiecesText, warmUpIndexing, warmUpScanning } from './warm-up';
export { wordWeight } from './low-information';
export { titleLineLookup } from './title-lines';
export { COMMON_QUOTATION_DOCUMENTS } from './common-quotations';
export type { Span, ScanResult, MatchKind } from './types';
export { diffWords } from './word-diff';
export type { DiffPart } from './word-diff';
export { scoreProbe } from './probe-score';
export type { ProbeScores } from './probe-score';
export {
  chapterOpenings,
  countWords,
  cutProbe,
  randomStarts,
  wordAtOffset,
} from './probe-passages';
export type { ProbeCut } from './probe-passages';
