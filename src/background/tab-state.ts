import type { ProbeReplyText, ReplySpan, ReplyTextChange, TabReport } from '../shared/messages';
import { applyTextChange, type HeldText } from '../shared/reply-text-change';
import { PageLimits } from './page-limits';

export type { TabReport };

interface ReplyEntry {
  spans: ReplySpan[];
  isComplete: boolean;
}

interface TabEntry {
  siteId: string;
  url: string;
  replyCount: number | undefined;
  /** A built-in site's page showed no readable reply a while after a message was sent. */
  repliesMissing: boolean;
  replies: Map<string, ReplyEntry>;
  /** Each reply's text as last sent, which the next `tail` change builds on; kept across a rescan. */
  texts: Map<string, HeldText>;
  /** Bumped on every clear, so a scan that started before it cannot write into the new page. */
  epoch: number;
  badge: string;
  /** This page's use of its limits; a new page (load, navigation) starts a new one. */
  limits: PageLimits;
}

export interface TabStateOptions {
  /** `browser.action.setBadgeText` for one tab; called only when the text changes. */
  setBadgeText: (tabId: number, text: string) => void;
  /** Called with each reply id dropped by a clear, so the matcher can free its scanner. */
  onRepliesDropped?: (tabId: number, replyIds: string[]) => void;
}

/** The badge shows a count; an empty string hides it. */
export function badgeTextFor(flaggedSpans: number): string {
  return flaggedSpans > 0 ? String(flaggedSpans) : '';
}

function countSpans(entry: TabEntry): number {
  let n = 0;
  for (const reply of entry.replies.values()) n += reply.spans.length;
  return n;
}

/**
 * Per-tab replies, their flagged spans and the texts the content script's next changes build on.
 * Replies are keyed by the content script's reply id, so a reply re-sent (streaming, re-render,
 * scrolled back into a virtualized list) replaces its own entry and is counted once. No clock,
 * no browser API: the badge setter is passed in.
 */
export class TabState {
  private readonly tabs = new Map<number, TabEntry>();

  constructor(private readonly options: TabStateOptions) {}

  private entryFor(tabId: number): TabEntry {
    let entry = this.tabs.get(tabId);
    if (!entry) {
      entry = {
        siteId: '',
        url: '',
        replyCount: undefined,
        repliesMissing: false,
        replies: new Map(),
        texts: new Map(),
        epoch: 0,
        badge: '',
        limits: new PageLimits(),
      };
      this.tabs.set(tabId, entry);
    }
    return entry;
  }

  private updateBadge(tabId: number, entry: TabEntry): void {
    const text = badgeTextFor(countSpans(entry));
    if (text === entry.badge) return;
    entry.badge = text;
    this.options.setBadgeText(tabId, text);
  }

  private dropReplies(tabId: number, entry: TabEntry): void {
    const ids = [...entry.replies.keys()];
    entry.replies.clear();
    entry.epoch++;
    if (ids.length > 0) this.options.onRepliesDropped?.(tabId, ids);
  }

  /** A page (re)started in the tab: its earlier replies belong to another conversation. */
  openPage(tabId: number, page: { siteId: string; url: string }): void {
    const entry = this.entryFor(tabId);
    this.dropReplies(tabId, entry);
    entry.texts.clear();
    entry.limits = new PageLimits();
    entry.siteId = page.siteId;
    entry.url = page.url;
    entry.replyCount = undefined;
    entry.repliesMissing = false;
    this.updateBadge(tabId, entry);
  }

  pageScanned(
    tabId: number,
    page: { siteId: string; url: string; replyCount: number; repliesMissing?: boolean },
  ): void {
    const entry = this.entryFor(tabId);
    entry.siteId = page.siteId;
    entry.url = page.url;
    entry.replyCount = page.replyCount;
    // Said until a reply is found (or the page starts over).
    entry.repliesMissing = page.replyCount === 0 && (page.repliesMissing ?? entry.repliesMissing);
  }

