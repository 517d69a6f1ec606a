/** Hidden tabs get no animation frames; this timer stands in for one. */
const FRAME_FALLBACK_MS = 200;

/** Runs a callback before the next paint. */
export type RequestFrame = (callback: () => void) => void;

/**
 * requestAnimationFrame, with a timer standing in once the tab is hidden (hidden tabs get no
 * animation frames). The timer is armed only then: setting and clearing one per frame cost a
 * visible page more than the frame's read of a short reply.
 */
export function frameRequester(doc: Document, signal: AbortSignal): RequestFrame {
  const waiting = new Set<() => void>();
  doc.addEventListener(
    'visibilitychange',
    () => {
      if (doc.hidden) for (const run of waiting) setTimeout(run, FRAME_FALLBACK_MS);
    },
    { signal },
  );
  return (callback) => {
    let isDone = false;
    const run = (): void => {
      if (isDone) return;
      isDone = true;
      waiting.delete(run);
      callback();
    };
    waiting.add(run);
    requestAnimationFrame(run);
    if (doc.hidden) setTimeout(run, FRAME_FALLBACK_MS);
  };
}

/**
 * The content script's frame work, one job a frame, in the order asked. A read of a streaming
 * reply and a send of its text cost the page about 0.3 ms each, and the send's answer (another
 * 0.3 ms of messaging) comes back a few milliseconds later, in the same frame: run in one frame,
 * the three made the content script's costliest frames. A job asked for while another waits
 * runs a frame later.
 */
export function oneJobPerFrame(requestFrame: RequestFrame): RequestFrame {
  const jobs: (() => void)[] = [];
  let isRequested = false;
  const runNext = (): void => {
    isRequested = false;
    const job = jobs.shift();
    if (jobs.length > 0) request();
    job?.();
  };
  function request(): void {
    if (isRequested) return;
    isRequested = true;
    requestFrame(runNext);
  }
  return (job) => {
    jobs.push(job);
    request();
  };
}
