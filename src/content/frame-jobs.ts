/** Hidden tabs get no animation frames; this timer stands in for one. */
const FRAME_FALLBACK_MS = 200;

/** Runs a callback before the next paint. */
export type RequestFrame = (callback: () => void) => void;

/**
 * requestAnimationFrame, with a timer standing in once the tab is hidden. The timer is armed
 * only then: a timer per frame costs a visible page more than a short reply's read.
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
 * The content script's frame work, one job a frame, in the order asked: a read, a send and the
 * send's answer landing in one frame made its costliest frames. A job asked for while another
 * waits runs a frame later.
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