  /**
   * Applies a content script's `replyChanged` text change and keeps the result as the reply's
   * text of message `revision`. Returns the whole text, or `undefined` (keeping nothing) when
   * the change builds on a text this tab does not hold: the sender must send it whole.
   */
  applyTextChange(
    tabId: number,
    replyId: string,
    revision: number,
    change: ReplyTextChange,
  ): string | undefined {
    const entry = this.entryFor(tabId);
    const text = applyTextChange(entry.texts.get(replyId), change);
    if (text === undefined) entry.texts.delete(replyId);
    else entry.texts.set(replyId, { revision, text });
    return text;
  }

  /** The reply's text of message `revision`, while no later message replaced it. */
  // An arrow: the background hands it on as a plain function.
  readonly replyText = (tabId: number, replyId: string, revision: number): string | undefined => {
    const held = this.tabs.get(tabId)?.texts.get(replyId);
    return held?.revision === revision ? held.text : undefined;
  };

  /** The current epoch of a tab: pass it back to {@link setReplySpans} after an async scan. */
  epochOf(tabId: number): number {
    return this.tabs.get(tabId)?.epoch ?? 0;
  }

  /**
   * Records a reply's spans (replacing any earlier ones) and updates the badge. Returns false,
   * recording nothing, when the tab was cleared since `epoch` was read.
   */
  setReplySpans(
    tabId: number,
    epoch: number,
    replyId: string,
    spans: ReplySpan[],
    isComplete: boolean,
  ): boolean {
    const entry = this.entryFor(tabId);
    if (entry.epoch !== epoch) return false;
    entry.replies.set(replyId, { spans, isComplete });
    this.updateBadge(tabId, entry);
    return true;
  }

  /** The tab navigated to another document: nothing of the old page stays. */
  clearTab(tabId: number): void {
    const entry = this.tabs.get(tabId);
    if (!entry) return;
    this.dropReplies(tabId, entry);
    entry.texts.clear();
    entry.limits = new PageLimits();
    entry.replyCount = undefined;
    entry.repliesMissing = false;
    this.updateBadge(tabId, entry);
  }

  /** The limits of the tab's current page (a new page gets new ones). */
  limitsOf(tabId: number): PageLimits {
    return this.entryFor(tabId).limits;
  }

  /** The tab closed: forget it without touching its (gone) badge. */
  closeTab(tabId: number): void {
    const entry = this.tabs.get(tabId);
    if (!entry) return;
    this.dropReplies(tabId, entry);
    this.tabs.delete(tabId);
  }

  /** Forgets every reply's spans but keeps the page (the library changed; a rescan follows). */
  resetSpans(tabId: number): void {
    const entry = this.tabs.get(tabId);
    if (!entry) return;
    this.dropReplies(tabId, entry);
    this.updateBadge(tabId, entry);
  }

  tabIds(): number[] {
    return [...this.tabs.keys()];
  }

  replySpans(tabId: number, replyId: string): ReplySpan[] | undefined {
    return this.tabs.get(tabId)?.replies.get(replyId)?.spans;
  }

  /** The texts of the tab's replies as last sent, in the order first seen (the probe page's). */
  replyTexts(
    tabId: number,
  ): { siteId: string; url: string; replies: ProbeReplyText[] } | undefined {
    const entry = this.tabs.get(tabId);
    if (!entry) return undefined;
    const replies = [...entry.texts].map(([replyId, held]) => ({
      replyId,
      isComplete: entry.replies.get(replyId)?.isComplete ?? false,
      text: held.text,
    }));
    return { siteId: entry.siteId, url: entry.url, replies };
  }

  report(tabId: number): TabReport | undefined {
    const entry = this.tabs.get(tabId);
    if (!entry) return undefined;
    return {
      siteId: entry.siteId,
      url: entry.url,
      replyCount: entry.replyCount,
      flaggedSpans: countSpans(entry),
      replies: [...entry.replies].map(([replyId, reply]) => ({
        replyId,
        isComplete: reply.isComplete,
        spans: reply.spans,
      })),
      notes: entry.repliesMissing
        ? [{ kind: 'replies-missing', limit: 0, count: 0 }, ...entry.limits.notes()]
        : entry.limits.notes(),
    };
  }
}

export function createTabState(options: TabStateOptions): TabState {
  return new TabState(options);
}
