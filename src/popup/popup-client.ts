// The popup's one door to the background, the tab's content script and the other pages.
import { openLibraryStore } from '../library/store/index';
import { browser } from '../shared/browser';
import {
  createSender,
  type PopupReport,
  type PopupToBackground,
  type PopupToContent,
} from '../shared/messages';
import { err, type Result } from '../shared/result';
import { originOf, originPattern } from '../shared/user-sites';

const toBackground = createSender<PopupToBackground>((m) => browser.runtime.sendMessage(m));

/** The tab the popup describes: `?tabId=` (tests, a popup opened as a page) or the active tab. */
export async function findTabId(search: string = location.search): Promise<number | undefined> {
  const param = new URLSearchParams(search).get('tabId');
  if (param !== null && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/** The tab's http(s) origin, or undefined (no such tab, a browser page, or no access to its URL). */
export async function findTabOrigin(tabId: number): Promise<string | undefined> {
  const tab = await browser.tabs.get(tabId).catch(() => undefined);
  return originOf(tab?.url);
}

/**
 * Asks for the origin's host permission (called first thing in the click handler: the prompt
 * needs the click's user gesture), then has the background run Recital there and start pick mode.
 */
export async function enableSite(tabId: number, origin: string): Promise<Result<null>> {
  const granted = await browser.permissions
    .request({ origins: [originPattern(origin)] })
    .catch(() => false);
  if (!granted)
    return err(
      'declined',
      `Recital needs your permission to read the replies on ${new URL(origin).host}.`,
    );
  return toBackground('enableSite', { tabId, origin });
}

/**
 * The site switch: a built-in site goes on or off in the settings (and every tab applies it at
 * once); a site the user enabled is removed (script, selector and permission) or enabled again.
 */
export async function setSiteEnabled(
  tabId: number,
  page: { siteId: string; url: string },
  isOn: boolean,
): Promise<Result<null>> {
  const origin = new URL(page.url).origin;
  if (page.siteId.startsWith('generic:'))
    return isOn ? enableSite(tabId, origin) : toBackground('removeSite', { origin });
  try {
    const store = await openLibraryStore();
    const { disabledSites } = await store.getSettings();
    const others = disabledSites.filter((id) => id !== page.siteId);
    await store.setSettings({ disabledSites: isOn ? others : [...others, page.siteId] });
    store.close();
  } catch (e) {
    return err('settings', e instanceof Error ? e.message : String(e));
  }
  return toBackground('settingsChanged', {});
}

export function fetchReport(tabId: number): Promise<Result<PopupReport>> {
  return toBackground('getPopupReport', { tabId });
}

export function flashSpan(
  tabId: number,
  replyId: string,
  spanId: string,
): Promise<Result<PopupToContent['highlightSpan']['response']>> {
  return createSender<PopupToContent>((m) => browser.tabs.sendMessage(tabId, m))('highlightSpan', {
    replyId,
    spanId,
  });
}

export function openSettings(): void {
  void browser.tabs.create({ url: browser.runtime.getURL('src/options/index.html#settings') });
}

export function openLibrary(): void {
  void browser.runtime.openOptionsPage();
}

export function openAuditLog(): void {
  void browser.tabs.create({ url: browser.runtime.getURL('src/audit/index.html') });
}
