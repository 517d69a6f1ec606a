import type { BackgroundToContent, Handlers } from '../shared/messages';
import { isPaintSettings, type PaintSettings } from '../shared/page-settings';
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
  applySettings: (settings: PaintSettings) => void = () => undefined,
): Handlers<BackgroundToContent> {
  return {
    paintSettingsChanged(payload) {
      if (!isPaintSettings(payload))
        return err('bad-payload', 'paintSettingsChanged needs colours and markReplies.');
      applySettings(payload);
      return ok(null);
    },
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
      const current = session();
      // No marks to flash: the popup tells the user why instead of "not on the page".
      if (current && !current.isMarking()) return ok({ found: false, marksOff: true });
      return ok({ found: current?.flash(payload.replyId, payload.spanId) ?? false });
    },
    rescanRequested() {
      session()?.rescan();
      return ok(null);
    },
  };
}
