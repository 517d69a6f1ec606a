import type { ContentToBackground, Send } from '../shared/messages';
import { describeTextChange, type HeldText } from '../shared/reply-text-change';
import { frameRequester, oneJobPerFrame } from './frame-jobs';
import { createHighlighter, type Highlighter } from './paint/highlighter';
import {
  watchReplies,
  type ReplyWatcher,
  type ReplyWatcherOptions,
  type WatchedReply,
} from './replies/watch-replies';
import type { SiteDefinition } from '../sites/define-site';

export interface PageSession {
  /** Scrolls to a span and flashes it. */
  flash(replyId: string, spanId: string): boolean;
  /** Re-sends every reply (the library changed). */
  rescan(): void;
  /** The live highlighter, for tests. */
  highlighter(): Highlighter;
  stop(): void;
}

/** A reply's request out (or its text waiting for a frame of its own), and the newest text after it. */
interface InFlight {
  pending: { reply: WatchedReply; isComplete: boolean } | undefined;
  /** Sends the pending text now: ends the pause between sends, or the wait for a frame of its own. */
  wake?: () => void;
  /** The reply stopped streaming while this request was out: no pause after it. */
  hasStreamEnded?: boolean;
}

/**
 * Pause between two sends of one streaming reply, growing with its length: each round trip
 * costs the page about half a millisecond of messaging (the send, and the answer's delivery)
 * and the worker a scan, while a short reply stays live. At least a few frames, so an answer
 * and the next send seldom land in one frame with a read; at most a fifth of a second behind
 * the stream. The end of the stream cuts the pause short (`streamEnded`).
 */
