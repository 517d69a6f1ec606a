import { hashString, type ScanResult, type Span } from '../core/index';
import type {
  ContentToBackground,
  Handlers,
  PopupToBackground,
  ReplyChangedAnswer,
  ReplySpan,
  TabReport,
} from '../shared/messages';
import { isRecord } from '../shared/is-record';
import { err, ok, type Result } from '../shared/result';
import { checkPageOpened, checkPageScanned, checkReplyChanged } from './content-payloads';
import type { TabState } from './tab-state';

/** The part of the runtime's MessageSender the background trusts and reads. */
export interface MessageSenderLike {
  id?: string;
  url?: string;
  tab?: { id?: number };
}

/** The matcher as these handlers use it (`createMatcher` in matcher.ts). */
export interface ReplyMatcher {
  /** `keep`: leading code units of `text` equal to the reply's previous scan's (0 when unknown). */
  scanReply(replyKey: string, text: string, keep?: number): Promise<ScanResult>;
  forgetReply(replyKey: string): void;
}

/** The matcher's key for a reply: replies of different tabs never share a scanner. */
export function replyKeyOf(tabId: number, replyId: string): string {
  return `${tabId}:${replyId}`;
}

/** A span id that names its source position without any of its text. */
export function spanIdOf(span: Span): string {
  return hashString(`${span.docId}:${span.sourceWordStart}`).toString(36);
}

/** Offsets and kinds only: what a content script may learn about a match. */
export function toReplySpans(spans: readonly Span[]): ReplySpan[] {
  const seen = new Map<string, number>();
  return spans.map((span) => {
    let spanId = spanIdOf(span);
    // Two spans of a reply can copy the same passage: keep ids unique within the reply.
    const n = seen.get(spanId) ?? 0;
    seen.set(spanId, n + 1);
    if (n > 0) spanId = `${spanId}-${n}`;
    return { spanId, replyStart: span.replyStart, replyEnd: span.replyEnd, kind: span.kind };
  });
}

/** The sender's tab and page URL, which every payload is checked against. */
function senderPageOf(sender: MessageSenderLike): { tabId: number; url: string } | undefined {
  const tabId = sender.tab?.id;
  if (typeof tabId !== 'number' || tabId < 0 || typeof sender.url !== 'string') return undefined;
  return { tabId, url: sender.url };
}

const NOT_FROM_TAB = err('bad-sender', 'Not sent from a page in a tab.');

/** The content messages about replies; `replyPicked` and `getPageSettings` are answered elsewhere. */
export type ReplyHandlers = Omit<
  Handlers<ContentToBackground, MessageSenderLike>,
  'replyPicked' | 'getPageSettings'
>;

/**
 * Handlers of the content-script messages about replies. The router has already checked that the sender is
 * one of our content scripts; every field is checked here against the sender's page
 * (content-payloads.ts) and bad ones get an error Result before anything is stored.
 * Scans of one reply run one at a time, in arrival order, so a slow early scan never overwrites
 * a later one.
 */
export function createContentHandlers(deps: {
  tabState: TabState;
  matcher: ReplyMatcher;
  /** False for a site the user switched off: its replies are neither scanned nor counted. */
  isSiteEnabled?: (siteId: string) => Promise<boolean>;
}): ReplyHandlers {
  const { tabState, matcher } = deps;
  const queues = new Map<string, Promise<unknown>>();
  // The revision each reply's last scan read: a change's `keep` holds only against that text.
  const scannedRevisions = new Map<string, number>();

  function serialize<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = queues.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => undefined);
    queues.set(key, settled);
    void settled.then(() => {
      if (queues.get(key) === settled) queues.delete(key);
    });
    return next;
  }

  return {
    pageOpened(payload, sender): Result<null> {
      const page = senderPageOf(sender);
      if (!page) return NOT_FROM_TAB;
      const checked = checkPageOpened(payload, page.url);
      if (!checked.ok) return checked;
      tabState.openPage(page.tabId, checked.value);
      return ok(null);
    },

    pageScanned(payload, sender): Result<null> {
      const page = senderPageOf(sender);
      if (!page) return NOT_FROM_TAB;
      const checked = checkPageScanned(payload, page.url);
      if (!checked.ok) return checked;
      tabState.pageScanned(page.tabId, checked.value);
      return ok(null);
    },

    async replyChanged(untrusted, sender): Promise<Result<ReplyChangedAnswer>> {
      const page = senderPageOf(sender);
      if (!page) return NOT_FROM_TAB;
      const checked = checkReplyChanged(untrusted, page.url);
      if (!checked.ok) return checked;
      const payload = checked.value;
      const { tabId } = page;
      const { replyId, isComplete } = payload;
      // Applied before any await: the next change of this reply builds on this one.
      const text = tabState.applyTextChange(tabId, replyId, payload.revision, payload.change);
      if (text === undefined) return ok({ status: 'needs-whole-text' });
      const key = replyKeyOf(tabId, replyId);
      const epoch = tabState.epochOf(tabId);
      if (deps.isSiteEnabled && !(await deps.isSiteEnabled(payload.siteId)))
        return ok({ status: 'scanned', spans: [] });
      const { change, revision } = payload;
      return serialize(key, async () => {
        const isOnScanned =
          change.kind === 'tail' && scannedRevisions.get(key) === change.baseRevision;
        scannedRevisions.delete(key);
        const result = await matcher.scanReply(key, text, isOnScanned ? change.keep : 0);
        scannedRevisions.set(key, revision);
        const spans = toReplySpans(result.spans);
        // A page change during the scan: the reply belongs to a conversation no longer shown.
        if (!tabState.setReplySpans(tabId, epoch, replyId, spans, isComplete))
          return ok({ status: 'scanned', spans: [] });
        return ok({ status: 'scanned', spans });
      });
    },
  };
}

/** The popup's question about a tab; the library handlers answer the rest of PopupToBackground. */
export function createTabReportHandlers(
  tabState: TabState,
): Pick<Handlers<PopupToBackground, MessageSenderLike>, 'getTabReport'> {
  return {
    getTabReport(payload): Result<TabReport | null> {
      if (
        !isRecord(payload) ||
        typeof payload.tabId !== 'number' ||
        !Number.isInteger(payload.tabId)
      )
        return err('bad-payload', 'getTabReport needs a tabId.');
      return ok(tabState.report(payload.tabId) ?? null);
    },
  };
}
