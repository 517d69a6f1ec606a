/**
 * THE message protocol: one typed map per direction. Each entry maps a message `type` to its
 * request payload and the value of its `Result` reply. Events are named in the past tense,
 * commands in the imperative. Anything sent to a content script carries reply ids and offsets,
 * never library text; the one exception is `describeMark`'s answer (a hovered mark's source
 * title and author, never passage text), shown only in the overlay's closed root.
 */
import type { DiffPart, MatchKind } from '../core/index';
import type { PageSettings, PaintSettings } from './page-settings';

/** A matched span as the page may know it: offsets into the reply's text, nothing else. */
export interface ReplySpan {
  /** Stable within the reply: `${docKey}:${sourceWordStart}` hashed; never passage text. */
  spanId: string;
  /** UTF-16 offsets into the reply text the content script sent, end exclusive. */
  replyStart: number;
  replyEnd: number;
  kind: MatchKind;
}

/**
 * A reply's text as `replyChanged` carries it: whole, or as the text of an earlier message of
 * the same reply that the background answered with `scanned`, cut and extended. Streaming only
 * appends (or a markdown renderer rewrites the last few characters), and copying the whole
 * reply across processes every frame cost the page milliseconds.
 */
export type ReplyTextChange =
  | { kind: 'whole'; text: string }
  | {
      kind: 'tail';
      /** `revision` of the answered message whose text this builds on, and that text's length. */
      baseRevision: number;
      baseLength: number;
      /** UTF-16 code units of that text kept (`<= baseLength`); `tail` follows them. */
      keep: number;
      tail: string;
    };

/** The background's answer to `replyChanged`. */
export type ReplyChangedAnswer =
  | { status: 'scanned'; spans: ReplySpan[] }
  /** It does not hold the text a `tail` change builds on (worker restarted, page reset): send it whole. */
  | { status: 'needs-whole-text' };

/** Content script -> background. */
export type ContentToBackground = {
  /** The watcher (re)started on a page (load or SPA navigation): forget the tab's old replies. */
  pageOpened: {
    request: { siteId: string; url: string };
    response: null;
  };
  /**
   * A reply's text changed (streaming) or completed. `revision` numbers the message (it only
   * grows within a page session, which starts with `pageOpened`); `change` gives the text whole
   * or relative to an answered one.
   */
  replyChanged: {
    request: {
      siteId: string;
      replyId: string;
      revision: number;
      change: ReplyTextChange;
      isComplete: boolean;
      url: string;
    };
    response: ReplyChangedAnswer;
  };
  /** What the adapter sees on this page, for the popup's "found no replies" state. */
  pageScanned: {
    /**
     * `repliesMissing`: a built-in site's page still shows no reply Recital can read a while
     * after the user sent a message (the site may have changed its page).
     */
    request: { siteId: string; url: string; replyCount: number; repliesMissing?: boolean };
    response: null;
  };
  /** The user clicked a reply in pick mode: save the derived selector for the page's origin. */
  replyPicked: {
    request: { origin: string; replySelector: string; matchCount: number };
    response: null;
  };
  /** The user is at the page (a key, a click): wake now, before the reply asked for. No data. */
  userActive: { request: Record<string, never>; response: null };
  /** The settings the page needs at startup (colours, marks, its own user site, if any). */
  getPageSettings: { request: Record<string, never>; response: PageSettings };
  /**
   * The user hovers a mark: what its card says. Asked only then, answered into the content
   * script's isolated world, shown only inside the overlay's closed shadow root.
   */
  describeMark: { request: { replyId: string; spanId: string }; response: MarkCard };
  /** The card's "Show in Recital": open the popup (or, where it cannot, a tab) at this passage. */
  showInRecital: { request: { replyId: string; spanId: string }; response: null };
};

/**
 * A mark's hover card: the source's title and author, the kind and length. The one message to a
 * content script that names a library document; never passage text.
 */
export interface MarkCard {
  title: string;
  author?: string;
  kind: MatchKind;
  words: number;
  /** Library documents holding these words (3 or more: a common quotation). */
  sharedBy: number;
}

/** Background -> content script. */
export type BackgroundToContent = {
  /** Scroll to a span and flash its highlight; `marksOff`: the user turned marks off. */
  highlightSpan: {
    request: { replyId: string; spanId: string };
    response: { found: boolean; marksOff?: boolean };
  };
  /** The user changed how pages paint matches: repaint (or clear the marks) at once. */
  paintSettingsChanged: { request: PaintSettings; response: null };
  /** The library or settings changed: re-send every reply for a fresh scan. */
  rescanRequested: { request: Record<string, never>; response: null };
  /** Enter pick mode: the next click on the page chooses the reply container. */
  pickReply: { request: Record<string, never>; response: null };
};

/**
 * A limit one page reached (docs/benchmarks.md, "Bounded work per page"): what Recital did not
 * check or record there, so the popup can say so. `count`: replies it concerns.
 */
export interface PageNote {
  kind:
    | 'replies-capped'
    | 'reply-cut'
    | 'reply-refused'
    | 'spans-capped'
    | 'audit-capped'
    | 'replies-missing';
  /**
   * The limit reached: replies, characters, spans per reply or audit records (for
   * `replies-missing`: 0, and `count` 0, the replies found).
   */
  limit: number;
  count: number;
}

