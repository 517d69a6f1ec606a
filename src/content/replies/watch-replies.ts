import { frameRequester, type RequestFrame } from '../frame-jobs';
import type { FoundReply } from './find-replies';
import type { SiteDefinition } from '../../sites/define-site';
import type { ReplyText } from '../text/reply-text';
import { trackReplies } from './track-replies';

/** A reply as the watcher last read it. */
export interface WatchedReply {
  /** Stable across re-renders and remounts (see {@link watchReplies}). */
  id: string;
  element: Element;
  text: ReplyText;
  isStreaming: boolean;
}

export interface ReplyWatcherEvents {
  /** A reply's text changed (`isComplete` false) or it completed (`isComplete` true, sent once). */
  replyChanged(reply: WatchedReply, isComplete: boolean): void;
  /** Replies whose text or DOM changed in this frame: their old Ranges may be stale. */
  repliesRendered(replies: WatchedReply[]): void;
  /** The number of replies the adapter sees, sent when it changes (0 once the page has content). */
  pageScanned(replyCount: number): void;
  /** A reply's streaming signals just cleared (its text may be unchanged since the last report). */
  streamEnded?(reply: WatchedReply): void;
}

export interface ReplyWatcherOptions {
  /** Quiet time after the streaming signals clear before a reply counts as complete. */
  settleMs?: number;
  /** How long a page with content but no replies waits before reporting 0 replies. */
  emptyPageMs?: number;
  now?: () => number;
  /** Runs `callback` before the next paint (default: requestAnimationFrame, with a timer for hidden tabs). */
  requestFrame?: RequestFrame;
  setTimer?: (callback: () => void, ms: number) => void;
  /**
   * While a reply streams, a read the mutations do not need at once (see `isPainted`) waits
   * until this long after the previous read (default {@link STREAMING_READ_GAP_MS}; 0: every frame).
   */
  streamingReadGapMs?: number;
  /**
   * True when a painted highlight starts or ends in this text node: a change to its text moves
   * the highlight's ends, so the reply is read again in the next frame to repaint it.
   */
  isPainted?: (node: Node) => boolean;
}

export interface ReplyWatcher {
  /** Sends every reply seen on this page again, mounted or not (the library changed). */
  resendAll(): void;
  /** The mounted reply with this id, as of the DOM now (reads the page first if it changed). */
  readReply(id: string): WatchedReply | undefined;
  /** True while any mounted reply streams. */
  isStreaming(): boolean;
}

interface ReplyState {
  text: string;
  /** The last read, kept after the element unmounts so a rescan can re-send it. */
  last: WatchedReply;
  isMounted: boolean;
  isComplete: boolean;
  /** Last text change or end of a streaming signal: completion waits `settleMs` after it. */
  settleFrom: number;
}

export const DEFAULT_SETTLE_MS = 500;
const DEFAULT_EMPTY_PAGE_MS = 1500;

/** After a read of d ms the next waits (factor - 1) * d: reading stays under 1/factor of the thread. */
const READ_GAP_FACTOR = 5;

/**
 * While a reply streams, mutations that only add nodes, or change text no highlight ends in,
 * are read at most this often: about every third frame. A reader does not see the difference
 * (the text is sent at most every 50 ms anyway, see page-session's `sendGapMs`), and the page
 * spares two reads of three. Removed nodes, attribute changes (a streaming signal clearing)
 * and text changes under a highlight's ends are read in the next frame.
 */
export const STREAMING_READ_GAP_MS = 50;

/** Reads that found nothing new before later reads back off, up to this gap. */
const IDLE_READS_BEFORE_BACKOFF = 3;
const MAX_IDLE_GAP_MS = 250;

/** `findReplies`' positional fallback (`r<index>-<hash>`) shifts when a virtualized list scrolls. */
const POSITIONAL_ID = /^r\d+-[0-9a-z]+$/;

