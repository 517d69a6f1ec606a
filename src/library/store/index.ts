// The library store: each part over one shared connection, composed into the one object the
// extension's contexts use. Only src/library/store imports idb.
import { createAuditLog, type AuditLog } from './audit-log';
import { createBackup, type Backup } from './backup';
import { createConnection } from './database';
import { createDocuments, type Documents } from './documents';
import { createIndexTables, type IndexTables } from './index-tables';
import { createTextParts, type TextParts } from './text-parts';
import { mergePostings, type MergeOptions, type MergeReport } from './posting-merge';
import { createPostingStore, type PostingStore } from './posting-store';
import { createProbeLog, type ProbeLog } from './probe-log';
import { createSettingsStore, type SettingsStore } from './settings';
import { createStats, type LibraryStats } from './stats';

export type { AuditRecord, AuditSpan } from './audit-log';
export type { ProbeRecord } from '../probe-record';
export type { RestorePlan, RestoreReport } from './backup';
export type { SettingsDiff } from './backup-settings';
export type { BulkChange, LibraryDocument, NewDocument, WriteOutcome } from './documents';
export { LibraryStoreError, type LibraryStoreErrorCode } from './errors';
export type { PagedIndex } from './posting-store';
export type { ReadTextPart } from './text-parts';
export type { PartPlace } from './database';
export { LIBRARY_SCHEMA_VERSION } from './migrations';
export {
  CHUNK_CHARS,
  newDocumentId,
  prepareDocument,
  type PreparedDocument,
} from './prepare-document';
export { DEFAULT_HIGHLIGHT_COLORS, DEFAULT_SETTINGS, type LibrarySettings } from './settings';

export interface LibraryStore
  extends
    Documents,
    IndexTables,
    PostingStore,
    TextParts,
    SettingsStore,
    AuditLog,
    ProbeLog,
    Backup {
  readonly name: string;
  /**
   * Moves the postings of documents not merged yet into the posting pages (posting-merge.ts):
   * one pass, at most `maxPostings` postings of new documents, written in slice groups of at
   * most `groupPostings`; safe to stop and run again at any point.
   */
  mergePostings(options?: MergeOptions): Promise<MergeReport>;
  getStats(): Promise<LibraryStats>;
  close(): void;
}

interface LibraryStoreOptions {
  /** Clock for addedAt, deletedAt and saved tables; tests pass a fake one. */
  now?: () => number;
}

/**
 * Opens the library database `name`, migrating it to LIBRARY_SCHEMA_VERSION. If another
 * context's upgrade later closes the connection, the next call reconnects.
 */
export async function openLibraryStore(
  name = 'recital',
  options: LibraryStoreOptions = {},
): Promise<LibraryStore> {
  const connection = createConnection(name, options.now ?? Date.now);
  const documents = createDocuments(connection);
  const settings = createSettingsStore(connection);
  const probeLog = createProbeLog(connection);
  const store: LibraryStore = {
    name,
    ...documents,
    ...createIndexTables(connection),
    ...createPostingStore(connection),
    ...createTextParts(connection),
    mergePostings: (opts) => mergePostings(connection, opts),
    ...settings,
    ...createAuditLog(connection),
    ...probeLog,
    ...createBackup(connection, documents, settings, probeLog),
    ...createStats(connection),
    close: () => connection.close(),
  };
  await connection.db();
  return store;
}
