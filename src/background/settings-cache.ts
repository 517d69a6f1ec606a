import type { LibrarySettings } from '../library/store/index';

export type SettingsCache = ReturnType<typeof createSettingsCache>;

/** The settings read once and kept until {@link refresh}: every reply scan consults them. */
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
    refresh(): Promise<LibrarySettings> {
      current = undefined;
      return this.get();
    },
  };
}
