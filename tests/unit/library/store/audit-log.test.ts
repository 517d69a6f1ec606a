import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type AuditRecord } from '../../../../src/library/store/index';
import { useTestStore } from './store-fixture';

const t = useTestStore({ name: 'audit-settings', clock: false });

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
    expect(await t.store.getSettings()).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({
      highlightColors: { exact: '#f59e0b', near: '#0ea5e9' },
      auditEnabled: true,
      auditRetentionDays: 0,
    });
  });

  it('saves a valid change and keeps the other settings', async () => {
    await t.store.setSettings({
      highlightColors: { exact: '#22C55E', near: '#0ea5e9' },
      auditRetentionDays: 30,
    });
    expect(await t.store.getSettings()).toMatchObject({
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
    await expect(t.store.setSettings(patch)).rejects.toMatchObject({ code: 'bad-input' });
    expect(await t.store.getSettings()).toEqual(DEFAULT_SETTINGS);
  });
});

describe('the audit store', () => {
  it('lists newest first, replaces a record with the same id, prunes by time and clears', async () => {
    await t.store.putAuditRecord(record('a', 100));
    await t.store.putAuditRecord(record('b', 300));
    await t.store.putAuditRecord(record('c', 200));
    await t.store.putAuditRecord({ ...record('a', 100), replyText: 'again' });
    expect((await t.store.listAuditRecords()).map((r) => r.id)).toEqual(['b', 'c', 'a']);
    expect((await t.store.listAuditRecords()).find((r) => r.id === 'a')?.replyText).toBe('again');
    expect(await t.store.deleteAuditBefore(200)).toBe(1);
    expect((await t.store.listAuditRecords()).map((r) => r.id)).toEqual(['b', 'c']);
    await t.store.clearAudit();
    expect(await t.store.listAuditRecords()).toEqual([]);
  });
});