/** What the background knows about one tab's page: offsets and ids only, like the page itself. */
export interface TabReport {
  siteId: string;
  url: string;
  /** Replies the adapter found at its last look; `undefined` before it reported (0 = found none). */
  replyCount: number | undefined;
  /** Flagged spans over all replies seen on this page: the badge number. */
  flaggedSpans: number;
  /** Every reply scanned on this page, including ones scrolled out of a virtualized list. */
  replies: { replyId: string; isComplete: boolean; spans: ReplySpan[] }[];
  /** Limits this page reached (empty when none). */
  notes: PageNote[];
}

/** One flagged span as the popup shows it (extension pages only: it carries library text). */
export interface PopupSpan {
  spanId: string;
  kind: MatchKind;
  /** Length in reply words, and the core's significance score. */
  words: number;
  score: number;
  edits: number;
  /** The copied words as they appear in the reply. */
  replyText: string;
  /**
   * Library documents that hold these words, `source`'s included; 3 or more: a common
   * quotation, shown as such rather than as a copy of `source` alone.
   */
  sharedBy: number;
  source: {
    docId: string;
    title: string;
    author?: string;
    /** Raw UTF-16 offsets into the document text, end exclusive. */
    sourceStart: number;
    sourceEnd: number;
    /** How far into the document the passage starts, 0..100. */
    percent: number;
    /** The nearest preceding chapter heading, when the text has any. */
    chapter?: string;
    /** The passage and a little of the text around it. */
    before: string;
    passage: string;
    after: string;
  } | null;
  /** Word diff from the source passage to the reply (near spans only). */
  diff: DiffPart[];
  /**
   * `team`: found by the team catalogue service, not in the local library; its `source` is what
   * the service told (`docId` the catalogue's, `passage` its excerpt, `percent` unknown: -1).
   */
  origin?: 'team';
}

/** One reply of the tab with its flagged spans, strongest first. */
export interface PopupReply {
  replyId: string;
  /** 1-based position among the replies Recital saw on this page. */
  position: number;
  isComplete: boolean;
  words: number;
  /** Share of the reply's words inside flagged spans, 0..1. */
  coverage: number;
  spans: PopupSpan[];
}

/** One reply's text as the background holds it, for the probe page. */
export interface ProbeReplyText {
  replyId: string;
  isComplete: boolean;
  text: string;
}

/** Everything the popup shows about one tab. */
export interface PopupReport {
  /** Active documents in the library (0: offer the sample library). */
  libraryDocuments: number;
  /** `null`: no Recital content script reported from this tab (unsupported page). */
  page: {
    siteId: string;
    url: string;
    isSiteEnabled: boolean;
    replyCount: number | undefined;
    /** Limits this page reached: the popup says what was not checked or recorded. */
    notes: PageNote[];
  } | null;
  /** Replies with at least one span, the most significant first. */
  replies: PopupReply[];
  /** Why the team catalogue's last answer is missing (it is on but failed); else absent. */
  teamProblem?: string;
}

/** Extension pages (popup, options, welcome) -> background. */
export type PopupToBackground = {
  /** The popup's view of a tab; `null` when no Recital content script has reported from it. */
  getTabReport: { request: { tabId: number }; response: TabReport | null };
  /**
   * The library changed in the store (import, edit, delete, restored backup): reload the index
   * and the settings. `added`: the change only added these documents, so only they are read.
   */
  libraryChanged: { request: { added?: string[] }; response: null };
  /**
   * The texts of a tab's replies as its content script last sent them, in the order first seen
   * (the probe page scores the reply to its probe). Extension pages only: they are the page's
   * own replies.
   */
  getReplyTexts: {
    request: { tabId: number };
    response: { siteId: string; url: string; replies: ProbeReplyText[] } | null;
  };
  /** The popup's full view of a tab: replies, spans with their sources and context. */
  getPopupReport: { request: { tabId: number }; response: PopupReport };
  /** Settings were saved in the store: re-read them, rescan every tab. */
  settingsChanged: { request: Record<string, never>; response: null };
  /**
   * Recital on a site without a built-in adapter, after the popup obtained the host permission:
   * run the content script on the origin from now on, inject it in the tab, start pick mode.
   */
  enableSite: { request: { tabId: number; origin: string }; response: null };
  /** Stop watching a user-enabled site: settings entry, content script and host permission go. */
  removeSite: { request: { origin: string }; response: null };
  /** The "Check selected text" page: scans text and describes each span with its source. */
  checkText: {
    request: { text: string };
    response: { words: number; coverage: number; spans: PopupSpan[] };
  };
};

/** Extension pages -> content script of a tab. */
export type PopupToContent = {
  highlightSpan: BackgroundToContent['highlightSpan'];
  pickReply: BackgroundToContent['pickReply'];
  /**
   * The probe page (issue #19): put this prompt into the chat's prompt box as typing would.
   * The one message that carries library text into a page (the prompt's opening words of a
   * passage, never its continuation), at the user's own click; nothing is sent to the chat
   * until the user sends it (docs/privacy.md).
   */
  fillComposer: {
    request: { prompt: string };
    response: { kind: 'textarea' | 'contenteditable' };
  };
};

export * from './message-wire';
