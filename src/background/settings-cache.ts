import type { LibrarySettings } from '../library/store/index';

/**
 * The background's view of the settings, whose one source is the store: read once and kept until
 * {@link refresh}. Content scripts get theirs by message (settings-delivery.ts), never from a
 * copy they could write.
 */
export function createSettingsCache(read: () => Promise<LibrarySettings>) {
  let current: Promise<LibrarySettings> | undefined;
  return {
    get(): Promise<LibrarySettings> {
      current ??= read().catch((e: unknown) => {
        current = undefined;
        throw e;
      });
      return current;
    },
    /** Re-reads the store (after a page or a handler saved). */
    refresh(): Promise<LibrarySettings> {
      current = undefined;
      return this.get();
    },
  };
}
