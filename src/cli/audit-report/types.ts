// What the evidence report is written from: the CLI's audit run produces these (docs/audit-report.md).
import type { MatchKind } from '../../core/index';

/** One input file of the run, as the header lists it. */
export interface AuditInput {
  /** The path as given on the command line. */
  file: string;
  /** 'empty': a data export holding no conversation. */
  format: 'text' | 'chatgpt' | 'claude' | 'jsonl' | 'empty';
  /** Assistant replies read from the file. */
  replies: number;
}

/** What was scanned, when, against which library, with which criteria. */
export interface AuditRun {
  /** When the run started, ISO 8601 (UTC). */
  generatedAt: string;
  recitalVersion: string;
  /** Shortest span reported, in words. */
  minWords: number;
  /** Whether near copies (small edits bridged) were reported, or exact copies only. */
  includeNear: boolean;
  library: {
    documents: number;
    /** UTF-16 code units of library text indexed. */
    characters: number;
    /** The --library arguments, when the caller has them. */
    roots?: string[];
  };
  inputs: AuditInput[];
}

/** One copied span: the scanner's --json fields plus the source's title and author. */
export interface AuditMatch {
  /** UTF-16 offsets into `replyText`, end exclusive. */
  replyStart: number;
  replyEnd: number;
  /** Library-relative path of the source document. */
  source: string;
  title: string;
  author?: string;
  /** UTF-16 offsets into the source document's text as indexed, end exclusive. */
  sourceStart: number;
  sourceEnd: number;
  words: number;
  kind: MatchKind;
  score: number;
  /** Words replaced, inserted or dropped (near copies). */
  edits?: number;
}

/** One scanned reply, in input order; `matches` is empty for a reply that copied nothing. */
export interface AuditReply {
  /** The input file it came from. */
  file: string;
  /** Conversation id, when the input has conversations. */
  conversation?: string;
  conversationTitle?: string;
  /** Message id of the reply, when the input has one. */
  message?: string;
  replyText: string;
  words: number;
  /** Share of the reply's words inside matches, 0..1. */
  coverage: number;
  matches: AuditMatch[];
}

/** The text of a library document by its library-relative path; undefined when it is gone. */
export type SourceTextLookup = (source: string) => string | undefined;