export function sendGapMs(textLength: number): number {
  return Math.min(200, 50 + Math.floor(textLength / 100));
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

/**
 * One content script's life on a page: watches replies, sends them to the background one
 * request per reply at a time (the newest text waits, older waiting texts are dropped), and
 * paints the spans that come back. A reply's text goes as its change from the last text the
 * background answered for (whole when there is none, or when the background asks for it). The
 * page reads and a streaming reply's sends take turns, one a frame ({@link oneJobPerFrame}). SPA
 * navigation (Navigation API, popstate, or a URL change noticed by the poll) aborts everything
 * and starts over with a fresh page.
 */
export function startPageSession(deps: {
  site: SiteDefinition;
  doc: Document;
  send: Send<ContentToBackground>;
  signal: AbortSignal;
  watcherOptions?: ReplyWatcherOptions;
  /** How often the URL is compared when no navigation event fired. */
  urlPollMs?: number;
}): PageSession {
  const { site, doc, send } = deps;
  const win = doc.defaultView;
  let pageController = new AbortController();
  let highlighter = createHighlighter(doc);
  let watcher: ReplyWatcher;
  let url = doc.location.href;
  let inFlight = new Map<string, InFlight>();
  let heldTexts = new Map<string, HeldText>();
  // Unique within the session, across SPA navigations too: a revision names one text.
  let lastRevision = 0;
  // Reads and streaming sends share the frames, one job a frame.
  const frameJobs = oneJobPerFrame(
    deps.watcherOptions?.requestFrame ?? frameRequester(doc, deps.signal),
  );

  /**
   * Sends a reply's text, one request per reply at a time. While a request is out (or its text
   * waits for its frame), newer text waits in `pending` and goes after it; a streaming reply's
   * text goes in a frame job of its own (see {@link oneJobPerFrame}) unless `isUrgent` (the
   * stream ended: its last words should show now).
   */
  function sendReply(
    reply: WatchedReply,
    isComplete: boolean,
    signal: AbortSignal,
    flights: Map<string, InFlight>,
    held: Map<string, HeldText>,
    isUrgent = false,
  ): void {
    const flight = flights.get(reply.id);
    if (flight) {
      // The newer text supersedes a waiting one; a completion is never lost to a later partial.
      const wasComplete =
        flight.pending?.isComplete === true && flight.pending.reply.text.text === reply.text.text;
      flight.pending = { reply, isComplete: isComplete || wasComplete };
      if (flight.pending.isComplete || !reply.isStreaming) flight.wake?.();
      return;
    }
    if (reply.isStreaming && !isComplete && !isUrgent) {
      const waiting: InFlight = { pending: { reply, isComplete } };
      const sendWaiting = (): void => {
        if (signal.aborted || flights.get(reply.id) !== waiting) return;
        flights.delete(reply.id);
        const next = waiting.pending;
        if (next)
          post(next.reply, next.isComplete, signal, flights, held, waiting.hasStreamEnded === true);
      };
      waiting.wake = sendWaiting;
      flights.set(reply.id, waiting);
      frameJobs(sendWaiting);
      return;
    }
    post(reply, isComplete, signal, flights, held, false);
  }

  function post(
    reply: WatchedReply,
    isComplete: boolean,
    signal: AbortSignal,
    flights: Map<string, InFlight>,
    held: Map<string, HeldText>,
    hasStreamEnded: boolean,
  ): void {
    flights.set(reply.id, { pending: undefined, hasStreamEnded });
    const text = reply.text.text;
    const revision = ++lastRevision;
    const change = describeTextChange(held.get(reply.id), text);
    void send('replyChanged', {
      siteId: site.id,
      replyId: reply.id,
      revision,
      change,
      isComplete,
      url,
    }).then(async (result) => {
      if (signal.aborted) return;
      const answer = result.ok ? result.value : undefined;
      if (answer?.status === 'scanned') {
        held.set(reply.id, { revision, text });
        highlighter.setSpans(reply.id, text, answer.spans);
      } else {
        // Unanswered (worker restarting) or unknown base: the next send carries the whole text.
        held.delete(reply.id);
      }
      const flight = flights.get(reply.id);
      // The background lost the text this change built on: send it whole now, unless newer text waits.
      if (flight && answer?.status === 'needs-whole-text' && change.kind === 'tail')
        flight.pending ??= { reply, isComplete };
      // Texts arriving during the gap coalesce into the pending one; a completion goes at once.
      const gap = answer?.status === 'needs-whole-text' ? 0 : sendGapMs(text.length);
      const pending = flight?.pending;
      if (
        flight &&
        gap > 0 &&
        reply.isStreaming &&
        flight.hasStreamEnded !== true &&
        !(pending && (pending.isComplete || !pending.reply.isStreaming))
      ) {
        await new Promise<void>((resolve) => {
          flight.wake = resolve;
          setTimeout(resolve, gap);
        });
      }
      if (signal.aborted) return;
      const next = flights.get(reply.id)?.pending;
      flights.delete(reply.id);
      if (next)
        sendReply(
          next.reply,
          next.isComplete,
          signal,
          flights,
          held,
          flight?.hasStreamEnded === true,
        );
    });
  }

  function start(): void {
    const signal = pageController.signal;
    const flights = inFlight;
    const held = heldTexts;
    void send('pageOpened', { siteId: site.id, url });
    watcher = watchReplies(
      site,
      doc,
      signal,
      {
        replyChanged: (reply, isComplete) => sendReply(reply, isComplete, signal, flights, held),
        repliesRendered: (replies) => replies.forEach((reply) => highlighter.render(reply)),
        pageScanned: (replyCount) => void send('pageScanned', { siteId: site.id, url, replyCount }),
        // The stream's last words may be waiting out the pause between sends: send them now.
        streamEnded: (reply) => {
          const flight = flights.get(reply.id);
          if (!flight) return;
          flight.hasStreamEnded = true;
          flight.wake?.();
        },
      },
      {
        isPainted: (node) => highlighter.isPainted(node),
        ...deps.watcherOptions,
        requestFrame: frameJobs,
      },
    );
  }

  function checkUrl(): void {
    const current = doc.location.href;
    if (current === url) return;
    if (isSameConversation(url, current, watcher.isStreaming())) {
      url = current;
      return;
    }
    url = current;
    pageController.abort();
    highlighter.dispose();
    pageController = new AbortController();
    highlighter = createHighlighter(doc);
    inFlight = new Map();
    heldTexts = new Map();
    start();
  }

  start();

  const outer = deps.signal;
  const listen = { signal: outer };
  win?.addEventListener('popstate', checkUrl, listen);
  win?.addEventListener('hashchange', checkUrl, listen);
  // The isolated world cannot see the page's history.pushState; the Navigation API can.
  const navigation = (win as (Window & { navigation?: EventTarget }) | null)?.navigation;
  navigation?.addEventListener('currententrychange', () => setTimeout(checkUrl, 0), listen);
  const poll = setInterval(checkUrl, deps.urlPollMs ?? 400);
  outer.addEventListener(
    'abort',
    () => {
      clearInterval(poll);
      pageController.abort();
      highlighter.dispose();
    },
    { once: true },
  );

  return {
    flash: (replyId, spanId) => {
      // Paint against the live DOM first: the reply may have re-rendered since its last frame.
      const reply = watcher.readReply(replyId);
      if (reply) highlighter.render(reply);
      return highlighter.flash(replyId, spanId);
    },
    rescan: () => watcher.resendAll(),
    highlighter: () => highlighter,
    stop: () => pageController.abort(),
  };
}
