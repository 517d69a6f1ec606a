// One line per source work over all replies of the page: how much of each work was copied.
import type { PopupReply } from '../shared/messages';

export interface SourceSummary {
  /** The document's id; `null` for spans whose document left the library. */
  docId: string | null;
  title: string;
  author?: string;
  passages: number;
  /** Reply words inside those passages. */
  words: number;
}

/** Sums every reply's spans per source document, most words first (ties: title order). */
export function summarizeSources(replies: readonly PopupReply[]): SourceSummary[] {
  const byDoc = new Map<string | null, SourceSummary>();
  for (const reply of replies) {
    for (const span of reply.spans) {
      const docId = span.source?.docId ?? null;
      let summary = byDoc.get(docId);
      if (!summary) {
        summary = {
          docId,
          title: span.source?.title ?? 'A document no longer in your library',
          ...(span.source?.author !== undefined && { author: span.source.author }),
          passages: 0,
          words: 0,
        };
        byDoc.set(docId, summary);
      }
      summary.passages += 1;
      summary.words += span.words;
    }
  }
  return [...byDoc.values()].sort((a, b) => b.words - a.words || a.title.localeCompare(b.title));
}

/** "3 passages from", then the title, then " by Charles Dickens, 112 words". */
export function sourceSummaryParts(summary: SourceSummary): { lead: string; tail: string } {
  const count = summary.passages.toLocaleString('en-US');
  const words = summary.words.toLocaleString('en-US');
  return {
    lead: `${count} ${summary.passages === 1 ? 'passage' : 'passages'} from `,
    tail: `${summary.author ? ` by ${summary.author}` : ''}, ${words} ${summary.words === 1 ? 'word' : 'words'}`,
  };
}
