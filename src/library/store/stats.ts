// Counters kept in the database, so they survive a service-worker restart. Each index build adds
// a `build:` mark, which a transaction writes without reading anything first.
import type { Connection, SettingsRecord } from './database';
import { newDocumentId } from './prepare-document';

export interface LibraryStats {
  /** Index records built from text (on add, or to replace an outdated or damaged record). */
  indexBuilds: number;
}

/** The record that counts one index build. */
export function buildMark(at: number): SettingsRecord {
  return { key: `build:${newDocumentId()}`, value: { at } };
}

export function createStats({ db }: Connection): { getStats(): Promise<LibraryStats> } {
  return {
    async getStats() {
      const tx = (await db()).transaction('settings');
      const [rec, builds] = await Promise.all([
        tx.store.get('stats'),
        tx.store.count(IDBKeyRange.bound('build:', 'build:\uffff')),
        tx.done,
      ]);
      const stats = rec?.key === 'stats' ? rec.value : { indexBuilds: 0 };
      return { indexBuilds: stats.indexBuilds + builds };
    },
  };
}
