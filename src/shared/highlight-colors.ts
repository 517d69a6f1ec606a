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
