import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type LibrarySettings } from '../../../src/library/store/index';
import {
  describeBackupReport,
  describeDocumentsToRestore,
  describeSettingChanges,
  describeSettingsNotRestored,
} from '../../../src/options/describe-restore';
import type { BackupReport } from '../../../src/options/library-client';

const diff = (patch: Partial<LibrarySettings>, current = DEFAULT_SETTINGS) => ({
  current,
  patch,
  notRestored: [],
});

describe('the settings a backup would change, in plain words', () => {
  it.each<[string, Partial<LibrarySettings>, string[]]>([
    ['nothing', {}, []],
    ['a site switched off', { disabledSites: ['chatgpt'] }, ['ChatGPT: on → off']],
    ['an unknown site', { disabledSites: ['future-bot'] }, ['future-bot: on → off']],
    ['marks in the page turned off', { markReplies: false }, ['Mark copies in the page: on → off']],
    [
      'the exact colour',
      { highlightColors: { exact: '#ff0000', near: DEFAULT_SETTINGS.highlightColors.near } },
      ['Exact colour: #f59e0b → #ff0000'],
    ],
    [
      'the matching and the audit log',
      { minWords: 20, includeNear: false, auditEnabled: false, auditRetentionDays: 30 },
      [
        'Shortest span reported: 12 → 20 words',
        'Report near-verbatim copies: on → off',
        'Audit log: on → off',
        'Keep audit records: until you clear them → 30 days',
      ],
    ],
  ])('%s', (_case, patch, lines) => {
    expect(describeSettingChanges(diff(patch))).toEqual(lines);
  });

  it('names a site switched back on', () => {
    const current = { ...DEFAULT_SETTINGS, disabledSites: ['claude', 'poe'] };
    expect(describeSettingChanges(diff({ disabledSites: ['poe'] }, current))).toEqual([
      'Claude: off → on',
    ]);
  });

  it('says why a setting is left as it is', () => {
    expect(
      describeSettingsNotRestored({
        current: DEFAULT_SETTINGS,
        patch: {},
        notRestored: [
          { key: 'minWords', reason: 'unreadable' },
          { key: 'userSites', reason: 'per-site' },
        ],
      }),
    ).toEqual([
      'Shortest span reported: the backup’s value cannot be read by this version of Recital, so yours stays as it is.',
      'Sites you enabled yourself are not restored from a backup: enable each again with Recital’s button on that site.',
    ]);
  });
});

describe('the documents a backup would add', () => {
  it.each([
    [0, 0, 0, 'No documents to add: the backup holds none that your library lacks.'],
    [2, 2400, 0, '2 documents to add (2.4 KB).'],
    [
      1,
      10,
      1,
      '1 document to add (10 bytes). 1 document is already in your library and will be left as it is.',
    ],
    [
      0,
      0,
      3,
      'No documents to add: the backup holds none that your library lacks. 3 documents are already in your library and will be left as they are.',
    ],
  ])('%i to add (%i bytes), %i skipped', (count, bytes, skipped, text) => {
    expect(describeDocumentsToRestore({ count, bytes }, skipped)).toBe(text);
  });
});

const report = (r: Partial<BackupReport>): BackupReport => ({
  added: 0,
  duplicates: 0,
  failed: [],
  settingsApplied: false,
  ...r,
});

describe('what a restore did', () => {
  it.each<[string, BackupReport, number, string, string]>([
    ['nothing at all', report({}), 0, 'success', 'Nothing changed. The backup held no documents.'],
    [
      'no documents, the setting declined',
      report({}),
      1,
      'success',
      'Nothing changed. The backup held no documents. You kept your current settings.',
    ],
    [
      'no documents, the settings applied',
      report({ settingsApplied: true }),
      2,
      'success',
      'The backup held no documents. Applied 2 settings from the backup; open chat tabs are updated.',
    ],
    [
      'documents added, settings declined',
      report({ added: 3, duplicates: 2 }),
      1,
      'success',
      'Restored 3 documents. 2 documents were already in your library, so they were left as they are. You kept your current settings.',
    ],
    [
      'every document already there',
      report({ duplicates: 1 }),
      0,
      'success',
      'Nothing changed. 1 document was already in your library, so it was left as it is.',
    ],
    [
      'a document failed',
      report({ added: 2, failed: [{ title: 'Empty', message: 'The text is empty.' }] }),
      0,
      'error',
      'Restored 2 documents. 1 document could not be restored:',
    ],
    [
      'the settings could not be saved',
      report({ added: 1, settingsError: 'The disk is full.' }),
      1,
      'error',
      'Restored 1 document. The backup’s settings were not applied: The disk is full.',
    ],
  ])('%s', (_case, r, offered, tone, text) => {
    const status = describeBackupReport(r, offered);
    expect(status.tone).toBe(tone);
    expect(status.text).toBe(text);
  });

  it('names each document that failed, with the reason', () => {
    expect(
      describeBackupReport(
        report({ failed: [{ title: 'Empty', message: 'The text is empty.' }] }),
        0,
      ).details,
    ).toEqual(['“Empty”: The text is empty.']);
  });
});
