// Settings reach content scripts by message only: the answer to a page's `getPageSettings` and a
// push to every tab when they change. Nothing a content script can write is read back.
import type { LibrarySettings } from '../library/store/index';
import type { ContentToBackground, Handlers } from '../shared/messages';
import type { PageSettings, PaintSettings } from '../shared/page-settings';
import { err, ok, type Result } from '../shared/result';
import { originOf, userSiteFor } from '../shared/user-sites';
import type { MessageSenderLike } from './content-handlers';

/** storage.local keys of the copies older versions kept for content scripts; removed on update. */
export const LEGACY_STORAGE_KEYS = ['recital-highlight-colors', 'recital-user-sites'];

function paintSettingsOf(settings: LibrarySettings): PaintSettings {
  return {
    highlightColors: { ...settings.highlightColors },
    markReplies: settings.markReplies,
  };
}

/**
 * Answers a content script's `getPageSettings`: how to paint, and the user site of its own page's
 * origin only (a page learns nothing of the other sites the user enabled).
 */
export function createPageSettingsHandler(
  settings: () => Promise<LibrarySettings>,
): Pick<Handlers<ContentToBackground, MessageSenderLike>, 'getPageSettings'> {
  return {
    async getPageSettings(_payload, sender): Promise<Result<PageSettings>> {
      const origin = originOf(sender.url);
      if (origin === undefined) return err('bad-sender', 'Not sent from a web page.');
      const current = await settings();
      return ok({
        ...paintSettingsOf(current),
        userSite: userSiteFor(current.userSites, origin) ?? null,
      });
    },
  };
}

/** Sends the paint settings to every tab; tabs without a Recital content script just refuse. */
export async function pushPaintSettings(
  settings: LibrarySettings,
  deps: {
    tabIds: () => Promise<number[]>;
    send: (tabId: number, paint: PaintSettings) => Promise<unknown>;
  },
): Promise<void> {
  const paint = paintSettingsOf(settings);
  const tabIds = await deps.tabIds().catch(() => []);
  await Promise.all(tabIds.map((tabId) => deps.send(tabId, paint).catch(() => undefined)));
}
