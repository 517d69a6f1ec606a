import type { HighlightColors } from '../../shared/highlight-colors';

/** The settings' default colours (the library's DEFAULT_HIGHLIGHT_COLORS), until the user's arrive. */
const DEFAULT_COLORS: HighlightColors = { exact: '#f59e0b', near: '#0ea5e9' };

/**
 * The host's own style, inline and `!important`: the page's stylesheets cannot move, show or
 * hit-test it, and it is the same whether or not anything matched. Zero-size and fixed, so the
 * page's layout (scroll sizes included) does not change; `pointer-events: none`, so clicks and
 * `elementsFromPoint` go through to the page.
 */
export const HOST_STYLE = [
  'all: initial',
  'display: block',
  'position: fixed',
  'top: 0',
  'left: 0',
  'width: 0',
  'height: 0',
  'margin: 0',
  'padding: 0',
  'border: 0',
  'overflow: visible',
  'pointer-events: none',
  'z-index: 2147483647',
]
  .map((declaration) => `${declaration} !important;`)
  .join(' ');

/**
 * THE mark style table, inside the closed shadow root only (the page sees no stylesheet).
 * Names there are private, so they carry no `recital-` prefix. The boxes lie over the text:
 * a light translucent fill keeps the page's text readable on light and dark themes, and the
 * solid or dashed underline tells exact from near to a reader who cannot tell the fills
 * apart. No transition or animation: `document.getAnimations()` lists those of closed shadow
 * trees too. The hover card's words are generated content (`attr(data-text)`), see mark-card.ts.
 */
export function overlayCss(colors: HighlightColors | undefined): string {
  const { exact, near } = colors ?? DEFAULT_COLORS;
  return `
div > div > div { position: fixed; box-sizing: border-box; margin: 0; padding: 0; pointer-events: none; }
.exact > div > div { background-color: ${exact}59; border-bottom: 2px solid ${exact}; }
.near > div > div { background-color: ${near}40; border-bottom: 2px dashed ${near}; }
.flash > div > div { background-color: rgba(244, 63, 94, 0.45); }
.card { position: fixed; box-sizing: border-box; max-width: 320px; margin: 0; padding: 8px 10px; pointer-events: none; font: 13px/1.4 system-ui, sans-serif; color: #1f2937; background: #fff; border: 1px solid #d1d5db; border-radius: 8px; box-shadow: 0 4px 14px rgba(0, 0, 0, 0.18); }
.card [data-text]::before { content: attr(data-text); }
.card p { margin: 0 0 4px; }
.card .kind { color: #4b5563; font-size: 12px; }
.card .title { font-style: italic; font-weight: 600; }
.card .show { display: inline-block; margin-top: 2px; padding: 3px 8px; border-radius: 6px; color: #fff; background: #b45309; font-weight: 600; }
@media (prefers-color-scheme: dark) {
  .card { color: #e5e7eb; background: #1f2937; border-color: #4b5563; }
  .card .kind { color: #9ca3af; }
}
`;
}
