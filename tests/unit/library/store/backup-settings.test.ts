import { describe, expect, it } from 'vitest';
import { diffBackupSettings } from '../../../../src/library/store/backup-settings';
import { DEFAULT_SETTINGS, type LibrarySettings } from '../../../../src/library/store/index';

const current: LibrarySettings = {
  ...DEFAULT_SETTINGS,
  disabledSites: ['poe', 'claude'],
  userSites: [{ origin: 'https://chat.example.org', replySelector: '.reply' }],
};

describe('the settings a backup would change', () => {
  it.each<[string, Record<string, unknown>, Partial<LibrarySettings>]>([
    ['nothing, for a backup without settings', {}, {}],
    ['nothing, for the same settings in another order', { disabledSites: ['claude', 'poe'] }, {}],
    [
      'a site switched off',
      { disabledSites: ['poe', 'claude', 'chatgpt'] },
      {
        disabledSites: ['poe', 'claude', 'chatgpt'],
      },
    ],
    [
      'one colour, the other kept',
      { highlightColors: { exact: '#FF0000' } },
      {
        highlightColors: { exact: '#FF0000', near: DEFAULT_SETTINGS.highlightColors.near },
      },
    ],
    [
      'several at once',
      { minWords: 20, includeNear: false, auditRetentionDays: 30 },
      {
        minWords: 20,
        includeNear: false,
        auditRetentionDays: 30,
      },
    ],
    ['nothing for a setting this version does not know', { fancyMode: true }, {}],
  ])('is %s', (_case, fromBackup, patch) => {
    const diff = diffBackupSettings(current, fromBackup);
    expect(diff.patch).toEqual(patch);
    expect(diff.current).toBe(current);
    expect(diff.notRestored).toEqual([]);
  });

  it('leaves out values it cannot use, and says so, without losing the readable ones', () => {
    const diff = diffBackupSettings(current, {
      minWords: 0,
      includeNear: 'yes',
      highlightColors: 'red',
      auditEnabled: false,
    });
    expect(diff.patch).toEqual({ auditEnabled: false });
    expect(diff.notRestored).toEqual([
      { key: 'minWords', reason: 'unreadable' },
      { key: 'includeNear', reason: 'unreadable' },
      { key: 'highlightColors', reason: 'unreadable' },
    ]);
  });

  it('never restores the sites the user enabled, which need a permission given on each site', () => {
    const diff = diffBackupSettings(current, {
      userSites: [{ origin: 'https://other.example.org', replySelector: '.msg' }],
    });
    expect(diff.patch).toEqual({});
    expect(diff.notRestored).toEqual([{ key: 'userSites', reason: 'per-site' }]);
    expect(diffBackupSettings(current, { userSites: current.userSites }).notRestored).toEqual([]);
  });
});
