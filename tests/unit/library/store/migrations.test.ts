import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { INDEX_FORMAT_VERSION, PassageIndex } from '../../../../src/core/index';
import {
  DEFAULT_SETTINGS,
  LIBRARY_SCHEMA_VERSION,
  openLibraryStore,
} from '../../../../src/library/store/index';
import { loadPaged, scanPaged } from './paged-scan';
import { ledger, lighthouse, orchard, useTestStore } from './store-fixture';

const t = useTestStore();

describe('migration from earlier schemas', () => {
  it('keeps every v1 document, its text and its index record, and adds v2 fields and defaults', async () => {
    t.store.close();
    globalThis.indexedDB = new IDBFactory();
    // The v1 schema as it shipped: no tags, no status, no settings defaults.
    const v1 = await openDB('v1', 1, {
      upgrade(db) {
        const docs = db.createObjectStore('docs', { keyPath: 'id' });
        docs.createIndex('contentHash', 'contentHash', { unique: true });
        docs.createIndex('addedAt', 'addedAt');
        db.createObjectStore('chunks', { keyPath: ['docId', 'n'] });
        db.createObjectStore('index', { keyPath: 'docId' });
        db.createObjectStore('settings', { keyPath: 'key' });
        db.createObjectStore('audit', { keyPath: 'id' }).createIndex('time', 'time');
      },
    });
    const index = new PassageIndex();
    const texts = { a: ledger, b: orchard.replace(/\n/g, '\r\n') };
    for (const [id, text] of Object.entries(texts)) {
      const entry = index.addDocument(id, text);
      await v1.put('docs', {
        id,
        title: id.toUpperCase(),
        format: 'txt',
        chars: text.length,
        bytes: text.length,
        words: entry.words,
        addedAt: id === 'a' ? 1 : 2,
        contentHash: entry.contentHash,
      });
      await v1.put('chunks', { docId: id, n: 0, text: text.slice(0, 100) });
      await v1.put('chunks', { docId: id, n: 1, text: text.slice(100) });
      await v1.put('index', {
        docId: id,
        version: INDEX_FORMAT_VERSION,
        data: index.serializeDocument(id),
      });
    }
    await v1.put('audit', { id: 'x', time: 5 });
    v1.close();

    const migrated = await openLibraryStore('v1', { now: t.now });
    const docs = await migrated.listDocuments();
    expect(docs.map((d) => [d.id, d.title, d.tags, d.status])).toEqual([
      ['a', 'A', [], 'active'],
      ['b', 'B', [], 'active'],
    ]);
    expect(await migrated.getDocumentText('a')).toBe(texts.a);
    expect(await migrated.getDocumentText('b')).toBe(texts.b);
    expect(await migrated.getSettings()).toEqual(DEFAULT_SETTINGS);
    expect((await migrated.loadIndex()).size).toBe(2);
    expect(migrated.lastIndexLoad()).toEqual({ reused: 0, read: 2, rebuilt: 0 });
    await migrated.updateDocument('a', { tags: ['kept'] });
    migrated.close();
    const db = await openDB('v1');
    expect(db.version).toBe(LIBRARY_SCHEMA_VERSION);
    expect(await db.getAllKeysFromIndex('docs', 'tags', 'kept')).toEqual(['a']);
    expect(await db.count('audit')).toBe(1);
    db.close();
  });
});

describe('migration from schema v2', () => {
  it('opens a v2 database (documents, texts, records, settings, audit) and merges its postings into the pages', async () => {
    t.store.close();
    globalThis.indexedDB = new IDBFactory();
    // The v2 schema as it shipped: v1 plus the tags and status indexes, no saved table.
    const v2 = await openDB('v2', 2, {
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
      },
    });
    const index = new PassageIndex();
    const texts = { a: ledger, b: orchard, c: lighthouse };
    for (const [id, text] of Object.entries(texts)) {
      const entry = index.addDocument(id, text);
      const status = id === 'c' ? 'deleted' : 'active';
      await v2.put('docs', {
        id,
        title: id.toUpperCase(),
        tags: ['t'],
        format: 'txt',
        chars: text.length,
        bytes: text.length,
        words: entry.words,
        addedAt: id.charCodeAt(0),
        contentHash: entry.contentHash,
        status,
        ...(status === 'deleted' && { deletedAt: 3 }),
      });
      await v2.put('chunks', { docId: id, n: 0, text });
      await v2.put('index', {
        docId: id,
        version: INDEX_FORMAT_VERSION,
        data: index.serializeDocument(id),
      });
    }
    await v2.put('settings', { key: 'settings', value: { ...DEFAULT_SETTINGS, minWords: 15 } });
    await v2.put('settings', { key: 'stats', value: { indexBuilds: 3 } });
    await v2.put('audit', { id: 'x', time: 5 });
    v2.close();

    const migrated = await openLibraryStore('v2', { now: t.now });
    expect((await migrated.listDocuments()).map((d) => [d.id, d.tags, d.status])).toEqual([
      ['a', ['t'], 'active'],
      ['b', ['t'], 'active'],
    ]);
    expect(await migrated.getDocumentText('b')).toBe(orchard);
    expect((await migrated.getSettings()).minWords).toBe(15);
    expect(await migrated.listAuditRecords()).toHaveLength(1);
    expect((await migrated.loadIndex()).size).toBe(2);
    expect(migrated.lastIndexLoad()).toEqual({ reused: 0, read: 2, rebuilt: 0 });
    // Nothing is matched until the merge moves the records' postings into the pages.
    expect((await loadPaged(migrated)).unmerged).toBe(2);
    expect(await migrated.mergePostings()).toMatchObject({ merged: 2, remaining: 0 });
    expect(await migrated.restoreDocument('c')).toBe(true);
    migrated.close();

    const reopened = await openLibraryStore('v2', { now: t.now });
    // The restored document was deleted at the merge: the next one adds it.
    expect((await loadPaged(reopened)).unmerged).toBe(1);
    expect(await reopened.mergePostings()).toMatchObject({ merged: 1, remaining: 0 });
    const paged = await loadPaged(reopened);
    expect([paged.unmerged, paged.index.size]).toEqual([0, 3]);
    const reply = `${ledger.slice(300, 700)} then ${orchard.slice(300, 700)} and ${lighthouse.slice(300, 700)}`;
    const found = new Set((await scanPaged(reopened, reply, paged)).spans.map((x) => x.docId));
    expect(found).toEqual(new Set(['a', 'b', 'c']));
    expect((await reopened.getStats()).indexBuilds).toBe(3);
    // Builds since add to the counter the earlier version kept.
    await reopened.addDocument({
      text: 'A new text written after the upgrade, with enough words to index.',
      title: 'New',
      format: 'txt',
    });
    expect((await reopened.getStats()).indexBuilds).toBe(4);
    reopened.close();
    const db = await openDB('v2');
    expect(db.version).toBe(LIBRARY_SCHEMA_VERSION);
    expect(LIBRARY_SCHEMA_VERSION).toBe(6);
    expect([...db.objectStoreNames]).toContain('textParts');
    db.close();
  });

  it('refuses a database from a newer schema with a clear error', async () => {
    t.store.close();
    const newer = await openDB('future', LIBRARY_SCHEMA_VERSION + 1);
    newer.close();
    await expect(openLibraryStore('future')).rejects.toMatchObject({
      code: 'storage',
      message: expect.stringContaining('newer version'),
    });
  });
});
