import { browser } from '../../shared/browser';
import {
  HIGHLIGHT_COLORS_KEY,
  highlightCss,
  isHighlightColors,
} from '../../shared/highlight-colors';

// A constructable sheet adds no element to the page's DOM (React pages re-render their head).
function createSheet(doc: Document): { set(css: string): void; remove(): void } {
  const view = doc.defaultView;
  if (view && typeof view.CSSStyleSheet === 'function' && 'adoptedStyleSheets' in doc) {
    const sheet = new view.CSSStyleSheet();
    return {
      set(css) {
        sheet.replaceSync(css);
        if (!doc.adoptedStyleSheets.includes(sheet))
          doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
      },
      remove() {
        doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
      },
    };
  }
  const style = doc.createElement('style');
  return {
    set(css) {
      style.textContent = css;
      if (!style.isConnected) (doc.head ?? doc.documentElement).appendChild(style);
    },
    remove: () => style.remove(),
  };
}

/** Paints highlights in the user's colours, now and whenever the settings change them. */
export function watchHighlightColors(doc: Document, signal: AbortSignal): void {
  const sheet = createSheet(doc);
  const apply = (value: unknown): void => {
    if (isHighlightColors(value)) sheet.set(highlightCss(value));
    else sheet.remove();
  };
  void browser.storage.local.get(HIGHLIGHT_COLORS_KEY).then(
    (items) => apply(items[HIGHLIGHT_COLORS_KEY]),
    () => undefined,
  );
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string): void => {
    if (area === 'local' && HIGHLIGHT_COLORS_KEY in changes)
      apply(changes[HIGHLIGHT_COLORS_KEY]?.newValue);
  };
  browser.storage.onChanged.addListener(onChanged);
  signal.addEventListener(
    'abort',
    () => {
      browser.storage.onChanged.removeListener(onChanged);
      sheet.remove();
    },
    { once: true },
  );
}
