// The "Check selected text with Recital" menu command: the selection goes to the result page
// through storage.session, never through the URL (history, sync and logs keep URLs). The page
// removes it when read; the background sweeps away the ones whose page never opened.

import { CHECK_TEXT_KEY_PREFIX, type CheckRequest } from '../shared/check-request';

export const CHECK_MENU_ID = 'recital-check-selection';

/** The part of `contextMenus.OnClickData` the command reads. */
export interface MenuClick {
  menuItemId: string | number;
  selectionText?: string;
  pageUrl?: string;
}

/** Handles one menu click: stores the selection and opens the result page. Returns the check id. */
export function createCheckSelection(deps: {
  setSession: (items: Record<string, CheckRequest>) => Promise<void>;
  openPage: (path: string) => Promise<void>;
  newId?: () => string;
  now?: () => number;
}): (info: MenuClick) => Promise<string | undefined> {
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const now = deps.now ?? Date.now;
  return async (info) => {
    if (
      info.menuItemId !== CHECK_MENU_ID ||
      typeof info.selectionText !== 'string' ||
      info.selectionText.trim() === ''
    )
      return undefined;
    const id = newId();
    const request: CheckRequest = {
      text: info.selectionText,
      createdAt: now(),
      ...(info.pageUrl !== undefined && { pageUrl: info.pageUrl }),
    };
    await deps.setSession({ [`${CHECK_TEXT_KEY_PREFIX}${id}`]: request });
    await deps.openPage(`src/check/index.html?id=${encodeURIComponent(id)}`);
    return id;
  };
}
