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
 * trees too.
 */
export function overlayCss(colors: HighlightColors | undefined): string {
  const { exact, near } = colors ?? DEFAULT_COLORS;
  return `
div > div > div { position: fixed; box-sizing: border-box; margin: 0; padding: 0; pointer-events: none; }
.exact > div > div { background-color: ${exact}59; border-bottom: 2px solid ${exact}; }
.near > div > div { background-color: ${near}40; border-bottom: 2px dashed ${near}; }
.flash > div > div { background-color: rgba(244, 63, 94, 0.45); }
`;
}
