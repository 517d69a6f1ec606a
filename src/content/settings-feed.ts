import type { ContentToBackground, Send } from '../shared/messages';
import { isPageSettings, type PageSettings, type PaintSettings } from '../shared/page-settings';

/** The page's paint settings as the background delivers them: its answer at startup, then pushes. */
export interface SettingsFeed {
  /** A push from the background: always the newest. */
  set(settings: PaintSettings): void;
  /** The startup answer: ignored when a push already arrived (it may be newer). */
  offer(settings: PaintSettings): void;
  /** Calls `apply` with the settings now (once known) and on each change, until `signal` aborts. */
  watch(signal: AbortSignal, apply: (settings: PaintSettings) => void): void;
}

export function createSettingsFeed(): SettingsFeed {
  let current: PaintSettings | undefined;
  const listeners = new Set<(settings: PaintSettings) => void>();
  const set = ({ highlightColors, markReplies }: PaintSettings): void => {
    const next = { highlightColors: { ...highlightColors }, markReplies };
    // The background pushes on every settings save: repaint only when paint settings changed.
    if (current && JSON.stringify(current) === JSON.stringify(next)) return;
    current = next;
    listeners.forEach((apply) => apply(next));
  };
  return {
    set,
    offer: (settings) => void (current ?? set(settings)),
    watch(signal, apply) {
      if (signal.aborted) return;
      listeners.add(apply);
      signal.addEventListener('abort', () => listeners.delete(apply), { once: true });
      if (current) apply(current);
    },
  };
}

/** Pause before asking again: the service worker may be starting. */
const RETRY_MS = [100, 400, 1600];

/**
 * Asks the background for the page's settings, a few times if it does not answer; `undefined`
 * when it never does (a built-in site then runs with the default look, a user site not at all).
 */
export async function requestPageSettings(
  send: Send<ContentToBackground>,
  wait: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<PageSettings | undefined> {
  for (let attempt = 0; ; attempt++) {
    const result = await send('getPageSettings', {});
    if (result.ok && isPageSettings(result.value)) return result.value;
    const pause = RETRY_MS[attempt];
    if (pause === undefined || result.ok || result.error.code !== 'unreachable') return undefined;
    await wait(pause);
  }
}
