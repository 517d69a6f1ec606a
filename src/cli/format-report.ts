import {
  COMMON_QUOTATION_DOCUMENTS,
  type ScanResult,
  type Span,
  type TextLookup,
} from '../core/index';
import type { SourceMetadata } from './library-texts';

/** The title and author of a library document by name (undefined for an unknown name). */
export type DescribeSource = (name: string) => SourceMetadata | undefined;

/** The readable report of one reply: a summary line, then each span with its source. */
export function formatReport(
  name: string,
  text: string,
  result: ScanResult,
  getText: TextLookup,
  describe: DescribeSource,
): string {
  const lines = [
    `${name}: ${result.words} words, ${result.spans.length} copied span${result.spans.length === 1 ? '' : 's'}, coverage ${(result.coverage * 100).toFixed(1)}%`,
  ];
  for (const s of result.spans) {
    const quote = text.slice(s.replyStart, s.replyEnd).replace(/\s+/g, ' ');
    const shown = quote.length > 240 ? `${quote.slice(0, 200)} … ${quote.slice(-30)}` : quote;
    const source = getText(s.docId);
    const where = source
      ? ` (${((100 * s.sourceStart) / Math.max(1, source.length)).toFixed(0)}% into the text)`
      : '';
    lines.push(
      `  ${s.kind === 'exact' ? 'EXACT' : `NEAR (${s.edits} edit${s.edits === 1 ? '' : 's'})`}  ${s.words} words, score ${s.score}`,
    );
    lines.push(`    “${shown}”`);
    lines.push(
      `    ${origin(s)}${s.docId}${byline(describe(s.docId))}, characters ${s.sourceStart}–${s.sourceEnd}${where}; reply characters ${s.replyStart}–${s.replyEnd}`,
    );
  }
  return lines.join('\n') + '\n';
}

// A line that several library documents hold is not named as a copy of the one that won the tie.
function origin(span: Span): string {
  if (span.sharedBy >= COMMON_QUOTATION_DOCUMENTS)
    return `a common quotation, in ${span.sharedBy} library documents; one is `;
  if (span.sharedBy > 1) return `in ${span.sharedBy} library documents; one is `;
  return 'from ';
}

/** Where a reply sits in a transcript: the --json fields after "reply". */
export interface ReplyOrigin {
  conversation: string;
  message: string;
  title?: string;
}

// ", “Alice's Adventures in Wonderland” by Lewis Carroll"
function byline(metadata: SourceMetadata | undefined): string {
  if (!metadata) return '';
  return `, “${metadata.title}”${metadata.author ? ` by ${metadata.author}` : ''}`;
}

/** One match as the scanner's --json lines and the catalogue service answer it. */
export function matchFields(s: Span, metadata: SourceMetadata | undefined) {
  return {
    replyStart: s.replyStart,
    replyEnd: s.replyEnd,
    source: s.docId,
    title: metadata?.title ?? s.docId,
    author: metadata?.author ?? null,
    sourceStart: s.sourceStart,
    sourceEnd: s.sourceEnd,
    words: s.words,
    kind: s.kind,
    score: s.score,
    sharedBy: s.sharedBy,
  };
}

/** The --json line of one reply, fields as the README documents them. */
export function formatJson(
  reply: string,
  result: ScanResult,
  describe: DescribeSource,
  origin?: ReplyOrigin,
): string {
  const matches = result.spans.map((s) => matchFields(s, describe(s.docId)));
  return (
    JSON.stringify({
      reply,
      ...(origin && originFields(origin)),
      words: result.words,
      coverage: Math.round(result.coverage * 1e4) / 1e4,
      matches,
    }) + '\n'
  );
}

// Spelled out so a reply's text, which travels beside these fields, never reaches the output.
function originFields({ conversation, message, title }: ReplyOrigin): ReplyOrigin {
  return title === undefined ? { conversation, message } : { conversation, message, title };
}

/** The heading of a transcript reply in the readable report: file, conversation, message. */
export function transcriptReplyName(file: string, origin: ReplyOrigin): string {
  const title = origin.title === undefined ? '' : ` “${origin.title.replace(/\s+/g, ' ')}”`;
  return `${file}, conversation ${origin.conversation}${title}, message ${origin.message}`;
}
