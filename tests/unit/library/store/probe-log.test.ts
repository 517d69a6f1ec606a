// The probe log: stored beside the audit log, kept across the v4 -> v5 upgrade, carried by
// backups (and backups written before probes existed still restore).
import { IDBFactory } from 'fake-indexeddb';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { scoreProbe } from '../../../../src/core/index';
import { decodeLibraryArchive } from '../../../../src/library/export-format';
import type { ProbeRecord } from '../../../../src/library/probe-record';
import { openLibraryStore } from '../../../../src/library/store/index';
import { ledger, orchard, useTestStore } from './store-fixture';

const t = useTestStore();

function probe(id: string, runId: string, time: number): ProbeRecord {
  const prefix = ledger.slice(0, 200);
  const continuation = ledger.slice(201, 400);
  return {
    id,
    runId,
    time,
    docId: 'doc',
    title: 'Salt and Ledger',
    siteId: 'chatgpt',
    url: 'https://chatgpt.com/c/1',
    wordStart: 0,
    prefixWords: 30,
    continuationWords: 30,
    prompt: `Continue: ${prefix}`,
    prefix,
    continuation,
    reply: continuation,
    scores: scoreProbe(prefix, continuation, continuation),
  };
}

describe('probe log', () => {
  it('keeps records in time order, replaces by id, deletes one series', async () => {
    await t.store.putProbeRecord(probe('r1:1', 'r1', 20));
    await t.store.putProbeRecord(probe('r1:0', 'r1', 10));
    await t.store.putProbeRecord(probe('r2:0', 'r2', 30));
    await t.store.putProbeRecord({ ...probe('r2:0', 'r2', 30), reply: 'changed' });
    const all = await t.store.listProbeRecords();
    expect(all.map((p) => p.id)).toEqual(['r1:0', 'r1:1', 'r2:0']);
    expect(all[2]?.reply).toBe('changed');
    expect(await t.store.deleteProbeRun('r1')).toBe(2);
    expect((await t.store.listProbeRecords()).map((p) => p.id)).toEqual(['r2:0']);
  });

  it('upgrades a v4 database: documents kept, the probe log added', async () => {
    t.store.close();
    globalThis.indexedDB = new IDBFactory();
    await openLibraryStore('v4').then(async (s) => {
      await s.addDocument({ text: ledger, title: 'Ledger', format: 'txt' });
      s.close();
    });
    // Take the database back to v4's shape: the stores v4 shipped, no probe store.
    const current = await openDB('v4');
    const stores = [...current.objectStoreNames];
    current.close();
    expect(stores).toContain('probes');
    const old = await openDB('v4-copy', 4, {
      upgrade(db) {
        const docs = db.createObjectStore('docs', { keyPath: 'id' });
        docs.createIndex('contentHash', 'contentHash', { unique: true });
        docs.createIndex('addedAt', 'addedAt');
        docs.createIndex('tags', 'tags', { multiEntry: true });
        docs.createIndex('status', 'status');
        db.createObjectStore('chunks', { keyPath: ['docId', 'n'] });
        db.createObjectStore('index', { keyPath: 'docId' });
        db.createObjectStore('settings', { keyPath: 'key' });
        db.createObjectStore('audit', { keyPath: 'id' }).createIndex('time', 'time');
        db.createObjectStore('pages');
        db.createObjectStore('pageFilters');
        db.createObjectStore('pageMeta', { keyPath: 'key' });
      },
    });
    await old.put('audit', { id: 'a', time: 5 } as never);
    old.close();
    const migrated = await openLibraryStore('v4-copy');
    expect(await migrated.listProbeRecords()).toEqual([]);
    expect(await migrated.listAuditRecords()).toHaveLength(1);
    await migrated.putProbeRecord(probe('r:0', 'r', 1));
    expect(await migrated.listProbeRecords()).toHaveLength(1);
    migrated.close();
  });
});

describe('probe records in backups', () => {
  it('a backup carries the probes and restoring it writes them back', async () => {
    await t.store.addDocument({ text: ledger, title: 'Ledger', format: 'txt' });
    await t.store.putProbeRecord(probe('r:0', 'r', 10));
    await t.store.putProbeRecord(probe('r:1', 'r', 11));
    const bytes = await t.store.exportLibrary();
    expect(Object.keys(unzipSync(bytes))).toContain('probes.json');
    await t.store.deleteProbeRun('r');

    const plan = await t.store.planRestore(bytes);
    expect(plan.probes.map((p) => p.id)).toEqual(['r:0', 'r:1']);
    const report = await t.store.restoreDocuments(plan);
    expect(report.probes).toBe(2);
    expect(await t.store.listProbeRecords()).toEqual([
      probe('r:0', 'r', 10),
      probe('r:1', 'r', 11),
    ]);
  });

  it('a backup written before probes existed restores its documents, no probes', async () => {
    await t.store.addDocument({ text: orchard, title: 'Orchard', format: 'txt' });
    const files = unzipSync(await t.store.exportLibrary());
    // The old writer: no probes.json, no manifest field.
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as Record<string, unknown>;
    delete manifest.probes;
    const old = zipSync({ ...files, 'manifest.json': strToU8(JSON.stringify(manifest)) });
    await t.store.deleteDocument((await t.store.listDocuments())[0]!.id);
    const plan = await t.store.planRestore(old);
    expect(plan.probes).toEqual([]);
    expect(plan.toAdd).toHaveLength(1);
    expect((await t.store.restoreDocuments(plan)).added).toHaveLength(1);
  });

  it('damaged probe records are left out and counted; the documents still restore', async () => {
    await t.store.addDocument({ text: ledger, title: 'Ledger', format: 'txt' });
    await t.store.putProbeRecord(probe('r:0', 'r', 10));
    const files = unzipSync(await t.store.exportLibrary());
    const records = JSON.parse(strFromU8(files['probes.json']!)) as unknown[];
    const damaged = zipSync({
      ...files,
      'probes.json': strToU8(JSON.stringify([...records, { id: 'x', scores: 'no' }])),
    });
    const archive = await decodeLibraryArchive(damaged);
    expect(archive.probes).toHaveLength(1);
    expect(archive.damagedProbes).toBe(1);
    const notJson = zipSync({ ...files, 'probes.json': strToU8('{not json') });
    const plan = await t.store.planRestore(notJson);
    expect([plan.probes.length, plan.damagedProbes, plan.skipped.length]).toEqual([0, 1, 1]);
  });
});
