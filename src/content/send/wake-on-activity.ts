/**
 * Wakes the background when the user is at the chat page, so the reply they are about to ask
 * for finds it awake. Chrome and Firefox stop an idle background after about 30 s; a worker woken
 * by a reply's first words loads its index first (a few hundred ms with a large library) and has
 * every open tab re-send its replies. A key press, a click or the tab shown again come a second
 * or more before a reply, so the wake happens while the user types and the chatbot thinks.
 * The message carries nothing: not the key, not the target, not the page.
 */

/** At most one wake this often (below the 30 s idle stop: steady use keeps the worker up). */
export const WAKE_GAP_MS = 20_000;

/** What counts as the user at the page (trusted events only: a page's script cannot wake us). */
const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'visibilitychange'] as const;

/** True at most once per `gapMs` of `now`. */
export function createWakeGate(gapMs: number, now: () => number): () => boolean {
  let last = -Infinity;
  return () => {
    const at = now();
    if (at - last < gapMs) return false;
    last = at;
    return true;
  };
}

export interface WakeOnActivityOptions {
  gapMs?: number;
  now?: () => number;
}

/** Calls `wake` on the user's activity in `doc` (see {@link WAKE_GAP_MS}) until `signal` aborts. */
export function wakeOnActivity(
  doc: Document,
  wake: () => void,
  signal: AbortSignal,
  options: WakeOnActivityOptions = {},
): void {
  const isOpen = createWakeGate(
    options.gapMs ?? WAKE_GAP_MS,
    options.now ?? (() => performance.now()),
  );
  const onActivity = (event: Event): void => {
    if (!event.isTrusted || doc.visibilityState === 'hidden' || !isOpen()) return;
    wake();
  };
  for (const type of ACTIVITY_EVENTS)
    doc.addEventListener(type, onActivity, { capture: true, passive: true, signal });
}
