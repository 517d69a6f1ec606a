// "Show in Recital" from a mark: the toolbar popup at that passage where the browser lets an
// extension open it (Chrome 127+), else the same page in a tab beside the chat.
import { browser } from '../shared/browser';

const DEFAULT_POPUP = 'src/popup/index.html';
/** How long the popup may take to open before the tab is opened instead. */
const OPEN_MS = 2000;

/** Opens the popup page `path` (relative to the extension, with its query) for `tabId`. */
export async function openPopupAt(tabId: number, path: string): Promise<void> {
  const action = browser.action as Partial<typeof browser.action> | undefined;
  if (typeof action?.openPopup === 'function' && typeof action.setPopup === 'function') {
    try {
      // The popup reads its passage from its URL: set it for this tab, open, then set it back.
      await action.setPopup({ tabId, popup: path });
      await Promise.race([
        action.openPopup(),
        // Should it never settle (no focused window), the tab below still opens.
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), OPEN_MS)),
      ]);
      return;
    } catch {
      // No focused window, or (Firefox) no user gesture here: the tab below.
    } finally {
      await action.setPopup({ tabId, popup: DEFAULT_POPUP }).catch(() => undefined);
    }
  }
  const tab = await browser.tabs.get(tabId).catch(() => undefined);
  await browser.tabs.create({
    url: browser.runtime.getURL(path),
    ...(tab?.index !== undefined && { index: tab.index + 1 }),
    ...(tab?.windowId !== undefined && { windowId: tab.windowId }),
  });
}
