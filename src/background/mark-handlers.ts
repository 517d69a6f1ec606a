// A mark's hover card in the page: what it says (describeMark) and its "Show in Recital"
// (showInRecital), both for the sender's own tab only.
import type { LibraryStore } from '../library/store/index';
import type { ContentToBackground, Handlers, MarkCard } from '../shared/messages';
import { isRecord } from '../shared/is-record';
import { isReplyId, isSpanId } from '../shared/reply-id';
import { err, ok, type Result } from '../shared/result';
import { replyKeyOf, toReplySpans, type MessageSenderLike } from './content-handlers';
import type { ReplyDetails } from './reply-details';
import { MAX_SPANS_PER_REPLY } from './scan-limits';

export interface MarkHandlerDeps {
  details: Pick<ReplyDetails, 'get'>;
  store: Pick<LibraryStore, 'getDocument'>;
  /** Opens the popup at `path` (a popup page URL relative to the extension) for the tab. */
  openPopup: (tabId: number, path: string) => Promise<void>;
}

export type MarkHandlers = Pick<
  Handlers<ContentToBackground, MessageSenderLike>,
  'describeMark' | 'showInRecital'
>;

type MarkRequest = { tabId: number; replyId: string; spanId: string };

function checkMarkRequest(payload: unknown, sender: MessageSenderLike): Result<MarkRequest> {
  const tabId = sender.tab?.id;
  if (typeof tabId !== 'number' || tabId < 0) return err('bad-sender', 'Not sent from a tab.');
  if (!isRecord(payload) || !isReplyId(payload.replyId) || !isSpanId(payload.spanId))
    return err('bad-payload', 'A mark is named by its replyId and spanId.');
  return ok({ tabId, replyId: payload.replyId, spanId: payload.spanId });
}

export function createMarkHandlers(deps: MarkHandlerDeps): MarkHandlers {
  return {
    async describeMark(payload, sender): Promise<Result<MarkCard>> {
      const checked = checkMarkRequest(payload, sender);
      if (!checked.ok) return checked;
      const { tabId, replyId, spanId } = checked.value;
      const detail = deps.details.get(replyKeyOf(tabId, replyId));
      // Ids as the page got them: the same slice, so duplicates get the same suffixes.
      const spans = detail?.result.spans.slice(0, MAX_SPANS_PER_REPLY) ?? [];
      const index = toReplySpans(spans).findIndex((s) => s.spanId === spanId);
      const span = spans[index];
      if (!span) return err('not-found', 'No such mark on this page.');
      const doc = await deps.store.getDocument(span.docId);
      return ok({
        title: doc?.title ?? 'A removed document',
        ...(doc?.author !== undefined && { author: doc.author }),
        kind: span.kind,
        words: span.words,
        sharedBy: span.sharedBy,
      });
    },

    async showInRecital(payload, sender): Promise<Result<null>> {
      const checked = checkMarkRequest(payload, sender);
      if (!checked.ok) return checked;
      const { tabId, replyId, spanId } = checked.value;
      const query = new URLSearchParams({ tabId: String(tabId), reply: replyId, span: spanId });
      try {
        await deps.openPopup(tabId, `src/popup/index.html?${query.toString()}`);
      } catch (e) {
        return err('open-failed', e instanceof Error ? e.message : String(e));
      }
      return ok(null);
    },
  };
}
