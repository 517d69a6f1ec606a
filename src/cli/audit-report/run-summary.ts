// The report's tallies, kept while the replies stream past: one small record per source work and
// per conversation, never the replies themselves.
import type { AuditReply } from './types';

/** What one source work lost to the replies. */
export interface SourceSummary {
  source: string;
  title: string;
  author?: string;
  /** Replies with at least one span copied from this work. */
  replies: number;
  /** Spans copied from it, and how many of them were exact. */
  spans: number;
  exactSpans: number;
  /** Sum of the spans' lengths in words (spans never overlap within a reply). */
  words: number;
  /** The longest span: its length and the 1-based number of its reply in the run. */
  longestWords: number;
  longestReply: number;
}

/** One conversation (or a whole file when the input has none). */
export interface ConversationSummary {
  file: string;
  conversation?: string;
  title: string;
  repliesScanned: number;
  repliesFlagged: number;
  words: number;
  /** 1-based number of its first flagged reply, 0 when none. */
  firstFlagged: number;
}

export interface RunTotals {
  repliesScanned: number;
  repliesFlagged: number;
  /** Words of every scanned reply. */
  replyWords: number;
  spans: number;
  exactSpans: number;
  wordsCopied: number;
}

/** The conversation's shown name: its title, else its id, else the file. */
export function conversationLabel(
  reply: Pick<AuditReply, 'file' | 'conversation' | 'conversationTitle'>,
): string {
  return reply.conversationTitle || reply.conversation || reply.file;
}

export class RunSummary {
  readonly totals: RunTotals = {
    repliesScanned: 0,
    repliesFlagged: 0,
    replyWords: 0,
    spans: 0,
    exactSpans: 0,
    wordsCopied: 0,
  };
  private readonly bySource = new Map<string, SourceSummary>();
  private readonly byConversation = new Map<string, ConversationSummary>();

  /** Counts `reply`, the `number`th of the run (1-based). */
  add(reply: AuditReply, number: number): void {
    const t = this.totals;
    t.repliesScanned++;
    t.replyWords += reply.words;
    const copied = reply.matches.reduce((sum, m) => sum + m.words, 0);
    const flagged = reply.matches.length > 0;
    const conv = this.conversationOf(reply);
    conv.repliesScanned++;
    if (!flagged) return;
    t.repliesFlagged++;
    t.wordsCopied += copied;
    conv.repliesFlagged++;
    conv.words += copied;
    if (conv.firstFlagged === 0) conv.firstFlagged = number;
    const seen = new Set<string>();
    for (const m of reply.matches) {
      t.spans++;
      if (m.kind === 'exact') t.exactSpans++;
      let s = this.bySource.get(m.source);
      if (!s) {
        s = {
          source: m.source,
          title: m.title,
          author: m.author,
          replies: 0,
          spans: 0,
          exactSpans: 0,
          words: 0,
          longestWords: 0,
          longestReply: 0,
        };
        this.bySource.set(m.source, s);
      }
      if (!seen.has(m.source)) s.replies++;
      seen.add(m.source);
      s.spans++;
      if (m.kind === 'exact') s.exactSpans++;
      s.words += m.words;
      if (m.words > s.longestWords) {
        s.longestWords = m.words;
        s.longestReply = number;
      }
    }
  }

  /** Works copied, most words copied first (then by path, so the order is stable). */
  sources(): SourceSummary[] {
    return [...this.bySource.values()].sort(
      (a, b) => b.words - a.words || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0),
    );
  }

  /** Conversations with a flagged reply, most words copied first, then in input order. */
  conversations(): ConversationSummary[] {
    return [...this.byConversation.values()]
      .filter((c) => c.repliesFlagged > 0)
      .sort((a, b) => b.words - a.words || a.firstFlagged - b.firstFlagged);
  }

  /** Conversations scanned in all, flagged or not. */
  conversationCount(): number {
    return this.byConversation.size;
  }

  private conversationOf(reply: AuditReply): ConversationSummary {
    // A file without conversations is one conversation; ids are only unique within a file.
    const key = `${reply.file}\u0000${reply.conversation ?? ''}`;
    let c = this.byConversation.get(key);
    if (!c) {
      c = {
        file: reply.file,
        conversation: reply.conversation,
        title: conversationLabel(reply),
        repliesScanned: 0,
        repliesFlagged: 0,
        words: 0,
        firstFlagged: 0,
      };
      this.byConversation.set(key, c);
    }
    return c;
  }
}
