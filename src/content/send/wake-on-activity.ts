/**
 * Wakes the background when the user is at the chat page, so the reply they are about to ask
 * for finds it awake. Chrome and Firefox stop an idle background after about 30 s; a worker woken
 * by a reply's first words loads its index first (a few hundred ms with a large library) and has
 * every open tab re-send its replies. A key press, a click or the tab shown again come a second
 * or more before a reply, so the wake happens while the user types and the chatbot thinks.
 * A chatbot that reasons first may think for minutes before its reply's first words: for
 * {@link HOLD_MS} after the user's last activity the page wakes the worker again every
 * {@link WAKE_GAP_MS}, so it is still up when the reply comes.
 * The message carries nothing: not the key, not the target, not the page.
 */

/** At most one wake this often (below the 30 s idle stop: steady use keeps the worker up). */
export const WAKE_GAP_MS = 20_000;

/** How long after the user's last activity a visible page keeps the worker up. */
export const HOLD_MS = 180_000;

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
  holdMs?: number;
  now?: () => number;
}

/**
 * Calls `wake` on the user's activity in `doc`, then every gap while the page is visible until
 * the hold after the last activity runs out (see {@link WAKE_GAP_MS}, {@link HOLD_MS}), until
 * `signal` aborts.
 */
export function wakeOnActivity(
  doc: Document,
  wake: () => void,
  signal: AbortSignal,
  options: WakeOnActivityOptions = {},
): void {
  const gapMs = options.gapMs ?? WAKE_GAP_MS;
  const holdMs = options.holdMs ?? HOLD_MS;
  const now = options.now ?? (() => performance.now());
  const isOpen = createWakeGate(gapMs, now);
  const visible = (): boolean => doc.visibilityState !== 'hidden';
  let lastActivity = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // One timer at a time, set by the first activity after the hold ran out.
  const tick = (): void => {
    timer = undefined;
    if (signal.aborted || now() - lastActivity >= holdMs) return;
    if (visible() && isOpen()) wake();
    timer = setTimeout(tick, gapMs);
  };
  const onActivity = (event: Event): void => {
    if (!event.isTrusted || !visible()) return;
    lastActivity = now();
    if (isOpen()) wake();
    timer ??= setTimeout(tick, gapMs);
  };
  for (const type of ACTIVITY_EVENTS)
    doc.addEventListener(type, onActivity, { capture: true, passive: true, signal });
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
}
