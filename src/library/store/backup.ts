// A backup of the library: every active document's text and metadata, and the settings
// (export-format.ts says how they are written). Restoring is planned first, then written.
import type { IDBPDatabase } from 'idb';
import {
  decodeLibraryArchive,
  encodeLibraryArchive,
  type ArchiveDocumentMeta,
} from '../export-format';
import { diffBackupSettings, type SettingsDiff } from './backup-settings';
import type { Connection, LibraryDB } from './database';
import { listActiveDocuments } from './docs-snapshot';
import { readDocumentText, type Documents, type LibraryDocument } from './documents';
import { prepareDocument, type PreparedDocument } from './prepare-document';
import type { ProbeLog } from './probe-log';
import type { SettingsStore } from './settings';
import type { ProbeRecord } from '../probe-record';

/** What restoring a backup would do, worked out before anything is written. */
export interface RestorePlan {
  exportedAt: number;
  /** The backup's documents whose text the library lacks, indexed and ready to write. */
  toAdd: PreparedDocument[];
  /** Titles of the documents whose text the library (or an earlier one of the backup) holds. */
  skipped: string[];
  /** Documents of the backup that cannot be added (an empty text), with the reason. */
  unreadable: { title: string; message: string }[];
  settings: SettingsDiff;
  /** The backup's probe records (restored with the documents, same id replaced). */
  probes: ProbeRecord[];
  /** Probe records of the backup left out because they were damaged. */
  damagedProbes: number;
}

export interface RestoreReport {
  added: LibraryDocument[];
  duplicates: LibraryDocument[];
  /** Documents that could not be added (a full disk, an empty text). */
  failed: { title: string; message: string }[];
  /** Probe records written. */
  probes: number;
}

export interface Backup {
  exportLibrary(): Promise<Uint8Array>;
  /**
   * Reads a backup and works out what restoring it would add and which settings it would
   * change; writes nothing. Throws ArchiveFormatError when the bytes are not a readable backup.
   */
  planRestore(bytes: Uint8Array): Promise<RestorePlan>;
  /**
   * Writes a plan's documents (duplicates skipped, failures listed). Settings are not touched:
   * applying `plan.settings.patch` is the user's separate choice.
   */
  restoreDocuments(plan: Pick<RestorePlan, 'toAdd'> & Partial<RestorePlan>): Promise<RestoreReport>;
}

const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Which of `hashes` an active document of the library has. */
async function activeHashes(
  database: IDBPDatabase<LibraryDB>,
  hashes: readonly string[],
): Promise<Set<string>> {
  const index = database.transaction('docs').store.index('contentHash');
  const found = await Promise.all(hashes.map((hash) => index.get(hash)));
  return new Set(found.filter((d) => d?.status === 'active').map((d) => d?.contentHash ?? ''));
}

function archiveMeta(d: LibraryDocument): ArchiveDocumentMeta {
  return {
    id: d.id,
    title: d.title,
    ...(d.author !== undefined && { author: d.author }),
    tags: d.tags,
    ...(d.fileName !== undefined && { fileName: d.fileName }),
    format: d.format,
    addedAt: d.addedAt,
  };
}

export function createBackup(
  { db, now }: Connection,
  documents: Pick<Documents, 'addPrepared'>,
  settings: SettingsStore,
  probeLog: ProbeLog,
): Backup {
  return {
    async exportLibrary() {
      const database = await db();
      const documentsOut: { meta: ArchiveDocumentMeta; text: string }[] = [];
      for (const d of await listActiveDocuments(database)) {
        const text = await readDocumentText(database, d.id);
        if (text !== undefined) documentsOut.push({ meta: archiveMeta(d), text });
      }
      // The team catalogue's token is a credential: a backup file never holds it (or its URL).
      const { teamCatalogue: _secret, ...current } = await settings.getSettings();
      return encodeLibraryArchive({
        exportedAt: now(),
        settings: { ...current },
        documents: documentsOut,
        probes: await probeLog.listProbeRecords(),
      });
    },

    async planRestore(bytes) {
      const archive = await decodeLibraryArchive(bytes);
      const plan: RestorePlan = {
        exportedAt: archive.exportedAt,
        toAdd: [],
        skipped: [],
        unreadable: [],
        settings: diffBackupSettings(await settings.getSettings(), archive.settings),
        probes: archive.probes ?? [],
        damagedProbes: archive.damagedProbes ?? 0,
      };
      const seen = new Set<string>();
      for (const { meta, text } of archive.documents) {
        try {
          const prepared = prepareDocument({ ...meta, text }, now());
          const hash = prepared.doc.contentHash;
          if (seen.has(hash)) plan.skipped.push(meta.title);
          else plan.toAdd.push(prepared);
          seen.add(hash);
        } catch (e) {
          plan.unreadable.push({ title: meta.title, message: errorMessage(e) });
        }
      }
      const held = await activeHashes(await db(), [...seen]);
      plan.skipped.push(
        ...plan.toAdd.filter((p) => held.has(p.doc.contentHash)).map((p) => p.doc.title),
      );
      plan.toAdd = plan.toAdd.filter((p) => !held.has(p.doc.contentHash));
      return plan;
    },

    async restoreDocuments({ toAdd, probes = [] }) {
      const result: RestoreReport = { added: [], duplicates: [], failed: [], probes: 0 };
      for (const prepared of toAdd) {
        try {
          const { doc, duplicate } = await documents.addPrepared(prepared);
          (duplicate ? result.duplicates : result.added).push(doc);
        } catch (e) {
          // One document's failure (each is its own transaction) does not undo the others.
          result.failed.push({ title: prepared.doc.title, message: errorMessage(e) });
        }
      }
      for (const probe of probes) {
        try {
          await probeLog.putProbeRecord(probe);
          result.probes++;
        } catch (e) {
          result.failed.push({ title: `Probe of “${probe.title}”`, message: errorMessage(e) });
        }
      }
      return result;
    },
  };
}
