// The highlight colours reach content scripts through storage.local: a content script cannot
// read the library's IndexedDB (it would get the page's), and storage.onChanged repaints at once.

/** storage.local key of the mirrored colours; the library settings are the source of truth. */
export const HIGHLIGHT_COLORS_KEY = 'recital-highlight-colors';

export interface HighlightColors {
  exact: string;
  near: string;
}

export function isHighlightColors(value: unknown): value is HighlightColors {
  const v = value as Partial<HighlightColors> | null;
  const isHex = (c: unknown): boolean => typeof c === 'string' && /^#[0-9a-f]{6}$/i.test(c);
  return typeof v === 'object' && v !== null && isHex(v.exact) && isHex(v.near);
}

/**
 * Page CSS for the chosen colours: a translucent fill keeps the page's own text colour readable
 * on light and dark themes; the solid or dashed underline tells exact from near without colour.
 * `!important` because the highlighter re-adds its default sheet after each SPA navigation.
 */
export function highlightCss(colors: HighlightColors): string {
  const fill = (hex: string, alpha: string): string => `${hex}${alpha}`;
  return `
::highlight(recital-exact) { background-color: ${fill(colors.exact, '6b')} !important; text-decoration: underline solid ${colors.exact} 2px !important; }
::highlight(recital-near) { background-color: ${fill(colors.near, '4d')} !important; text-decoration: underline dashed ${colors.near} 2px !important; }
mark.recital-exact { background-color: ${fill(colors.exact, '6b')} !important; text-decoration: underline solid ${colors.exact} 2px !important; }
mark.recital-near { background-color: ${fill(colors.near, '4d')} !important; text-decoration: underline dashed ${colors.near} 2px !important; }
`;
}
