// The settings section's door to the settings: the store holds them, and the background, told of
// each change, re-reads them from there (and updates the content scripts' copy).
import { openLibraryStore, type LibrarySettings, type LibraryStore } from '../library/store/index';
import { browser } from '../shared/browser';
import { createSender, type PopupToBackground } from '../shared/messages';

export interface SettingsClient {
  load(): Promise<LibrarySettings>;
  /** Saves, then applies at once: open chat tabs repaint and rescan without a reload. */
  save(patch: Partial<LibrarySettings>): Promise<LibrarySettings>;
  /** Stops watching a user-enabled site (settings, content script, host permission), then reloads. */
  removeSite(origin: string): Promise<LibrarySettings>;
}

function createSettingsClient(
  store: Pick<LibraryStore, 'getSettings' | 'setSettings'>,
): SettingsClient {
  const send = createSender<PopupToBackground>((m) => browser.runtime.sendMessage(m));
  return {
    load: () => store.getSettings(),
    async save(patch) {
      const next = await store.setSettings(patch);
      await send('settingsChanged', {});
      return next;
    },
    async removeSite(origin) {
      const result = await send('removeSite', { origin });
      if (!result.ok) throw new Error(result.error.message);
      return store.getSettings();
    },
  };
}

export async function openSettingsClient(): Promise<SettingsClient> {
  return createSettingsClient(await openLibraryStore());
}
