import type { BackgroundToContent, Handlers, PopupToContent } from '../shared/messages';
import { isPaintSettings, type PaintSettings } from '../shared/page-settings';
import { isReplyId, isSpanId } from '../shared/reply-id';
import { err, ok } from '../shared/result';
import type { PageSession } from './page-session';

/** Most characters a probe prompt may have: a 50-word prefix and its template are far fewer. */
const MAX_PROMPT_CHARS = 20_000;

/** Fills the page's prompt box (composer/fill-composer.ts). */
export type FillComposer = (
  prompt: string,
) => { ok: true; kind: 'textarea' | 'contenteditable' } | { ok: false; message: string };

/**
 * Commands from the background and the extension's pages. They carry reply and span ids only,
 * never text, but for `fillComposer`: the probe prompt the user asked to put into the chat.
 */
export function createContentHandlers(
  session: () => PageSession | undefined,
  pickReply: () => void = () => undefined,
  applySettings: (settings: PaintSettings) => void = () => undefined,
  fill: FillComposer = () => ({ ok: false, message: 'Recital does not watch this page.' }),
): Handlers<BackgroundToContent & PopupToContent> {
  return {
    fillComposer(payload) {
      const prompt =
        typeof payload === 'object' && payload !== null
          ? (payload as { prompt?: unknown }).prompt
          : undefined;
      if (typeof prompt !== 'string' || prompt.trim() === '' || prompt.length > MAX_PROMPT_CHARS)
        return err(
          'bad-payload',
          `fillComposer needs a prompt of 1 to ${MAX_PROMPT_CHARS} characters.`,
        );
      const outcome = fill(prompt);
      if (!outcome.ok) return err('no-composer', outcome.message);
      return ok({ kind: outcome.kind });
    },
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
