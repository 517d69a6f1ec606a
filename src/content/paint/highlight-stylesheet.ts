import type { HighlightColors } from '../../shared/highlight-colors';

/** The settings' default colours (the library's DEFAULT_HIGHLIGHT_COLORS), until the user's arrive. */
const DEFAULT_COLORS: HighlightColors = { exact: '#f59e0b', near: '#0ea5e9' };

/**
 * THE highlight rule table. Custom highlights may only set colours and decorations: a
 * translucent fill keeps the page's own text colour readable on light and dark themes, and the
 * solid or dashed underline tells exact from near to a reader who cannot tell the fills apart.
 * The `mark` rules paint the wrapper fallback (no `CSS.highlights`).
 */
function highlightCss(colors: HighlightColors): string {
  const exact = `background-color: ${colors.exact}6b; text-decoration: underline solid ${colors.exact} 2px;`;
  const near = `background-color: ${colors.near}4d; text-decoration: underline dashed ${colors.near} 2px;`;
  const flash = 'background-color: rgba(244, 63, 94, 0.55);';
  return `
::highlight(recital-exact) { ${exact} }
::highlight(recital-near) { ${near} }
::highlight(recital-flash) { ${flash} }
mark.recital-exact { ${exact} color: inherit; }
mark.recital-near { ${near} color: inherit; }
mark.recital-flash { ${flash} color: inherit; }
`;
}

export interface HighlightStylesheet {
  /** Repaints in these colours; `undefined`: the defaults. */
  setColors(colors: HighlightColors | undefined): void;
}

/**
 * Adds the page's one highlight stylesheet until `signal` aborts. A constructable sheet adds no
 * element to the page's DOM (React pages re-render their head); a `<style>` where there is none.
 */
export function adoptHighlightStylesheet(doc: Document, signal: AbortSignal): HighlightStylesheet {
  const view = doc.defaultView;
  let set: (css: string) => void;
  let remove: () => void;
  if (view && typeof view.CSSStyleSheet === 'function' && 'adoptedStyleSheets' in doc) {
    const sheet = new view.CSSStyleSheet();
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    set = (css) => sheet.replaceSync(css);
    remove = () => (doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet));
  } else {
    const style = doc.createElement('style');
    (doc.head ?? doc.documentElement).appendChild(style);
    set = (css) => (style.textContent = css);
    remove = () => style.remove();
  }
  set(highlightCss(DEFAULT_COLORS));
  signal.addEventListener('abort', remove, { once: true });
  return { setColors: (colors) => set(highlightCss(colors ?? DEFAULT_COLORS)) };
}
