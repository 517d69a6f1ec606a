import { vi } from 'vitest';
import { watchReplies, type WatchedReply } from '../../../../src/content/replies/watch-replies';
import { site as chatgpt } from '../../../../src/sites/chatgpt';
import * as trackReplies from '../../../../src/content/replies/track-replies';

export interface Harness {
  /** Simulated main-thread time each page read takes. */
  readCostMs: number;
  /** Page reads so far. */
  reads: number;
  sent: { id: string; text: string; isComplete: boolean }[];
  rendered: string[][];
  ended: string[];
  counts: number[];
  /** Lets the MutationObserver deliver, then runs the pending frame. */
  frame(): Promise<void>;
  /** Moves the clock and fires due timers (each schedules a frame), then runs the frame. */
  advance(ms: number): Promise<void>;
  controller: AbortController;
}

export function start(
  site = chatgpt,
  options: {
    settleMs?: number;
    emptyPageMs?: number;
    streamingReadGapMs?: number;
    isPainted?: (node: Node) => boolean;
  } = {},
): Harness {
  let now = 1000;
  let frames: (() => void)[] = [];
  let timers: { at: number; cb: () => void }[] = [];
  const controller = new AbortController();
  const h: Harness = {
    readCostMs: 0,
    reads: 0,
    sent: [],
    rendered: [],
    ended: [],
    counts: [],
    controller,
    async frame() {
      await new Promise((r) => setTimeout(r, 0));
      const run = frames;
      frames = [];
      run.forEach((cb) => cb());
    },
    async advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      due.forEach((t) => t.cb());
      await h.frame();
    },
  };
  const actual = trackReplies.trackReplies;
  vi.spyOn(trackReplies, 'trackReplies').mockImplementation((s, doc) => {
    const tracker = actual(s, doc);
    return {
      read(records, reuseBlocks) {
        now += h.readCostMs;
        h.reads++;
        return tracker.read(records, reuseBlocks);
      },
    };
  });
  watchReplies(
    site,
    document,
    controller.signal,
    {
      replyChanged: (reply: WatchedReply, isComplete) =>
        h.sent.push({ id: reply.id, text: reply.text.text, isComplete }),
      repliesRendered: (replies) => h.rendered.push(replies.map((r) => r.id)),
      pageScanned: (n) => h.counts.push(n),
      streamEnded: (reply) => h.ended.push(reply.id),
    },
    {
      settleMs: options.settleMs ?? 500,
      emptyPageMs: options.emptyPageMs ?? 1500,
      now: () => now,
      requestFrame: (cb) => void frames.push(cb),
      setTimer: (cb, ms) => void timers.push({ at: now + ms, cb }),
      // Every frame reads, unless a test is about the streaming read gap.
      streamingReadGapMs: options.streamingReadGapMs ?? 0,
      isPainted: options.isPainted,
    },
  );
  return h;
}

export function chatgptTurn(turnId: string, text: string): HTMLElement {
  const section = document.createElement('section');
  section.setAttribute('data-testid', `conversation-turn-${turnId}`);
  section.setAttribute('data-turn', 'assistant');
  section.setAttribute('data-turn-id', turnId);
  const message = document.createElement('div');
  message.setAttribute('data-message-author-role', 'assistant');
  const markdown = document.createElement('div');
  markdown.className = 'markdown prose';
  const p = document.createElement('p');
  p.textContent = text;
  markdown.append(p);
  message.append(markdown);
  section.append(message);
  return section;
}

export function stopButton(): HTMLElement {
  const button = document.createElement('button');
  button.setAttribute('data-testid', 'stop-button');
  return button;
}
