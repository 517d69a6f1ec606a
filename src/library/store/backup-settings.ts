// Which settings restoring a backup would change. Each setting of the backup is checked on its
// own, so one value that another version of Recital wrote differently does not block the rest.
import { isRecord } from '../../shared/is-record';
import { DEFAULT_SETTINGS, validSettings, type LibrarySettings } from './settings';

type SettingKey = keyof LibrarySettings;

/** A setting of the backup that differs from the current one but is not restored. */
interface SettingNotRestored {
  key: SettingKey;
  /**
   * `unreadable`: a value this version cannot use. `per-site`: the sites the user enabled, which
   * need the browser's permission for each site, granted on that site.
   */
  reason: 'unreadable' | 'per-site';
}

export interface SettingsDiff {
  current: LibrarySettings;
  /** The backup's value of each setting that differs: exactly what applying it saves. */
  patch: Partial<LibrarySettings>;
  notRestored: SettingNotRestored[];
}

const KEYS = Object.keys(DEFAULT_SETTINGS) as SettingKey[];

// Lists whose order means nothing compare as sets.
function canonical(key: SettingKey, value: unknown): string {
  if (key === 'disabledSites' && Array.isArray(value)) return JSON.stringify([...value].sort());
  if (key === 'userSites' && Array.isArray(value))
    return JSON.stringify(value.map((site) => JSON.stringify(site)).sort());
  return JSON.stringify(value);
}

function hasDefaultShape(key: SettingKey, value: unknown): boolean {
  const model: unknown = DEFAULT_SETTINGS[key];
  if (Array.isArray(model)) return Array.isArray(value);
  if (isRecord(model)) return isRecord(value);
  return typeof value === typeof model;
}

/** What applying `fromBackup` (a backup's settings, any shape) over `current` would change. */
export function diffBackupSettings(
  current: LibrarySettings,
  fromBackup: Record<string, unknown>,
): SettingsDiff {
  const patch: Partial<LibrarySettings> = {};
  const notRestored: SettingNotRestored[] = [];
  for (const key of KEYS) {
    // Never restored: backups leave the team catalogue (its token) out; one that holds it anyway
    // must not point the extension at a server the user did not choose here.
    if (!(key in fromBackup) || key === 'teamCatalogue') continue;
    let value: unknown;
    try {
      if (!hasDefaultShape(key, fromBackup[key])) throw new TypeError(key);
      value = validSettings({ ...current, [key]: fromBackup[key] })[key];
    } catch {
      notRestored.push({ key, reason: 'unreadable' });
      continue;
    }
    if (canonical(key, value) === canonical(key, current[key])) continue;
    if (key === 'userSites') notRestored.push({ key, reason: 'per-site' });
    else Object.assign(patch, { [key]: value });
  }
  return { current, patch, notRestored };
}
