// What one page (a tab's page session) has used of its limits, and the notes the popup shows
// when one was reached: nothing Recital leaves unchecked is left out silently.
import type { PageNote } from '../shared/messages';
import {
  MAX_AUDIT_RECORDS_PER_PAGE,
  MAX_RECEIVED_REPLY_CHARS,
  MAX_REPLIES_PER_PAGE,
  MAX_SCANNED_REPLY_CHARS,
  MAX_SPANS_PER_REPLY,
} from './scan-limits';

export class PageLimits {
  private readonly checked = new Set<string>();
  private readonly unchecked = new Set<string>();
  private readonly cut = new Set<string>();
  private readonly refused = new Set<string>();
  private readonly spansCut = new Set<string>();
  private readonly recorded = new Set<string>();
  private readonly unrecorded = new Set<string>();

  /** True when the reply may be checked: it already was, or the page is under its reply limit. */
  admitReply(replyId: string): boolean {
    if (this.checked.has(replyId)) return true;
    if (this.checked.size >= MAX_REPLIES_PER_PAGE) {
      this.unchecked.add(replyId);
      return false;
    }
    this.checked.add(replyId);
    return true;
  }

  /** The reply is checked only up to MAX_SCANNED_REPLY_CHARS (or, while it is shorter, again whole). */
  setReplyCut(replyId: string, isCut: boolean): void {
    if (isCut) this.cut.add(replyId);
    else this.cut.delete(replyId);
  }

  /** The reply was longer than the worker accepts at all. */
  refuseReply(replyId: string): void {
    this.refused.add(replyId);
  }

  setSpansCut(replyId: string, isCut: boolean): void {
    if (isCut) this.spansCut.add(replyId);
    else this.spansCut.delete(replyId);
  }

  /** True when the reply may write an audit record: it has one, or the page is under its limit. */
  admitAuditRecord(replyId: string): boolean {
    if (this.recorded.has(replyId)) return true;
    if (this.recorded.size >= MAX_AUDIT_RECORDS_PER_PAGE) {
      this.unrecorded.add(replyId);
      return false;
    }
    this.recorded.add(replyId);
    return true;
  }

  notes(): PageNote[] {
    const notes: PageNote[] = [];
    if (this.unchecked.size > 0)
      notes.push({
        kind: 'replies-capped',
        limit: MAX_REPLIES_PER_PAGE,
        count: this.unchecked.size,
      });
    if (this.cut.size > 0)
      notes.push({ kind: 'reply-cut', limit: MAX_SCANNED_REPLY_CHARS, count: this.cut.size });
    if (this.refused.size > 0)
      notes.push({
        kind: 'reply-refused',
        limit: MAX_RECEIVED_REPLY_CHARS,
        count: this.refused.size,
      });
    if (this.spansCut.size > 0)
      notes.push({ kind: 'spans-capped', limit: MAX_SPANS_PER_REPLY, count: this.spansCut.size });
    if (this.unrecorded.size > 0)
      notes.push({
        kind: 'audit-capped',
        limit: MAX_AUDIT_RECORDS_PER_PAGE,
        count: this.unrecorded.size,
      });
    return notes;
  }
}
