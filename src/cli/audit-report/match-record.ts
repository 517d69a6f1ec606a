// One flat record per match, the row of matches.csv and the line of matches.jsonl (field names
// and meanings in docs/audit-report.md: change both together).
import { spanText } from './excerpt';
import type { AuditMatch, AuditReply } from './types';

export const MATCH_FIELDS = [
  'reply',
  'file',
  'conversation',
  'conversationTitle',
  'message',
  'source',
  'title',
  'author',
  'kind',
  'words',
  'edits',
  'score',
  'replyStart',
  'replyEnd',
  'sourceStart',
  'sourceEnd',
  'replyExcerpt',
  'sourceExcerpt',
] as const;

/** Absent ids and an unavailable source excerpt are null. */
export type MatchRecord = Record<(typeof MATCH_FIELDS)[number], string | number | null>;

/** The record of `match` in `reply`, the `number`th reply of the run (1-based). */
export function matchRecord(
  reply: AuditReply,
  number: number,
  match: AuditMatch,
  sourceText: string | undefined,
): MatchRecord {
  return {
    reply: number,
    file: reply.file,
    conversation: reply.conversation ?? null,
    conversationTitle: reply.conversationTitle ?? null,
    message: reply.message ?? null,
    source: match.source,
    title: match.title,
    author: match.author ?? null,
    kind: match.kind,
    words: match.words,
    edits: match.edits ?? (match.kind === 'exact' ? 0 : null),
    score: match.score,
    replyStart: match.replyStart,
    replyEnd: match.replyEnd,
    sourceStart: match.sourceStart,
    sourceEnd: match.sourceEnd,
    replyExcerpt: spanText(reply.replyText, match.replyStart, match.replyEnd),
    sourceExcerpt:
      sourceText === undefined ? null : spanText(sourceText, match.sourceStart, match.sourceEnd),
  };
}

/** The record as one JSON line (with its newline). */
export function jsonLine(record: MatchRecord): string {
  return `${JSON.stringify(record)}\n`;
}
