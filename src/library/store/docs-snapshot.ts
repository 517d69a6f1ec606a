// The active documents' list as one record, so a woken worker lists the library with one small
// read instead of a record per document (2,000 records cost ~65 ms at wake; 10,000, far more).
// Every transaction that writes `docs` also writes a new `docsEpoch`; the snapshot names the
// epoch it was read at, and is used only while that is still the epoch. A list read whole is
// written back as the snapshot after it answered, if no write came in between.
import type { IDBPDatabase, IDBPObjectStore } from 'idb';
import type { LibraryDB, SettingsRecord } from './database';
import type { LibraryDocument } from './documents';
import { newDocumentId } from './prepare-document';

const EPOCH_KEY = 'docsEpoch';
const SNAPSHOT_KEY = 'docsSnapshot';

/** The record that says the documents changed: a fresh epoch, written without reading. */
const epochRecord = (): SettingsRecord & { key: 'docsEpoch' } => ({
  key: EPOCH_KEY,
  value: newDocumentId(),
});

type SettingsStore = IDBPObjectStore<LibraryDB, ArrayLike<'settings'>, 'settings', 'readwrite'>;

/** The epoch a read of the settings' epoch record gave (undefined before the first). */
const epochOf = (record: SettingsRecord | undefined): string | undefined =>
  record?.key === EPOCH_KEY ? record.value : undefined;

/** Queues the change of epoch in a transaction that writes `docs`. */
export function bumpDocsEpoch(settings: Pick<SettingsStore, 'put'>): Promise<unknown> {
  return settings.put(epochRecord());
}

const byAddedAt = (a: LibraryDocument, b: LibraryDocument): number =>
  a.addedAt - b.addedAt || (a.id < b.id ? -1 : 1);

function parseSnapshot(json: string): LibraryDocument[] | undefined {
  try {
    const docs: unknown = JSON.parse(json);
    return Array.isArray(docs) ? (docs as LibraryDocument[]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes `docs` as the snapshot of `epoch` if the epoch has not moved since (undefined: a
 * library from before epochs, or a new one; it gets its first epoch here unless a write gave it
 * one meanwhile). A cache: the caller drops its errors.
 */
async function keepSnapshot(
  database: IDBPDatabase<LibraryDB>,
  epoch: string | undefined,
  docs: readonly LibraryDocument[],
): Promise<void> {
  const tx = database.transaction('settings', 'readwrite', { durability: 'relaxed' });
  const record = await tx.store.get(EPOCH_KEY);
  const now = epochOf(record);
  if (now === epoch) {
    const first = epochRecord();
    if (epoch === undefined) await tx.store.put(first);
    const value = {
      epoch: epoch ?? first.value,
      version: database.version,
      json: JSON.stringify(docs),
    };
    await tx.store.put({ key: SNAPSHOT_KEY, value });
  }
  await tx.done;
}

/** The documents' epoch: another value after every write of `docs` (undefined before the first). */
export async function readDocsEpoch(
  database: IDBPDatabase<LibraryDB>,
): Promise<string | undefined> {
  return epochOf(await database.get('settings', EPOCH_KEY));
}

/** Active documents in the order they were added: from the snapshot when it is current. */
export async function listActiveDocuments(
  database: IDBPDatabase<LibraryDB>,
): Promise<LibraryDocument[]> {
  const tx = database.transaction(['settings', 'docs'], 'readonly');
  const settings = tx.objectStore('settings');
  const [epoch, snapshot] = await Promise.all([
    settings.get(EPOCH_KEY),
    settings.get(SNAPSHOT_KEY),
  ]);
  const current = epochOf(epoch);
  // A snapshot of another schema version is not used: a migration may have changed the records.
  if (
    current !== undefined &&
    snapshot?.key === SNAPSHOT_KEY &&
    snapshot.value.epoch === current &&
    snapshot.value.version === database.version
  ) {
    const docs = parseSnapshot(snapshot.value.json);
    if (docs) {
      await tx.done;
      return docs;
    }
  }
  // Read in the same transaction as the epoch, so the list is that epoch's.
  const docs = (await tx.objectStore('docs').index('status').getAll('active')).sort(byAddedAt);
  await tx.done;
  void keepSnapshot(database, current, docs).catch(() => undefined);
  return docs;
}
