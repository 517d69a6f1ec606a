// The settings' one source of truth and its one writer: every context reads and writes them here.
import {
  DEFAULT_TEAM_CATALOGUE,
  teamCatalogueProblem,
  type TeamCatalogueSettings,
} from '../../shared/team-catalogue';
import { isUserSite, type UserSite } from '../../shared/user-sites';
import type { Connection } from './database';
import { LibraryStoreError } from './errors';

export interface LibrarySettings {
  /** Shortest span reported, in reply words. */
  minWords: number;
  /** Report near-verbatim spans too. */
  includeNear: boolean;
  /** Site ids (src/sites) where scanning is switched off. */
  disabledSites: string[];
  /** Highlight colours as `#rrggbb`; the page paints them translucent over its own text. */
  highlightColors: { exact: string; near: string };
  /** Record every flagged reply in the audit log. */
  auditEnabled: boolean;
  /** Audit records older than this many days are removed; 0 keeps them until cleared. */
  auditRetentionDays: number;
  /** Sites the user enabled from the popup, one per origin, read by the generic adapter. */
  userSites: UserSite[];
  /** Mark matches in the chat page; false leaves only the popup and the badge. */
  markReplies: boolean;
  /** The team catalogue service asked about each finished reply; off by default. */
  teamCatalogue: TeamCatalogueSettings;
}

export const DEFAULT_HIGHLIGHT_COLORS = { exact: '#f59e0b', near: '#0ea5e9' } as const;

export const DEFAULT_SETTINGS: LibrarySettings = {
  minWords: 12,
  includeNear: true,
  disabledSites: [],
  highlightColors: { ...DEFAULT_HIGHLIGHT_COLORS },
  auditEnabled: true,
  auditRetentionDays: 0,
  userSites: [],
  markReplies: true,
  teamCatalogue: { ...DEFAULT_TEAM_CATALOGUE },
};

export interface SettingsStore {
  getSettings(): Promise<LibrarySettings>;
  /** Merges `patch` into the saved settings; LibraryStoreError 'bad-input' (nothing saved) when invalid. */
  setSettings(patch: Partial<LibrarySettings>): Promise<LibrarySettings>;
}

function checkSettings(s: LibrarySettings): void {
  const bad = (message: string): never => {
    throw new LibraryStoreError('bad-input', message);
  };
  if (!Number.isInteger(s.minWords) || s.minWords < 1 || s.minWords > 1000)
    bad('The shortest reported span must be a whole number of words from 1 to 1000.');
  if (typeof s.includeNear !== 'boolean') bad('includeNear must be true or false.');
  if (!Array.isArray(s.disabledSites) || !s.disabledSites.every((x) => typeof x === 'string'))
    bad('disabledSites must be a list of site ids.');
  const isColor = (c: unknown): boolean => typeof c === 'string' && /^#[0-9a-f]{6}$/i.test(c);
  if (!isColor(s.highlightColors.exact) || !isColor(s.highlightColors.near))
    bad('Highlight colours must be written #rrggbb.');
  if (typeof s.auditEnabled !== 'boolean') bad('auditEnabled must be true or false.');
  const days = s.auditRetentionDays;
  if (!Number.isInteger(days) || days < 0 || days > 36500)
    bad('Keep the audit log for a whole number of days (0 keeps it until you clear it).');
  if (typeof s.markReplies !== 'boolean') bad('markReplies must be true or false.');
  if (!Array.isArray(s.userSites) || !s.userSites.every(isUserSite))
    bad('Each enabled site needs an http(s) origin and a CSS selector of its replies.');
  const teamProblem = teamCatalogueProblem(s.teamCatalogue);
  if (teamProblem !== undefined) bad(teamProblem);
}

/** The settings `value` describes, defaults filled in; throws LibraryStoreError 'bad-input'. */
export function validSettings(value: Partial<LibrarySettings>): LibrarySettings {
  const s = { ...DEFAULT_SETTINGS, ...value };
  const colors = { ...DEFAULT_HIGHLIGHT_COLORS, ...s.highlightColors };
  checkSettings({ ...s, highlightColors: colors });
  // One entry per origin: the last one saved (a re-picked reply container) wins.
  const userSites = [
    ...new Map(
      s.userSites.map((site) => [
        site.origin,
        { origin: site.origin, replySelector: site.replySelector.trim() },
      ]),
    ).values(),
  ];
  return {
    minWords: s.minWords,
    includeNear: s.includeNear,
    disabledSites: [...s.disabledSites],
    highlightColors: { exact: colors.exact, near: colors.near },
    auditEnabled: s.auditEnabled,
    auditRetentionDays: s.auditRetentionDays,
    userSites,
    markReplies: s.markReplies,
    teamCatalogue: {
      enabled: s.teamCatalogue.enabled,
      url: s.teamCatalogue.url.trim(),
      token: s.teamCatalogue.token.trim(),
    },
  };
}

export function createSettingsStore({ db }: Connection): SettingsStore {
  return {
    async getSettings() {
      const rec = await (await db()).get('settings', 'settings');
      return rec?.key === 'settings'
        ? { ...DEFAULT_SETTINGS, ...rec.value }
        : { ...DEFAULT_SETTINGS };
    },

    async setSettings(patch) {
      const tx = (await db()).transaction('settings', 'readwrite');
      const rec = await tx.store.get('settings');
      const current = rec?.key === 'settings' ? rec.value : DEFAULT_SETTINGS;
      let next: LibrarySettings;
      try {
        next = validSettings({ ...current, ...patch });
      } catch (e) {
        tx.abort();
        await tx.done.catch(() => undefined);
        throw e;
      }
      await tx.store.put({ key: 'settings', value: next });
      await tx.done;
      return next;
    },
  };
}