const OBSERVED_ATTRIBUTES = [
  'class',
  'data-is-streaming',
  'data-streaming-state',
  'data-streaming-complete',
  'data-complete',
  'aria-busy',
  'aria-label',
  'data-testid',
  'hidden',
  'style',
  // What the text reader checks besides class/hidden/style: the read cache must see them change.
  'aria-hidden',
  'open',
  'role',
];

function sameSegments(a: ReplyText, b: ReplyText): boolean {
  // A reply the read cache reused brings the very same array.
  if (a.segments === b.segments) return true;
  if (a.segments.length !== b.segments.length) return false;
  for (let i = 0; i < a.segments.length; i++)
    if (a.segments[i]?.node !== b.segments[i]?.node) return false;
  return true;
}

/**
 * Watches a page's assistant replies. The MutationObserver callback only marks the page dirty;
 * once per frame the page is read (see {@link trackReplies}: only the replies the mutations
 * touched are read again), and only replies whose text changed are reported. A reply completes
 * when its streaming signals are clear and its text has not changed for `settleMs`; a
 * returning signal (regenerate, continue) reopens it.
 *
 * Reply ids: the adapter's id when the site has a stable one; otherwise an id kept per element
 * (React re-render of the text keeps the container) and, for a new element, the id of an
 * unmounted reply with the same text (a virtualized list scrolled back), else a fresh one.
 * All listeners and timers stop when `signal` aborts.
 */
