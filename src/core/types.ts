/** `exact`: the same words in the same order; `near`: the same with small edits bridged. */
export type MatchKind = 'exact' | 'near';

/**
 * One copied span. Raw offsets are UTF-16 code units into the texts as given (the reply as
 * scanned, the document as indexed), end exclusive. Word offsets count normalized words.
 */
export interface Span {
  /** Raw offset in the reply where the span starts. */
  replyStart: number;
  /** Raw offset in the reply where the span ends (exclusive). */
  replyEnd: number;
  /** Id of the library document it copies. */
  docId: string;
  /** Raw offset in the document where the copied passage starts. */
  sourceStart: number;
  /** Raw offset in the document where the copied passage ends (exclusive). */
  sourceEnd: number;
  /** First reply word of the span. */
  replyWordStart: number;
  /** Reply word just after the span. */
  replyWordEnd: number;
  /** First document word of the passage. */
  sourceWordStart: number;
  /** Document word just after the passage. */
  sourceWordEnd: number;
  /** Length in reply words. */
  words: number;
  /** Whether the span is an exact copy or one with small edits bridged. */
  kind: MatchKind;
  /** Words replaced, inserted or dropped inside the span (0 for exact spans). */
  edits: number;
  /**
   * Significance: 2 per content word and 1 per function word of the span, lowered by edits.
   * Higher is stronger evidence; comparable across spans and replies.
   */
  score: number;
  /**
   * Library documents that hold the span (its own included), at least 1. A span held by
   * `COMMON_QUOTATION_DOCUMENTS` (3) or more is a common quotation: a famous line or stock phrase
   * the library quotes in many places, not a copy of `docId` in particular.
   */
  sharedBy: number;
}

/** What a scan of one reply found. */
export interface ScanResult {
  /** Words in the reply. */
  words: number;
  /** Share of the reply's words inside reported spans, 0..1. */
  coverage: number;
  /** Spans in reply order; they never overlap in the reply. */
  spans: Span[];
}
