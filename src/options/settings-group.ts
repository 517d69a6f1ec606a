import type { LibrarySettings } from '../library/store/index';

export interface SettingsGroupProps {
  settings: LibrarySettings;
  save: (patch: Partial<LibrarySettings>) => Promise<void>;
}