export function watchReplies(
  site: SiteDefinition,
  doc: Document,
  signal: AbortSignal,
  events: ReplyWatcherEvents,
  options: ReplyWatcherOptions = {},
): ReplyWatcher {
  const settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
  const emptyPageMs = options.emptyPageMs ?? DEFAULT_EMPTY_PAGE_MS;
  const now = options.now ?? (() => performance.now());
  const requestFrame = options.requestFrame ?? frameRequester(doc, signal);
  const setTimer = options.setTimer ?? ((cb: () => void, ms: number) => void setTimeout(cb, ms));
  const streamingReadGapMs = options.streamingReadGapMs ?? STREAMING_READ_GAP_MS;
  const isPainted = options.isPainted ?? (() => true);

  const states = new Map<string, ReplyState>();
  // Kept beside `states` so a frame visits the replies it read, not every reply on the page.
  const streamingIds = new Set<string>();
  const unsettled = new Set<ReplyState>();
  const elementIds = new WeakMap<Element, string>();
  let nextLocalId = 1;
  let isDirty = true;
  let isFrameScheduled = false;
  /** When the timer that holds back the next read fires (Infinity: none is set). */
  let waitDueAt = Infinity;
  let timerDueAt = Infinity;
  let reportedCount: number | undefined;
  let nextReadAt = -Infinity;
  /** A streaming reply's appends wait for this time (see {@link STREAMING_READ_GAP_MS}). */
  let streamReadAt = -Infinity;
  /** A mutation since the last read that should be read in the next frame. */
  let isUrgent = true;
  let idleReads = 0;
  let lastReadCount = -1;
  const startedAt = now();
  const tracker = trackReplies(site, doc);
  // Mutation batches since the last read, kept as delivered: the callback does no other work.
  let pendingRecords: MutationRecord[][] = [];

  function stableId(found: FoundReply, taken: Set<string>): string {
    let id = elementIds.get(found.element);
    if (id === undefined) {
      if (!POSITIONAL_ID.test(found.id)) {
        id = found.id;
      } else {
        const text = found.text.text;
        for (const [knownId, state] of states) {
          if (!state.isMounted && !taken.has(knownId) && text !== '' && state.text === text) {
            id = knownId;
            break;
          }
        }
        id ??= `w${nextLocalId++}`;
      }
      elementIds.set(found.element, id);
    }
    // Two containers claiming one id would overwrite each other's spans.
    if (taken.has(id)) {
      let n = 2;
      while (taken.has(`${id}#${n}`)) n++;
      id = `${id}#${n}`;
      elementIds.set(found.element, id);
    }
    taken.add(id);
    return id;
  }

  function schedule(): void {
    if (isFrameScheduled || signal.aborted) return;
    // A long reply takes a while to read: keep reading it from taking over the main thread.
    const readAt = isUrgent ? nextReadAt : Math.max(nextReadAt, streamReadAt);
    // A timer already set for this time or earlier wakes the read in time.
    if (waitDueAt <= readAt) return;
    const wait = readAt - now();
    if (wait > 0) {
      waitDueAt = readAt;
      setTimer(() => {
        if (waitDueAt !== readAt) return;
        waitDueAt = Infinity;
        schedule();
      }, wait);
      return;
    }
    waitDueAt = Infinity;
    isFrameScheduled = true;
    requestFrame(() => {
      isFrameScheduled = false;
      if (!signal.aborted) runFrame();
    });
  }

  function scheduleTimer(dueAt: number): void {
    if (dueAt >= timerDueAt) return;
    timerDueAt = dueAt;
    setTimer(
      () => {
        if (timerDueAt !== dueAt) return;
        timerDueAt = Infinity;
        // Re-read before completing: a streaming signal may have come back meanwhile.
        isDirty = true;
        isUrgent = true;
        schedule();
      },
      Math.max(0, dueAt - now()),
    );
  }

  function takeRecords(): MutationRecord[] {
    const records = pendingRecords.flat();
    for (const record of observer.takeRecords()) records.push(record);
    pendingRecords = [];
    return records;
  }

  /** Updates one reply's state from a read; true when its streaming signal changed. */
  function update(reply: WatchedReply, t: number, rendered: WatchedReply[]): boolean {
    if (reply.isStreaming) streamingIds.add(reply.id);
    else streamingIds.delete(reply.id);
    const state = states.get(reply.id);
    if (!state) {
      const created = {
        text: reply.text.text,
        last: reply,
        isMounted: true,
        isComplete: false,
        settleFrom: t,
      };
      states.set(reply.id, created);
      unsettled.add(created);
      rendered.push(reply);
      if (reply.text.text !== '') events.replyChanged(reply, false);
      return false;
    }
    const isTextChanged = state.text !== reply.text.text;
    // Keep the string already held: a settled page's every read would otherwise keep a second copy.
    if (!isTextChanged) reply.text = { text: state.text, segments: reply.text.segments };
    if (isTextChanged || !state.isMounted || !sameSegments(state.last.text, reply.text))
      rendered.push(reply);
    // React may still render the tail after the flag flips: settle from that moment too.
    const hasStreamEnded = state.last.isStreaming && !reply.isStreaming;
    if (hasStreamEnded) state.settleFrom = t;
    const isSignalChanged = state.last.isStreaming !== reply.isStreaming;
    state.last = reply;
    state.isMounted = true;
    if (isTextChanged) {
      state.text = reply.text.text;
      state.settleFrom = t;
      state.isComplete = false;
      unsettled.add(state);
      events.replyChanged(reply, false);
    } else if (reply.isStreaming && state.isComplete) {
      state.isComplete = false;
      state.settleFrom = t;
      unsettled.add(state);
    }
    if (hasStreamEnded) events.streamEnded?.(reply);
    return isSignalChanged;
  }

  function runFrame(): void {
    const t = now();
    if (isDirty) {
      isDirty = false;
      // Blocks are reused only while a reply streams (the observer sees the stream's mutations);
      // on a settled page a reply a mutation touched is read whole, catching unobserved changes.
      const read = tracker.read(takeRecords(), isAnyStreaming());
      isUrgent = false;
      const readMs = now() - t;
      const rendered: WatchedReply[] = [];
      let isSignalChanged = read.replies.length !== lastReadCount;
      lastReadCount = read.replies.length;
      if (read.isListChanged) {
        const taken = new Set<string>();
        const mounted = new Set<string>();
        for (const found of read.replies) {
          const id = stableId(found, taken);
          mounted.add(id);
          if (
            update(
              { id, element: found.element, text: found.text, isStreaming: found.isStreaming },
              t,
              rendered,
            )
          )
            isSignalChanged = true;
        }
        for (const [id, state] of states) {
          if (mounted.has(id)) continue;
          state.isMounted = false;
          streamingIds.delete(id);
        }
      } else {
        // The same containers as last frame: each already has its id.
        for (const found of read.changed) {
          const id = elementIds.get(found.element) as string;
          if (
            update(
              { id, element: found.element, text: found.text, isStreaming: found.isStreaming },
              t,
              rendered,
            )
          )
            isSignalChanged = true;
        }
      }
      // Mutations that changed nothing we read (animations, other widgets) back reads off.
      idleReads = rendered.length > 0 || isSignalChanged ? 0 : idleReads + 1;
      const idleGap =
        idleReads < IDLE_READS_BEFORE_BACKOFF
          ? 0
          : Math.min(MAX_IDLE_GAP_MS, 16 * 2 ** (idleReads - IDLE_READS_BEFORE_BACKOFF));
      nextReadAt = t + Math.max(readMs * READ_GAP_FACTOR, idleGap);
      streamReadAt = t + streamingReadGapMs;
      if (rendered.length > 0) events.repliesRendered(rendered);
      reportCount(read.replies.length, t);
    }
    let nextDue = Infinity;
    for (const state of unsettled) {
      if (!state.isMounted || state.text === '') continue;
      if (state.last.isStreaming) continue;
      const dueAt = state.settleFrom + settleMs;
      if (t >= dueAt) {
        state.isComplete = true;
        unsettled.delete(state);
        events.replyChanged(state.last, true);
      } else {
        nextDue = Math.min(nextDue, dueAt);
      }
    }
    if (nextDue !== Infinity) scheduleTimer(nextDue);
    if (reportedCount === undefined && t < startedAt + emptyPageMs)
      scheduleTimer(startedAt + emptyPageMs);
  }

  function reportCount(count: number, t: number): void {
    if (count === reportedCount) return;
    // An empty page may still be loading its conversation: say "none" only after a while.
    if (count === 0 && (t - startedAt < emptyPageMs || (doc.body?.childElementCount ?? 0) === 0))
      return;
    reportedCount = count;
    events.pageScanned(count);
  }

  function isAnyStreaming(): boolean {
    return streamingIds.size > 0;
  }

  /** True when these mutations can wait for the streaming read gap (see {@link STREAMING_READ_GAP_MS}). */
  function canWait(records: MutationRecord[]): boolean {
    if (streamingReadGapMs <= 0 || !isAnyStreaming()) return false;
    for (const record of records) {
      if (record.type === 'childList') {
        if (record.removedNodes.length > 0) return false;
      } else if (record.type !== 'characterData' || isPainted(record.target)) {
        return false;
      }
    }
    return true;
  }

  const observer = new MutationObserver((records) => {
    pendingRecords.push(records);
    isDirty = true;
    // A read already asked for takes these records too: only a read that would wait needs to know.
    if (isFrameScheduled) return;
    if (!isUrgent && !canWait(records)) isUrgent = true;
    schedule();
  });
  observer.observe(doc.documentElement, {
    childList: true,
    subtree: true,
    characterData: true,
    attributes: true,
    attributeFilter: OBSERVED_ATTRIBUTES,
  });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  schedule();

  return {
    resendAll(): void {
      for (const state of states.values()) {
        if (state.text === '') continue;
        events.replyChanged(state.last, state.isComplete);
      }
    },
    readReply(id: string): WatchedReply | undefined {
      if (signal.aborted) return undefined;
      if (isDirty) runFrame();
      const state = states.get(id);
      return state?.isMounted ? state.last : undefined;
    },
    isStreaming: isAnyStreaming,
  };
}
