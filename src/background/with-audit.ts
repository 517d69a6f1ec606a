import type { LibrarySettings } from '../library/store/index';
import type { AuditedReply } from './audit-recorder';
import { replyKeyOf, type ReplyHandlers } from './content-handlers';
import type { ReplyDetails } from './reply-details';

export interface AuditHooks {
  settings: () => Promise<LibrarySettings>;
  details: Pick<ReplyDetails, 'get'>;
  /** The whole text of a reply's message `revision` (the tab state's `replyText`). */
  replyText: (tabId: number, replyId: string, revision: number) => string | undefined;
  /** Runs after the reply is answered; a failure is logged, never sent back to the page. */
  record: (reply: AuditedReply, settings: LibrarySettings) => Promise<unknown>;
}

/** The content handlers, plus: a flagged reply that completed is written to the audit log. */
export function withAudit(inner: ReplyHandlers, hooks: AuditHooks): ReplyHandlers {
  return {
    ...inner,
    async replyChanged(payload, sender) {
      const result = await inner.replyChanged(payload, sender);
      const tabId = sender.tab?.id;
      if (
        !result.ok ||
        result.value.status !== 'scanned' ||
        result.value.spans.length === 0 ||
        payload.isComplete !== true ||
        typeof tabId !== 'number'
      )
        return result;
      const detail = hooks.details.get(replyKeyOf(tabId, payload.replyId));
      // The detail of a later text (a newer scan finished first) is recorded at its own completion.
      const text = hooks.replyText(tabId, payload.replyId, payload.revision);
      if (text === undefined || detail?.text !== text) return result;
      void hooks
        .settings()
        .then((settings) =>
          hooks.record(
            { siteId: payload.siteId, url: payload.url, replyId: payload.replyId, detail },
            settings,
          ),
        )
        .catch((e: unknown) => console.warn('Recital: the audit record was not saved.', e));
      return result;
    },
  };
}
