import type { BackgroundToContent, Handlers } from '../shared/messages';
import { isReplyId, isSpanId } from '../shared/reply-id';
import { err, ok } from '../shared/result';
import type { PageSession } from './page-session';

/**
 * Commands from the background and the popup (`PopupToContent` is a subset of
 * `BackgroundToContent`). They carry reply and span ids only, never text.
 */
export function createContentHandlers(
  session: () => PageSession | undefined,
  pickReply: () => void = () => undefined,
): Handlers<BackgroundToContent> {
  return {
    pickReply() {
      pickReply();
      return ok(null);
    },
    highlightSpan(payload) {
      if (
        typeof payload !== 'object' ||
        payload === null ||
        !isReplyId(payload.replyId) ||
        !isSpanId(payload.spanId)
      ) {
        return err('bad-payload', 'highlightSpan needs replyId and spanId.');
      }
      return ok({ found: session()?.flash(payload.replyId, payload.spanId) ?? false });
    },
    rescanRequested() {
      session()?.rescan();
      return ok(null);
    },
  };
}
