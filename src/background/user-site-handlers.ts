// Sites the user enabled from the popup: enable (script + pick mode), the picked selector, removal.
import type { LibrarySettings } from '../library/store/index';
import type { ContentToBackground, Handlers, PopupToBackground } from '../shared/messages';
import { isRecord } from '../shared/is-record';
import { err, ok, type Result } from '../shared/result';
import { isSiteOrigin, type UserSite } from '../shared/user-sites';
import type { MessageSenderLike } from './content-handlers';
import { checkReplyPicked } from './content-payloads';
import type { SiteAccess } from './site-access';

export interface UserSiteDeps {
  access: Pick<SiteAccess, 'hasPermission' | 'enable' | 'disable'>;
  settings: () => Promise<Pick<LibrarySettings, 'userSites'>>;
  /** Saves the list in the store and mirrors it to the content scripts' storage.local copy. */
  saveUserSites: (sites: UserSite[]) => Promise<void>;
  /** Puts the tab's content script in pick mode. */
  startPicking: (tabId: number) => Promise<Result<null>>;
  /** Pause between attempts to reach a content script that is still loading (tests: none). */
  wait?: (ms: number) => Promise<void>;
}

/** A tab that is still loading or navigating may not have the content script's listener yet. */
const PICK_ATTEMPTS = 30;
const PICK_RETRY_MS = 100;

export type UserSiteHandlers = Pick<
  Handlers<PopupToBackground, MessageSenderLike>,
  'enableSite' | 'removeSite'
> &
  Pick<Handlers<ContentToBackground, MessageSenderLike>, 'replyPicked'>;

/**
 * False for a built-in site the user switched off, and for a generic site (`generic:host`) the
 * user removed: its tabs keep the script until reloaded, but their replies are no longer scanned.
 */
export function isSiteEnabled(
  siteId: string,
  settings: Pick<LibrarySettings, 'disabledSites' | 'userSites'>,
): boolean {
  if (!siteId.startsWith('generic:')) return !settings.disabledSites.includes(siteId);
  const host = siteId.slice('generic:'.length);
  return settings.userSites.some((site) => new URL(site.origin).host === host);
}

function failure(e: unknown): Result<never> {
  return err('site-access', e instanceof Error ? e.message : String(e));
}

export function createUserSiteHandlers(deps: UserSiteDeps): UserSiteHandlers {
  return {
    async enableSite(payload) {
      if (!isRecord(payload) || !Number.isInteger(payload.tabId) || !isSiteOrigin(payload.origin))
        return err('bad-payload', 'enableSite needs a tabId and an http(s) origin.');
      const { origin } = payload;
      const tabId = payload.tabId as number;
      if (!(await deps.access.hasPermission(origin)))
        return err('no-permission', `Recital may not read pages of ${origin} yet.`);
      try {
        await deps.access.enable(tabId, origin);
      } catch (e) {
        return failure(e);
      }
      const wait =
        deps.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
      let result = await deps.startPicking(tabId);
      for (
        let attempt = 1;
        attempt < PICK_ATTEMPTS && !result.ok && result.error.code === 'unreachable';
        attempt++
      ) {
        await wait(PICK_RETRY_MS);
        result = await deps.startPicking(tabId);
      }
      return result;
    },

    async replyPicked(untrusted, sender) {
      if (typeof sender.url !== 'string') return err('bad-sender', 'Not sent from a page.');
      const checked = checkReplyPicked(untrusted, sender.url);
      if (!checked.ok) return checked;
      const payload = checked.value;
      // Only once the user granted the origin may its page choose its selector.
      if (!(await deps.access.hasPermission(payload.origin)))
        return err('no-permission', `Recital may not read pages of ${payload.origin}.`);
      const { origin, replySelector } = payload;
      const current = (await deps.settings()).userSites.filter((site) => site.origin !== origin);
      try {
        await deps.saveUserSites([...current, { origin, replySelector }]);
      } catch (e) {
        return failure(e);
      }
      return ok(null);
    },

    async removeSite(payload) {
      if (!isRecord(payload) || !isSiteOrigin(payload.origin))
        return err('bad-payload', 'removeSite needs an http(s) origin.');
      const { origin } = payload;
      try {
        await deps.saveUserSites(
          (await deps.settings()).userSites.filter((site) => site.origin !== origin),
        );
        await deps.access.disable(origin);
      } catch (e) {
        return failure(e);
      }
      return ok(null);
    },
  };
}
