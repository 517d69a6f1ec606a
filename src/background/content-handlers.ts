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
import { isReplyId } from '../shared/reply-id';
import { err, ok, type Result } from '../shared/result';
import { checkPageOpened, checkPageScanned, checkReplyChanged } from './content-payloads';
import type { ScanScheduler } from './scan-scheduler';
import { MAX_SCANNED_REPLY_CHARS, MAX_SPANS_PER_REPLY } from './scan-limits';
import type { TabState } from './tab-state';
import { mergeReplySpans, teamMatchesBeside } from './team-spans';
import type { TeamMatch } from '../shared/team-client';

/** The part of the runtime's MessageSender the background trusts and reads. */
export interface MessageSenderLike {
  id?: string;
  url?: string;
  tab?: { id?: number };
}

/** The matcher as the background's scans use it (`createMatcher` in matcher.ts). */
export interface ReplyMatcher {
  /** `keep`: leading code units of `text` equal to the reply's previous scan's (0 when unknown). */
  scanReply(replyKey: string, text: string, keep?: number): Promise<ScanResult>;
  /** Reads one slice (a prefix) of a long reply without finding spans yet. */
  readReply(replyKey: string, text: string, keep: number): Promise<void>;
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

/** The content messages about replies; the others are answered elsewhere (mark-handlers.ts…). */
export type ReplyHandlers = Omit<
  Handlers<ContentToBackground, MessageSenderLike>,
  'replyPicked' | 'getPageSettings' | 'describeMark' | 'showInRecital'
>;

/**
 * The spans a page may see (local, then the team's beside them), at most MAX_SPANS_PER_REPLY of
 * them; `isCut` when there were more.
 */
function spansForPage(
  result: ScanResult,
  team: readonly TeamMatch[],
): { spans: ReplySpan[]; isCut: boolean } {
  const isCut = result.spans.length + team.length > MAX_SPANS_PER_REPLY;
  const local = result.spans.slice(0, MAX_SPANS_PER_REPLY);
  const spans = mergeReplySpans(
    toReplySpans(local),
    team.slice(0, MAX_SPANS_PER_REPLY - local.length),
  );
  return { spans, isCut };
}

/** The team catalogue as reply scans use it (team-reply-scans.ts). */
export interface TeamScans {
  matchesFor(replyKey: string, text: string, isComplete: boolean): Promise<TeamMatch[] | undefined>;
  pageOpened(tabId: number): void;
  /** Keeps the matches shown beside a reply's local ones, for the popup. */
  keep(replyKey: string, text: string, matches: TeamMatch[]): void;
}

/**
 * Handlers of the content-script messages about replies. The router has already checked that the sender is
 * one of our content scripts; every field is checked here against the sender's page
 * (content-payloads.ts) and bad ones get an error Result before anything is stored.
 * Scans go through the scheduler, which takes tabs in turn and scans one reply's texts in order
 * (a newer text replaces a waiting one), so a slow early scan never overwrites a later one.
 */
export function createContentHandlers(deps: {
  tabState: TabState;
  scheduler: Pick<ScanScheduler, 'scan'>;
  /** False for a site the user switched off: its replies are neither scanned nor counted. */
  isSiteEnabled?: (siteId: string) => Promise<boolean>;
  /** The team catalogue, asked beside the local library (it sends nothing while off). */
  team?: TeamScans;
}): ReplyHandlers {
  const { tabState, scheduler } = deps;
  // The revision and checked length of each reply's text last handed to the scheduler: a
  // change's `keep` holds only against that text.
  const submitted = new Map<string, { revision: number; length: number }>();

  return {
    pageOpened(payload, sender): Result<null> {
      const page = senderPageOf(sender);
      if (!page) return NOT_FROM_TAB;
      const checked = checkPageOpened(payload, page.url);
      if (!checked.ok) return checked;
      tabState.openPage(page.tabId, checked.value);
      deps.team?.pageOpened(page.tabId);
      return ok(null);
    },

    // Waking was the point (the worker loads its index as it starts); nothing to do.
    userActive(_payload, sender): Result<null> {
      return senderPageOf(sender) ? ok(null) : NOT_FROM_TAB;
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
      const valid = checkReplyChanged(untrusted, page.url);
      const { tabId } = page;
      if (!valid.ok) {
        // Longer than the worker holds at all: refused, and the popup says so.
        if (valid.error.code === 'too-large' && isRecord(untrusted) && isReplyId(untrusted.replyId))
          tabState.limitsOf(tabId).refuseReply(untrusted.replyId);
        return valid;
      }
      const payload = valid.value;
      const { replyId, isComplete } = payload;
      // Applied before any await: the next change of this reply builds on this one.
      const text = tabState.applyTextChange(tabId, replyId, payload.revision, payload.change);
      if (text === undefined) return ok({ status: 'needs-whole-text' });
      const key = replyKeyOf(tabId, replyId);
      const epoch = tabState.epochOf(tabId);
      if (deps.isSiteEnabled && !(await deps.isSiteEnabled(payload.siteId)))
        return ok({ status: 'scanned', spans: [] });
      const limits = tabState.limitsOf(tabId);
      if (!limits.admitReply(replyId)) return ok({ status: 'scanned', spans: [] });
      const { change, revision } = payload;
      const isCut = text.length > MAX_SCANNED_REPLY_CHARS;
      limits.setReplyCut(replyId, isCut);
      const checked = isCut ? text.slice(0, MAX_SCANNED_REPLY_CHARS) : text;
      const previous = submitted.get(key);
      const keep =
        change.kind === 'tail' && previous?.revision === change.baseRevision
          ? Math.min(change.keep, previous.length, checked.length)
          : 0;
      submitted.set(key, { revision, length: checked.length });
      const current = tabState.replySpans(tabId, replyId);
      // Only text past the checked limit changed: the spans found for the checked part stand.
      if (isCut && current && keep === checked.length && previous?.length === checked.length) {
        tabState.setReplySpans(tabId, epoch, replyId, current, isComplete);
        return ok({ status: 'scanned', spans: current });
      }
      const result = await scheduler.scan(tabId, key, checked, keep);
      // A newer text of this reply replaced this one before its turn: its answer brings the spans.
      if (result === undefined)
        return ok({ status: 'scanned', spans: tabState.replySpans(tabId, replyId) ?? [] });
      let team: TeamMatch[] = [];
      if (deps.team) {
        team = teamMatchesBeside(
          result.spans,
          (await deps.team.matchesFor(key, checked, isComplete)) ?? [],
        );
        // A newer text of the reply arrived while the team catalogue answered: its answer rules.
        if (submitted.get(key)?.revision !== revision)
          return ok({ status: 'scanned', spans: tabState.replySpans(tabId, replyId) ?? [] });
        deps.team.keep(key, checked, team);
      }
      const { spans, isCut: areSpansCut } = spansForPage(result, team);
      limits.setSpansCut(replyId, areSpansCut);
      // A page change during the scan: the reply belongs to a conversation no longer shown.
      if (!tabState.setReplySpans(tabId, epoch, replyId, spans, isComplete))
        return ok({ status: 'scanned', spans: [] });
      return ok({ status: 'scanned', spans });
    },
  };
}

/** The popup's question about a tab; the library handlers answer the rest of PopupToBackground. */
export function createTabReportHandlers(
  tabState: TabState,
): Pick<Handlers<PopupToBackground, MessageSenderLike>, 'getTabReport' | 'getReplyTexts'> {
  const isTabRequest = (payload: unknown): payload is { tabId: number } =>
    isRecord(payload) && typeof payload.tabId === 'number' && Number.isInteger(payload.tabId);
  return {
    // The probe page's view: the replies' texts, which only extension pages may ask for.
    getReplyTexts(payload) {
      if (!isTabRequest(payload)) return err('bad-payload', 'getReplyTexts needs a tabId.');
      return ok(tabState.replyTexts(payload.tabId) ?? null);
    },
    getTabReport(payload): Result<TabReport | null> {
      if (!isTabRequest(payload)) return err('bad-payload', 'getTabReport needs a tabId.');
      return ok(tabState.report(payload.tabId) ?? null);
    },
  };
}
