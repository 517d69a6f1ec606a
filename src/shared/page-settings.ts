// The settings a content script needs, which it gets from the background by message: a content
// script cannot read the library's IndexedDB (it would get the page's), and storage.local, which
// it could read, it could also write, changing what every other tab shows.
import { isHighlightColors, type HighlightColors } from './highlight-colors';
import { isUserSite, type UserSite } from './user-sites';

/** How a page paints matches: the background pushes these to every tab when they change. */
export interface PaintSettings {
  highlightColors: HighlightColors;
  /** False: "Don't mark replies in the page"; the popup and badge still list the matches. */
  markReplies: boolean;
}

/** The answer to a content script's `getPageSettings`: its page's user site, if any, too. */
export interface PageSettings extends PaintSettings {
  /** The user-enabled site of the asking page's own origin; `null` for any other page. */
  userSite: UserSite | null;
}

export function isPaintSettings(value: unknown): value is PaintSettings {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<PaintSettings>;
  return isHighlightColors(v.highlightColors) && typeof v.markReplies === 'boolean';
}

export function isPageSettings(value: unknown): value is PageSettings {
  if (!isPaintSettings(value)) return false;
  const { userSite } = value as Partial<PageSettings>;
  return userSite === null || isUserSite(userSite);
}
