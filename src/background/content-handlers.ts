import { hashString, type ScanResult, type Span } from '../core/index';
import type {
  ContentToBackground,
  Handlers,
  PopupToBackground,
  ReplyChangedAnswer,
  ReplySpan,
  ReplyTextChange,
  TabReport,
} from '../shared/messages';
import { isRecord } from '../shared/is-record';
import { err, ok, type Result } from '../shared/result';
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

/** Largest reply text accepted; longer ones are an error, not a multi-second scan. */
const MAX_REPLY_CHARS = 2_000_000;

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

function isShortString(value: unknown, max = 2048): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isTextChange(value: unknown): value is ReplyTextChange {
  if (!isRecord(value)) return false;
  if (value.kind === 'whole') return typeof value.text === 'string';
  return (
    value.kind === 'tail' &&
    isCount(value.baseRevision) &&
    isCount(value.baseLength) &&
    isCount(value.keep) &&
    typeof value.tail === 'string'
  );
}

/** Length of the text after `change`, for the size limit before anything is kept. */
function changedLength(change: ReplyTextChange): number {
  return change.kind === 'whole' ? change.text.length : change.keep + change.tail.length;
}

function tabIdOf(sender: MessageSenderLike): number | undefined {
  const id = sender.tab?.id;
  return typeof id === 'number' && id >= 0 ? id : undefined;
}

/** The content messages about replies; `replyPicked` belongs to the user-site handlers. */
export type ReplyHandlers = Omit<Handlers<ContentToBackground, MessageSenderLike>, 'replyPicked'>;

/**
 * Handlers of the content-script messages about replies. The router has already checked that the sender is
 * one of our content scripts; payloads are checked here and bad ones get an error Result.
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
      const tabId = tabIdOf(sender);
      if (tabId === undefined) return err('bad-sender', 'Not sent from a tab.');
      if (!isRecord(payload) || !isShortString(payload.siteId, 64) || !isShortString(payload.url))
        return err('bad-payload', 'pageOpened needs siteId and url.');
      tabState.openPage(tabId, { siteId: payload.siteId, url: payload.url });
      return ok(null);
    },

    pageScanned(payload, sender): Result<null> {
      const tabId = tabIdOf(sender);
      if (tabId === undefined) return err('bad-sender', 'Not sent from a tab.');
      if (!isRecord(payload) || !isShortString(payload.siteId, 64) || !isShortString(payload.url))
        return err('bad-payload', 'pageScanned needs siteId and url.');
      const { replyCount } = payload;
      if (typeof replyCount !== 'number' || !Number.isInteger(replyCount) || replyCount < 0)
        return err('bad-payload', 'pageScanned needs a replyCount.');
      tabState.pageScanned(tabId, { siteId: payload.siteId, url: payload.url, replyCount });
      return ok(null);
    },

    async replyChanged(payload, sender): Promise<Result<ReplyChangedAnswer>> {
      const tabId = tabIdOf(sender);
      if (tabId === undefined) return err('bad-sender', 'Not sent from a tab.');
      if (
        !isRecord(payload) ||
        !isShortString(payload.replyId, 512) ||
        !isCount(payload.revision) ||
        !isTextChange(payload.change) ||
        typeof payload.isComplete !== 'boolean'
      ) {
        return err('bad-payload', 'replyChanged needs replyId, revision, change and isComplete.');
      }
      if (changedLength(payload.change) > MAX_REPLY_CHARS)
        return err('too-large', 'Reply too long to scan.');
      const { replyId, isComplete } = payload;
      // Applied before any await: the next change of this reply builds on this one.
      const text = tabState.applyTextChange(tabId, replyId, payload.revision, payload.change);
      if (text === undefined) return ok({ status: 'needs-whole-text' });
      const key = replyKeyOf(tabId, replyId);
      const epoch = tabState.epochOf(tabId);
      if (
        deps.isSiteEnabled &&
        typeof payload.siteId === 'string' &&
        !(await deps.isSiteEnabled(payload.siteId))
      )
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
