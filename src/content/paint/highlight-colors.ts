import { browser } from '../../shared/browser';
import {
  HIGHLIGHT_COLORS_KEY,
  isHighlightColors,
  type HighlightColors,
} from '../../shared/highlight-colors';

/** Calls `apply` with the user's highlight colours now and whenever the settings change them. */
export function watchHighlightColors(
  signal: AbortSignal,
  apply: (colors: HighlightColors | undefined) => void,
): void {
  const applyValue = (value: unknown): void => {
    if (!signal.aborted) apply(isHighlightColors(value) ? value : undefined);
  };
  void browser.storage.local.get(HIGHLIGHT_COLORS_KEY).then(
    (items) => applyValue(items[HIGHLIGHT_COLORS_KEY]),
    () => undefined,
  );
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string): void => {
    if (area === 'local' && HIGHLIGHT_COLORS_KEY in changes)
      applyValue(changes[HIGHLIGHT_COLORS_KEY]?.newValue);
  };
  browser.storage.onChanged.addListener(onChanged);
  signal.addEventListener('abort', () => browser.storage.onChanged.removeListener(onChanged), {
    once: true,
  });
}
