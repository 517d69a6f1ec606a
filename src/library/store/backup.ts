// A backup of the library: every active document's text and metadata, and the settings
// (export-format.ts says how they are written).
import {
  decodeLibraryArchive,
  encodeLibraryArchive,
  type ArchiveDocumentMeta,
} from '../export-format';
import type { Connection } from './database';
import {
  listActiveDocuments,
  readDocumentText,
  type Documents,
  type LibraryDocument,
} from './documents';
import { prepareDocument } from './prepare-document';
import { DEFAULT_SETTINGS, type LibrarySettings, type SettingsStore } from './settings';

interface ImportReport {
  added: LibraryDocument[];
  duplicates: LibraryDocument[];
  /** Documents of the backup that could not be added (a full disk, an empty text). */
  failed: { title: string; message: string }[];
}

export interface Backup {
  exportLibrary(): Promise<Uint8Array>;
  /**
   * Adds every document of a backup (duplicates skipped, failures listed) and restores its
   * settings. Throws ArchiveFormatError when the bytes are not a readable backup.
   */
  importLibrary(bytes: Uint8Array): Promise<ImportReport>;
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
): Backup {
  return {
    async exportLibrary() {
      const database = await db();
      const documentsOut: { meta: ArchiveDocumentMeta; text: string }[] = [];
      for (const d of await listActiveDocuments(database)) {
        const text = await readDocumentText(database, d.id);
        if (text !== undefined) documentsOut.push({ meta: archiveMeta(d), text });
      }
      const current = await settings.getSettings();
      return encodeLibraryArchive({
        exportedAt: now(),
        settings: { ...current },
        documents: documentsOut,
      });
    },

    async importLibrary(bytes) {
      const archive = decodeLibraryArchive(bytes);
      const result: ImportReport = { added: [], duplicates: [], failed: [] };
      for (const { meta, text } of archive.documents) {
        try {
          const { doc, duplicate } = await documents.addPrepared(
            prepareDocument({ ...meta, text }, now()),
          );
          (duplicate ? result.duplicates : result.added).push(doc);
        } catch (e) {
          // One document's failure (each is its own transaction) does not undo the others.
          result.failed.push({
            title: meta.title,
            message: e instanceof Error ? e.message : String(e),
          });
        }
      }
      const known = Object.fromEntries(
        Object.entries(archive.settings).filter(([k]) => k in DEFAULT_SETTINGS),
      ) as Partial<LibrarySettings>;
      try {
        await settings.setSettings(known);
      } catch {
        // Settings a newer or older version wrote in another shape: keep the current ones.
      }
      return result;
    },
  };
}
