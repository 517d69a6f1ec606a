import type { LibrarySettings } from '../library/store/index';

/**
 * The background's view of the settings, whose one source is the store: read once and kept until
 * {@link refresh}, and handed to `publish` (the content scripts' storage.local copy, which they
 * cannot read from the store) whenever what was read differs from what was last published.
 */
export function createSettingsCache(
  read: () => Promise<LibrarySettings>,
  publish: (settings: LibrarySettings) => Promise<void> = async () => undefined,
) {
  let current: Promise<LibrarySettings> | undefined;
  let published: string | undefined;
  const load = (): Promise<LibrarySettings> =>
    read().then(
      async (settings) => {
        const json = JSON.stringify(settings);
        // A copy that could not be written is tried again on the next refresh.
        if (json !== published)
          await publish(settings).then(
            () => void (published = json),
            () => undefined,
          );
        return settings;
      },
      (e: unknown) => {
        current = undefined;
        throw e;
      },
    );
  return {
    get(): Promise<LibrarySettings> {
      current ??= load();
      return current;
    },
    /** Re-reads the store (after a page or a handler saved), publishing any change. */
    refresh(): Promise<LibrarySettings> {
      current = undefined;
      return this.get();
    },
  };
}
