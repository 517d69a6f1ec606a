import type { ContentToBackground, Send } from '../shared/messages';
import type { PaintSettings } from '../shared/page-settings';
import type { SiteDefinition } from '../sites/define-site';
import { frameRequester, oneJobPerFrame } from './frame-jobs';
import { createHighlighter, type Highlighter } from './paint/highlighter';
import { startMarkCards } from './paint/mark-card';
import { createOverlay, type Overlay } from './paint/overlay';
import { watchMissingReplies } from './replies/missing-replies';
import { watchReplies, type ReplyWatcher, type ReplyWatcherOptions } from './replies/watch-replies';
import { ReplySender } from './send/send-replies';
import { wakeOnActivity } from './send/wake-on-activity';

export interface PageSession {
  /** Scrolls to a span and flashes it. */
  flash(replyId: string, spanId: string): boolean;
  /** Re-sends every reply (the library changed). */
  rescan(): void;
  /** False while the user turned marks off ("Don't mark replies in the page"). */
  isMarking(): boolean;
  /** The live highlighter, for tests. */
  highlighter(): Highlighter;
  /** Ends everything the session started: listeners, observer, timers, poll and port. */
  stop(): void;
}

export interface PageSessionDeps {
  site: SiteDefinition;
  doc: Document;
  /** Opens the session's channel to the background; it closes when `signal` aborts. */
  openSend: (signal: AbortSignal) => Send<ContentToBackground>;
  /** Calls `apply` with the user's paint settings now (once known) and on each change, until `signal` aborts. */
  watchSettings?: (signal: AbortSignal, apply: (settings: PaintSettings) => void) => void;
  watcherOptions?: ReplyWatcherOptions;
  /** How often the URL is compared when no navigation event fired. */
  urlPollMs?: number;
  /** True in Recital's own practice chat page, whose CSP refuses inline style. */
  isExtensionPage?: boolean;
  /** How long a built-in site's page may show no reply after a message was sent (default 20 s). */
  missingRepliesMs?: number;
}

/** A URL without a conversation id: the first message of a new chat moves away from it. */
function isNewChatUrl(url: URL): boolean {
  return url.pathname === '/' || /\/(?:new|chat|app)\/?$/.test(url.pathname);
}

/**
 * Same conversation: the URL did not change, or a new chat got its id while its first reply
 * streams (ChatGPT `/` -> `/c/<id>`, Meta -> `/prompt/<id>`), which is not a navigation away.
 */
export function isSameConversation(from: string, to: string, isStreaming: boolean): boolean {
  if (from === to) return true;
  const a = new URL(from);
  const b = new URL(to);
  if (a.origin === b.origin && a.pathname === b.pathname && a.search === b.search) return true;
  return isStreaming && a.origin === b.origin && isNewChatUrl(a);
}

/** Calls `onChange` when the page's URL may have changed, until `signal` aborts. */
function watchUrl(win: Window | null, onChange: () => void, pollMs: number, signal: AbortSignal) {
  const listen = { signal };
  win?.addEventListener('popstate', onChange, listen);
  win?.addEventListener('hashchange', onChange, listen);
  // The isolated world cannot see the page's history.pushState; the Navigation API can.
  const navigation = (win as (Window & { navigation?: EventTarget }) | null)?.navigation;
  navigation?.addEventListener(
    'currententrychange',
    () => {
      const timer = setTimeout(onChange, 0);
      signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
    },
    listen,
  );
  const poll = setInterval(onChange, pollMs);
  signal.addEventListener('abort', () => clearInterval(poll), { once: true });
}

/** The marks' hover card, for the page's current highlighter, talking over the page's port. */
function startCards(
  doc: Document,
  signal: AbortSignal,
  overlay: Overlay,
  highlighter: () => Highlighter,
  send: Send<ContentToBackground>,
): void {
  startMarkCards({
    doc,
    signal,
    overlay,
    spanOf: (range) => {
      const found = highlighter().spanOf(range);
      return found && { replyId: found.replyId, spanId: found.span.spanId };
    },
    describe: async (replyId, spanId) => {
      const card = await send('describeMark', { replyId, spanId });
      return card.ok ? card.value : undefined;
    },
    show: (replyId, spanId) => void send('showInRecital', { replyId, spanId }),
  });
}

/**
 * Watches a built-in site's page for replies it shows but the adapter no longer finds (a user
 * site's selector was just picked on its page). Returns `report` wrapped to note each count.
 */
