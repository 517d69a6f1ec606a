// Numbered migrations: entry i upgrades version i to i + 1. Never edit a shipped one; add a new
// one, and a test that opens data written under the previous version (docs/library-format.md).
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { LibraryDB } from './database';
import type { LibraryDocument } from './documents';
import { DEFAULT_SETTINGS } from './settings';

type UpgradeTransaction = IDBPTransaction<LibraryDB, StoreNames<LibraryDB>[], 'versionchange'>;
type Migration = (db: IDBPDatabase<LibraryDB>, tx: UpgradeTransaction) => Promise<void> | void;

export const MIGRATIONS: Migration[] = [
  // v1: documents, text chunks, index records, settings, audit.
  (db) => {
    const docs = db.createObjectStore('docs', { keyPath: 'id' });
    docs.createIndex('contentHash', 'contentHash', { unique: true });
    docs.createIndex('addedAt', 'addedAt');
    db.createObjectStore('chunks', { keyPath: ['docId', 'n'] });
    db.createObjectStore('index', { keyPath: 'docId' });
    db.createObjectStore('settings', { keyPath: 'key' });
    db.createObjectStore('audit', { keyPath: 'id' }).createIndex('time', 'time');
  },
  // v2: tags (filterable), soft delete for undo, settings defaults.
  async (_db, tx) => {
    const docs = tx.objectStore('docs');
    docs.createIndex('tags', 'tags', { multiEntry: true });
    docs.createIndex('status', 'status');
    for (let cursor = await docs.openCursor(); cursor; cursor = await cursor.continue()) {
      const v1 = cursor.value as Partial<LibraryDocument> & { id: string };
      await cursor.update({
        ...cursor.value,
        tags: Array.isArray(v1.tags) ? v1.tags : [],
        status: v1.status ?? 'active',
      });
    }
    const settings = tx.objectStore('settings');
    if (!(await settings.get('settings')))
      await settings.put({ key: 'settings', value: { ...DEFAULT_SETTINGS } });
  },
  // v3: the saved lookup table of the index.
  (db) => {
    // A store of earlier versions, gone since v4: not in LibraryDB's type any more.
    (db as unknown as IDBDatabase).createObjectStore('tables', { keyPath: 'key' });
  },
  // v4: postings in pages (posting-pages.ts) replace the saved lookup table, which goes; every
  // document is merged into the pages again from its index record (posting-merge.ts).
  (db) => {
    (db as unknown as IDBDatabase).deleteObjectStore('tables');
    db.createObjectStore('pages');
    db.createObjectStore('pageFilters');
    db.createObjectStore('pageMeta', { keyPath: 'key' });
  },
  // v5: the probe log (probe-log.ts), memorization probes and their scores.
  (db) => {
    db.createObjectStore('probes', { keyPath: 'id' }).createIndex('time', 'time');
  },
  // v6: parts of document texts the matcher has read, so a scan reads a few of them and not
  // whole texts (text-parts.ts); empty at first.
  (db) => {
    db.createObjectStore('textParts');
  },
];

export const LIBRARY_SCHEMA_VERSION = MIGRATIONS.length;
