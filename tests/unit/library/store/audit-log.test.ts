import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  openLibraryStore,
  type AuditRecord,
  type LibraryStore,
} from '../../../../src/library/store/index';

let store: LibraryStore;

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  store = await openLibraryStore('audit-settings');
});
afterEach(() => store.close());

function record(id: string, time: number): AuditRecord {
  return {
    id,
    time,
    siteId: 'chatgpt',
    url: 'https://chatgpt.com/c/1',
    replyId: 'a',
    replyText: 'x',
    replyWords: 1,
    coverage: 1,
    spans: [],
  };
}

describe('display and audit settings', () => {
  it('default to readable colours, audit on and no expiry', async () => {
    expect(await store.getSettings()).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({
      highlightColors: { exact: '#f59e0b', near: '#0ea5e9' },
      auditEnabled: true,
      auditRetentionDays: 0,
    });
  });

  it('saves a valid change and keeps the other settings', async () => {
    await store.setSettings({
      highlightColors: { exact: '#22C55E', near: '#0ea5e9' },
      auditRetentionDays: 30,
    });
    expect(await store.getSettings()).toMatchObject({
      minWords: 12,
      highlightColors: { exact: '#22C55E' },
      auditRetentionDays: 30,
    });
  });

  it.each([
    ['a colour name', { highlightColors: { exact: 'red', near: '#0ea5e9' } }],
    ['a short hex colour', { highlightColors: { exact: '#f00', near: '#0ea5e9' } }],
    ['negative retention', { auditRetentionDays: -1 }],
    ['fractional retention', { auditRetentionDays: 1.5 }],
    ['a non-boolean audit switch', { auditEnabled: 'yes' as unknown as boolean }],
  ])('rejects %s and keeps the old settings', async (_name, patch) => {
    await expect(store.setSettings(patch)).rejects.toMatchObject({ code: 'bad-input' });
    expect(await store.getSettings()).toEqual(DEFAULT_SETTINGS);
  });
});

describe('the audit store', () => {
  it('lists newest first, replaces a record with the same id, prunes by time and clears', async () => {
    await store.putAuditRecord(record('a', 100));
    await store.putAuditRecord(record('b', 300));
    await store.putAuditRecord(record('c', 200));
    await store.putAuditRecord({ ...record('a', 100), replyText: 'again' });
    expect((await store.listAuditRecords()).map((r) => r.id)).toEqual(['b', 'c', 'a']);
    expect((await store.listAuditRecords()).find((r) => r.id === 'a')?.replyText).toBe('again');
    expect(await store.deleteAuditBefore(200)).toBe(1);
    expect((await store.listAuditRecords()).map((r) => r.id)).toEqual(['b', 'c']);
    await store.clearAudit();
    expect(await store.listAuditRecords()).toEqual([]);
  });
});
