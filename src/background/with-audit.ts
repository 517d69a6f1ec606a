import type { LibrarySettings } from '../library/store/index';
import { PRACTICE_SITE_ID } from '../shared/practice-page';
import type { AuditedReply } from './audit-recorder';
import { replyKeyOf, type ReplyHandlers } from './content-handlers';
import type { ReplyDetails } from './reply-details';
import { MAX_SCANNED_REPLY_CHARS } from './scan-limits';

export interface AuditHooks {
  settings: () => Promise<LibrarySettings>;
  details: Pick<ReplyDetails, 'get'>;
  /** The whole text of a reply's message `revision` (the tab state's `replyText`). */
  replyText: (tabId: number, replyId: string, revision: number) => string | undefined;
  /** False when the reply's page has written as many audit records as it may. */
  admitAuditRecord: (tabId: number, replyId: string) => boolean;
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
        typeof tabId !== 'number' ||
        // The practice chat quotes the sample library on purpose: no evidence to keep.
        payload.siteId === PRACTICE_SITE_ID
      )
        return result;
      const detail = hooks.details.get(replyKeyOf(tabId, payload.replyId));
      // The detail of a later text (a newer scan finished first) is recorded at its own completion.
      const text = hooks.replyText(tabId, payload.replyId, payload.revision);
      // An over-long reply was checked, and is recorded, up to the checked limit only.
      if (text === undefined || detail?.text !== text.slice(0, MAX_SCANNED_REPLY_CHARS))
        return result;
      if (!hooks.admitAuditRecord(tabId, payload.replyId)) return result;
      void hooks
        .settings()
        .then((settings) =>
          hooks.record(
            {
              siteId: payload.siteId,
              url: payload.url,
              replyId: payload.replyId,
              detail,
              replyLength: text.length,
            },
            settings,
          ),
        )
        .catch((e: unknown) => console.warn('Recital: the audit record was not saved.', e));
      return result;
    },
  };
}
