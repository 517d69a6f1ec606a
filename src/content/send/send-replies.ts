import type { ContentToBackground, ReplySpan, Send } from '../../shared/messages';
import { describeTextChange, type HeldText } from '../../shared/reply-text-change';
import type { RequestFrame } from '../frame-jobs';
import type { WatchedReply } from '../replies/watch-replies';

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
 * costs the page messaging and the worker a scan, while a short reply stays live. The end of
 * the stream cuts the pause short (`streamEnded`).
 */
function sendGapMs(textLength: number): number {
  return Math.min(200, 50 + Math.floor(textLength / 100));
}

export interface ReplySenderDeps {
  siteId: string;
  send: Send<ContentToBackground>;
  /** The page's URL now (it may change while a new chat gets its id). */
  url: () => string;
  /** Names one text; unique within the page session, across navigations too. */
  nextRevision: () => number;
  /** A streaming reply's sends take turns with the page reads, one job a frame. */
  frameJobs: RequestFrame;
  signal: AbortSignal;
  /** The background scanned `text` (the text the offsets of `spans` refer to). */
  scanned(replyId: string, text: string, spans: ReplySpan[]): void;
}

/**
 * The queue of one page's reply changes to the background: one request per reply at a time
 * (the newest text waits, older waiting texts are dropped). A text goes as its change from the
 * last text the background answered for ({@link describeTextChange}), whole when there is none
 * or when the background asks for it.
 */
export class ReplySender {
  private readonly flights = new Map<string, InFlight>();
  private readonly held = new Map<string, HeldText>();

  constructor(private readonly deps: ReplySenderDeps) {}

  /** Sends a reply's text now, or after the request already out for it; `isUrgent`: no frame wait. */
  replyChanged(reply: WatchedReply, isComplete: boolean, isUrgent = false): void {
    const { flights } = this;
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
        if (this.deps.signal.aborted || flights.get(reply.id) !== waiting) return;
        flights.delete(reply.id);
        const next = waiting.pending;
        if (next) this.post(next.reply, next.isComplete, waiting.hasStreamEnded === true);
      };
      waiting.wake = sendWaiting;
      flights.set(reply.id, waiting);
      this.deps.frameJobs(sendWaiting);
      return;
    }
    this.post(reply, isComplete, false);
  }

  /** The reply's streaming signals cleared: its last words may be waiting out a pause, send them now. */
  streamEnded(reply: WatchedReply): void {
    const flight = this.flights.get(reply.id);
    if (!flight) return;
    flight.hasStreamEnded = true;
    flight.wake?.();
  }

  private post(reply: WatchedReply, isComplete: boolean, hasStreamEnded: boolean): void {
    const { deps } = this;
    this.flights.set(reply.id, { pending: undefined, hasStreamEnded });
    const text = reply.text.text;
    const revision = deps.nextRevision();
    const change = describeTextChange(this.held.get(reply.id), text);
    const payload = { siteId: deps.siteId, replyId: reply.id, revision, change, isComplete };
    void deps.send('replyChanged', { ...payload, url: deps.url() }).then(async (result) => {
      if (deps.signal.aborted) return;
      const answer = result.ok ? result.value : undefined;
      if (answer?.status === 'scanned') {
        this.held.set(reply.id, { revision, text });
        deps.scanned(reply.id, text, answer.spans);
      } else {
        // Unanswered (worker restarting) or unknown base: the next send carries the whole text.
        this.held.delete(reply.id);
      }
      const flight = this.flights.get(reply.id);
      // The background lost the text this change built on: send it whole now, unless newer text waits.
      if (flight && answer?.status === 'needs-whole-text' && change.kind === 'tail')
        flight.pending ??= { reply, isComplete };
      const gap = answer?.status === 'needs-whole-text' ? 0 : sendGapMs(text.length);
      if (flight && gap > 0 && this.shouldPause(reply, flight)) await this.pause(flight, gap);
      if (deps.signal.aborted) return;
      const next = this.flights.get(reply.id)?.pending;
      this.flights.delete(reply.id);
      if (next) this.replyChanged(next.reply, next.isComplete, flight?.hasStreamEnded === true);
    });
  }

  /** Texts arriving during the pause coalesce into the pending one; a completion goes at once. */
  private shouldPause(reply: WatchedReply, flight: InFlight): boolean {
    const pending = flight.pending;
    return (
      reply.isStreaming &&
      flight.hasStreamEnded !== true &&
      !(pending && (pending.isComplete || !pending.reply.isStreaming))
    );
  }

  private pause(flight: InFlight, ms: number): Promise<void> {
    const { signal } = this.deps;
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      flight.wake = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