function noticeMissingReplies(
  deps: PageSessionDeps,
  signal: AbortSignal,
  send: Send<ContentToBackground>,
  url: () => string,
  report: (replyCount: number) => void,
): (replyCount: number) => void {
  const siteId = deps.site.id;
  if (siteId.startsWith('generic:')) return report;
  let replyCount = 0;
  const onMissing = (): void =>
    void send('pageScanned', { siteId, url: url(), replyCount: 0, repliesMissing: true });
  const waitMs = deps.missingRepliesMs;
  watchMissingReplies({ doc: deps.doc, signal, replyCount: () => replyCount, onMissing, waitMs });
  return (count) => {
    replyCount = count;
    report(count);
  };
}

/**
 * One content script's life on a page: watches replies (`replies/`), sends their changes
 * (`send/`) and paints the spans that come back (`paint/`). One AbortController owns it all;
 * an SPA navigation to another conversation aborts the page's part and starts over.
 */
export function startPageSession(deps: PageSessionDeps): PageSession {
  const { site, doc } = deps;
  const life = new AbortController();
  const send = deps.openSend(life.signal);
  // The overlay's host goes in now, before any reply is read: its presence says nothing.
  const overlay = createOverlay(doc, life.signal, { isExtensionPage: deps.isExtensionPage });
  // Reads and streaming sends share the frames, one job a frame.
  const frameJobs = oneJobPerFrame(
    deps.watcherOptions?.requestFrame ?? frameRequester(doc, life.signal),
  );
  let url = doc.location.href;
  let lastRevision = 0;
  let isMarking = true;
  let page = openPage();

  function openPage() {
    const controller = new AbortController();
    const { signal } = controller;
    let highlighter = createHighlighter(overlay);
    signal.addEventListener('abort', () => highlighter.dispose(), { once: true });
    // Replies the background answered: the ones to hand a fresh highlighter when marks come back.
    const scannedIds = new Set<string>();
    const sender = new ReplySender({
      siteId: site.id,
      send,
      url: () => url,
      nextRevision: () => ++lastRevision,
      frameJobs,
      signal,
      scanned: (replyId, text, spans) => {
        scannedIds.add(replyId);
        // Marks off: the spans reach the popup and badge through the background, not the page.
        if (isMarking) highlighter.setSpans(replyId, text, spans);
      },
    });
    void send('pageOpened', { siteId: site.id, url });
    const watcher: ReplyWatcher = watchReplies(
      site,
      doc,
      signal,
      {
        replyChanged: (reply, isComplete) => sender.replyChanged(reply, isComplete),
        repliesRendered: (replies) => replies.forEach((reply) => highlighter.render(reply)),
        pageScanned: noticeMissingReplies(
          deps,
          signal,
          send,
          () => url,
          (replyCount) => void send('pageScanned', { siteId: site.id, url, replyCount }),
        ),
        streamEnded: (reply) => sender.streamEnded(reply),
      },
      {
        isPainted: (node) => highlighter.isPainted(node),
        ...deps.watcherOptions,
        requestFrame: frameJobs,
      },
    );
    /** Off: a fresh highlighter holds no spans. On: it learns the mounted replies, then a rescan's answers paint them. */
    const setMarking = (isOn: boolean): void => {
      if (!isOn) {
        highlighter.dispose();
        highlighter = createHighlighter(overlay);
        return;
      }
      for (const id of scannedIds) {
        const reply = watcher.readReply(id);
        if (reply) highlighter.render(reply);
      }
      watcher.resendAll();
    };
    startCards(doc, signal, overlay, () => highlighter, send);
    return { controller, highlighter: () => highlighter, watcher, setMarking };
  }

  function applySettings(settings: PaintSettings): void {
    overlay.setColors(settings.highlightColors);
    if (settings.markReplies === isMarking) return;
    isMarking = settings.markReplies;
    page.setMarking(isMarking);
  }
  deps.watchSettings?.(life.signal, applySettings);

  function checkUrl(): void {
    const current = doc.location.href;
    if (life.signal.aborted || current === url) return;
    const isSame = isSameConversation(url, current, page.watcher.isStreaming());
    url = current;
    if (isSame) return;
    page.controller.abort();
    page = openPage();
  }

  watchUrl(doc.defaultView, checkUrl, deps.urlPollMs ?? 400, life.signal);
  wakeOnActivity(doc, () => void send('userActive', {}), life.signal);
  life.signal.addEventListener('abort', () => page.controller.abort(), { once: true });

  return {
    flash: (replyId, spanId) => {
      if (!isMarking) return false;
      // Paint against the live DOM first: the reply may have re-rendered since its last frame.
      const reply = page.watcher.readReply(replyId);
      if (reply) page.highlighter().render(reply);
      return page.highlighter().flash(replyId, spanId);
    },
    rescan: () => page.watcher.resendAll(),
    isMarking: () => isMarking,
    highlighter: () => page.highlighter(),
    stop: () => life.abort(),
  };
}
