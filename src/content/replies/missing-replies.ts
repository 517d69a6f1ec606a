// A built-in site that changed its page shows replies Recital no longer finds: zero matches, no
// error (chatbot-sites.md §1.8, "selector liveness"). This notices it, so the popup can say so
// instead of "no replies yet".
import { hasUserTurn } from './user-turns';

/** How long after the page opened, and after the user sent a message, a reply must have shown. */
const MISSING_REPLIES_MS = 20_000;

export interface MissingRepliesDeps {
  doc: Document;
  signal: AbortSignal;
  /** Replies the adapter found at its last look. */
  replyCount: () => number;
  /** Called once, when the page shows no reply Recital can read although one was asked for. */
  onMissing: (waitedMs: number) => void;
  waitMs?: number;
  now?: () => number;
}

/** True for a key press that sends a composer's message (Enter without Shift in an editable field). */
function isSendKey(event: KeyboardEvent): boolean {
  if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return false;
  const target = event.target as Element | null;
  return (
    target?.localName === 'textarea' ||
    target?.localName === 'input' ||
    (target as HTMLElement | null)?.isContentEditable === true
  );
}

/**
 * Watches one page of a built-in site: when it has been open `waitMs`, the user sent a message
 * (a send key or a form submitted since it opened, or a user turn shown) at least `waitMs` ago,
 * and the adapter still finds no reply, `onMissing` runs once. Listeners and timers end with
 * `signal`.
 */
export function watchMissingReplies(deps: MissingRepliesDeps): void {
  const { doc, signal } = deps;
  const waitMs = deps.waitMs ?? MISSING_REPLIES_MS;
  const now = deps.now ?? (() => Date.now());
  const openedAt = now();
  let sentAt: number | undefined;
  let isDone = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });

  const check = (): void => {
    if (isDone || signal.aborted || deps.replyCount() > 0) return;
    if (sentAt === undefined && hasUserTurn(doc)) sentAt = openedAt;
    clearTimeout(timer);
    // Nothing sent yet (or sent by a click the page handles itself): look for a user turn later.
    if (sentAt === undefined) {
      timer = setTimeout(check, waitMs);
      return;
    }
    const dueAt = Math.max(openedAt, sentAt) + waitMs;
    if (now() < dueAt) {
      timer = setTimeout(check, dueAt - now());
      return;
    }
    isDone = true;
    deps.onMissing(now() - openedAt);
  };
  const sent = (): void => {
    sentAt = now();
    check();
  };
  const options = { capture: true, signal };
  doc.addEventListener('keydown', (event) => isSendKey(event) && sent(), options);
  doc.addEventListener('submit', sent, options);
  timer = setTimeout(check, waitMs);
}
