import { hashString } from '../core/index';
import type { AuditRecord, AuditSpan, LibraryStore, LibrarySettings } from '../library/store/index';
import type { ReplyDetail } from './reply-details';
import { MAX_AUDIT_REPLY_CHARS, MAX_AUDIT_SPANS } from './scan-limits';

const DAY_MS = 86_400_000;
/** Longest source excerpt kept per span; the offsets locate the rest in the document. */
const MAX_EXCERPT_CHARS = 20_000;

export type AuditStore = Pick<
  LibraryStore,
  'putAuditRecord' | 'deleteAuditBefore' | 'listDocuments' | 'getDocumentText'
>;

export interface AuditedReply {
  siteId: string;
  url: string;
  replyId: string;
  detail: ReplyDetail;
  /** The whole reply's length when the detail holds only its checked start. */
  replyLength?: number;
}

/** Same conversation, reply id and text: the same id, so a reply re-sent on rescan is stored once. */
export function auditIdOf(reply: Pick<AuditedReply, 'url' | 'replyId'> & { text: string }): string {
  return `${hashString(reply.url).toString(36)}-${hashString(reply.replyId).toString(36)}-${hashString(reply.text).toString(36)}-${reply.text.length.toString(36)}`;
}

/** Writes completed flagged replies to the audit log and applies the retention setting. */
export function createAuditRecorder(store: AuditStore, now: () => number = Date.now) {
  return {
    async record(reply: AuditedReply, settings: LibrarySettings): Promise<AuditRecord | undefined> {
      const { text, result } = reply.detail;
      if (!settings.auditEnabled || result.spans.length === 0) return undefined;
      const docs = new Map((await store.listDocuments()).map((d) => [d.id, d]));
      const texts = new Map<string, string | undefined>();
      const spans: AuditSpan[] = [];
      for (const span of result.spans.slice(0, MAX_AUDIT_SPANS)) {
        if (!texts.has(span.docId)) texts.set(span.docId, await store.getDocumentText(span.docId));
        const doc = docs.get(span.docId);
        const source = texts.get(span.docId) ?? '';
        spans.push({
          docId: span.docId,
          title: doc?.title ?? 'A removed document',
          ...(doc?.author !== undefined && { author: doc.author }),
          kind: span.kind,
          words: span.words,
          edits: span.edits,
          score: span.score,
          replyStart: span.replyStart,
          replyEnd: span.replyEnd,
          sourceStart: span.sourceStart,
          sourceEnd: span.sourceEnd,
          replyExcerpt: text.slice(
            span.replyStart,
            Math.min(span.replyEnd, span.replyStart + MAX_EXCERPT_CHARS),
          ),
          sourceExcerpt: source.slice(
            span.sourceStart,
            Math.min(span.sourceEnd, span.sourceStart + MAX_EXCERPT_CHARS),
          ),
        });
      }
      const time = now();
      const record: AuditRecord = {
        id: auditIdOf({ url: reply.url, replyId: reply.replyId, text }),
        time,
        siteId: reply.siteId,
        url: reply.url,
        replyId: reply.replyId,
        // A long reply keeps its start; each span keeps its own excerpt wherever it stands.
        replyText: text.slice(0, MAX_AUDIT_REPLY_CHARS),
        ...((reply.replyLength ?? text.length) > MAX_AUDIT_REPLY_CHARS && {
          replyLength: reply.replyLength ?? text.length,
        }),
        replyWords: result.words,
        coverage: result.coverage,
        spans,
        ...(result.spans.length > MAX_AUDIT_SPANS && {
          omittedSpans: result.spans.length - MAX_AUDIT_SPANS,
        }),
      };
      await store.putAuditRecord(record);
      if (settings.auditRetentionDays > 0)
        await store.deleteAuditBefore(time - settings.auditRetentionDays * DAY_MS);
      return record;
    },
  };
}
