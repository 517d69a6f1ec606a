// The options page's ONE door to the store, the importers and the background: every call to
// them goes through here, so a change in their API is adapted in this file alone.
import {
  importFile,
  importPastedText,
  MAX_IMPORT_BYTES,
  unreadableFileError,
} from '../library/import/index';
import type { ImportedDocument, ImportSource } from '../library/import/types';
import { openRestore, type PendingRestore, type RestoreSummary } from '../library/backup-restorer';
import { createDocumentWriter, type DocumentWriter } from '../library/document-writer';
import {
  newDocumentId,
  type BulkChange,
  openLibraryStore,
  type LibraryDocument,
  type LibrarySettings,
  type LibraryStore,
  type NewDocument,
  type WriteOutcome,
} from '../library/store/index';
import { browser } from '../shared/browser';
import { createSender, type PopupToBackground } from '../shared/messages';
import { describeError } from './describe-error';
import { prepareForMatching } from './prepare-for-matching';
import { toLibraryEntry } from './to-library-entry';

export type { BulkChange };

/** One document as the library page shows it. */
export interface LibraryEntry {
  id: string;
  title: string;
  author?: string;
  tags: string[];
  words: number;
  /** Size of the text in UTF-8 bytes. */
  bytes: number;
  /** Milliseconds since the epoch. */
  addedAt: number;
  format: string;
  fileName?: string;
}

export type AddOutcome =
  { status: 'imported' | 'duplicate'; entry: LibraryEntry } | { status: 'failed'; message: string };

export interface MetadataPatch {
  title: string;
  author: string;
  tags: string[];
}

export interface BackupReport {
  added: number;
  duplicates: number;
  /** Documents of the backup that could not be added, with the reason for the user. */
  failed: { title: string; message: string }[];
  /** The backup's differing settings were saved (the user chose to apply them). */
  settingsApplied: boolean;
  /** Why the settings the user chose to apply were not saved. */
  settingsError?: string;
}

/** A backup read and compared with the library; nothing is written until {@link restore}. */
export interface BackupPreview {
  summary: RestoreSummary;
  /** Adds the documents, and saves the backup's differing settings only if `applySettings`. Call once. */
  restore(choice: { applySettings: boolean }): Promise<BackupReport>;
  /** The user changed their mind: nothing is written. */
  cancel(): void;
}

export interface StorageUsage {
  usage: number;
  quota: number;
}

/** A file read only when its turn comes, so a huge one is refused before it fills memory. */
export interface FileToImport {
  name: string;
  type: string;
  size: number;
  read(): Promise<Uint8Array>;
  /** The picked file itself, when there is one: an import worker reads it without the page. */
  file?: Blob;
}

/** A file read and decoded, its writing under way. */
export interface StartedImport {
  /** Settles (never rejects) when the document is stored, found a duplicate, or failed. */
  written: Promise<AddOutcome>;
}

export interface LibraryClient {
  /** Active documents, in the order they were added. */
  list(): Promise<LibraryEntry[]>;
  /**
   * Reads and decodes the file, then starts writing it and resolves: the caller can read the
   * next file while this one is indexed and committed. Documents are listed in the order their
   * imports started. Never throws; failures come back in `written`.
   */
  startImport(file: FileToImport): Promise<StartedImport>;
  /** The user is about to pick or drop files: get the import workers ready meanwhile. */
  prepareImports(): void;
  /** How many started imports can usefully be writing at once. */
  readonly importCapacity: number;
  /** Lets the import workers go once the started imports are written. */
  finishImports(): void;
  /** startImport, then its result. Never throws: a file that cannot be read or stored comes back as `failed` with a message for the user. */
  importFile(file: FileToImport): Promise<AddOutcome>;
  /** Never throws, like importFile. */
  addText(input: {
    title: string;
    author: string;
    text: string;
    tags?: string[];
  }): Promise<AddOutcome>;
  update(id: string, patch: MetadataPatch): Promise<void>;
  /** Soft delete: {@link restore} brings the document back with its id, date and text. */
  remove(id: string): Promise<void>;
  restore(id: string): Promise<void>;
  /** One change to many documents in one transaction; resolves to how many changed. */
  changeMany(ids: readonly string[], change: BulkChange): Promise<number>;
  exportBackup(): Promise<Uint8Array>;
  /** Reads a backup (off this thread); ArchiveFormatError when it is not a readable one. */
  previewBackup(bytes: Uint8Array): Promise<BackupPreview>;
  /** Undefined when the browser does not say. */
  storage(): Promise<StorageUsage | undefined>;
  /**
   * Tells the background what changed since the last call (only documents added: their ids),
   * so it reloads its index and settings; never throws (the page's work is already saved).
   */
  notifyChanged(): Promise<void>;
  /**
   * Puts the postings of the documents just stored into the posting pages, so replies are
   * matched against them (store/posting-merge.ts); `onProgress` gets the share done, 0 to 1.
   * Resolves to a message for the user when that failed (the documents stay stored, and the
   * background tries again later), else undefined.
   */
  prepareForMatching(onProgress: (share: number) => void): Promise<string | undefined>;
}

/** The part of the store this page uses (tests pass an in-memory one). */
type LibraryStoreLike = Pick<
  LibraryStore,
  | 'name'
  | 'mergePostings'
  | 'addDocument'
  | 'addPrepared'
  | 'listDocuments'
  | 'updateDocument'
  | 'deleteDocument'
  | 'restoreDocument'
  | 'changeDocuments'
  | 'exportLibrary'
  | 'planRestore'
  | 'restoreDocuments'
  | 'setSettings'
  | 'storageEstimate'
>;

interface ImporterLike {
  importFile(source: ImportSource): Promise<ImportedDocument>;
  importPastedText(text: string, title?: string): ImportedDocument;
}

/** Reads the file (or hands it to a worker unread) and starts its write; a message when it cannot. */
async function startWriting(
  file: FileToImport,
  writer: DocumentWriter,
  importer: ImporterLike,
): Promise<{ writing: Promise<WriteOutcome> } | string> {
  if (file.size > MAX_IMPORT_BYTES)
    return `This file is larger than ${Math.round(MAX_IMPORT_BYTES / 2 ** 20)} MB, more than Recital can hold. Split it into smaller files (for example one per book or part) and import them one at a time.`;
  // Chosen now, so parallel writes still list in the order the files were started.
  const fields = { id: newDocumentId(), addedAt: Date.now() };
  // Every format goes to an import worker unread: a bomb or a slow reader never blocks this page.
  const inWorker = writer.readsFilesInWorker;
  if (inWorker && file.file)
    return {
      writing: writer.writeFile({ name: file.name, type: file.type, file: file.file }, fields),
    };
  let bytes: Uint8Array;
  try {
    bytes = await file.read();
  } catch (error) {
    return unreadableFileError(error).message;
  }
  const source = { name: file.name, bytes, type: file.type };
  if (inWorker) return { writing: writer.writeFile(source, fields) };
  try {
    const imported = await importer.importFile(source);
    const writing = writer.write({
      text: imported.text,
      title: imported.title,
      fileName: file.name,
      format: imported.format,
      ...(imported.author && { author: imported.author }),
      ...fields,
    });
    return { writing };
  } catch (error) {
    return describeError(error, `importing “${file.name}”`);
  }
}

/** What changed since the background was last told: `added` alone when only documents were added. */
export type LibraryChange = PopupToBackground['libraryChanged']['request'];

async function storageUsage(store: LibraryStoreLike): Promise<StorageUsage | undefined> {
  try {
    const estimate = await store.storageEstimate();
    if (estimate.quota === undefined) return undefined;
    return { usage: estimate.usage ?? 0, quota: estimate.quota };
  } catch {
    return undefined;
  }
}

/** What the background has not been told of yet: the ids added, until anything else changes. */
function trackChanges() {
  let added: string[] | undefined = [];
  return {
    /** Marks a change other than an add; returns `result`. */
    changed<T>(result: T): T {
      added = undefined;
      return result;
    },
    outcome({ doc, duplicate }: WriteOutcome): AddOutcome {
      if (!duplicate) added?.push(doc.id);
      return { status: duplicate ? 'duplicate' : 'imported', entry: toLibraryEntry(doc) };
    },
    take(): LibraryChange {
      const change = added ? { added } : {};
      added = [];
      return change;
    },
  };
}

interface RestoreEffects {
  /** A document the restore added, for the background's `libraryChanged { added }`. */
  added(doc: LibraryDocument): void;
  applySettings(patch: Partial<LibrarySettings>): Promise<unknown>;
}

function backupPreview(pending: PendingRestore, effects: RestoreEffects): BackupPreview {
  const { summary } = pending;
  return {
    summary,
    cancel: () => pending.cancel(),
    async restore({ applySettings }) {
      const report = await pending.restoreDocuments();
      report.added.forEach(effects.added);
      // What the plan already set aside counts as well: the user saw it in the preview.
      const result: BackupReport = {
        added: report.added.length,
        duplicates: summary.skipped.length + report.duplicates.length,
        failed: [...summary.unreadable, ...report.failed],
        settingsApplied: false,
      };
      if (!applySettings || Object.keys(summary.settings.patch).length === 0) return result;
      try {
        await effects.applySettings(summary.settings.patch);
        result.settingsApplied = true;
      } catch (error) {
        result.settingsError = describeError(error, 'applying the backup’s settings');
      }
      return result;
    },
  };
}

/** Builds the client over a store, the importers and a way to tell the background the library changed. */
export function createLibraryClient(
  store: LibraryStoreLike,
  importer: ImporterLike,
  announceChange: (change: LibraryChange) => Promise<unknown>,
  writer: DocumentWriter = createDocumentWriter(store, importer.importFile, { workers: 0 }),
  openBackup: (store: LibraryStoreLike, bytes: Uint8Array) => Promise<PendingRestore> = openRestore,
): LibraryClient {
  const { changed, outcome, take } = trackChanges();
  const add = async (input: NewDocument): Promise<AddOutcome> =>
    outcome(await store.addDocument(input));
  const failed = (message: string): StartedImport => ({
    written: Promise.resolve({ status: 'failed', message }),
  });

  const startImport = async (file: FileToImport): Promise<StartedImport> => {
    const started = await startWriting(file, writer, importer);
    if (typeof started === 'string') return failed(started);
    const written = started.writing.then(outcome, (error: unknown): AddOutcome => ({
      status: 'failed',
      message: describeError(error, `importing “${file.name}”`),
    }));
    return { written };
  };

  return {
    async list() {
      return (await store.listDocuments()).map(toLibraryEntry);
    },

    startImport,

    prepareImports() {
      writer.prepare();
    },

    importCapacity: writer.capacity,

    finishImports() {
      writer.close();
    },

    async importFile(file) {
      return (await startImport(file)).written;
    },

    async addText({ title, author, text, tags }) {
      try {
        const imported = importer.importPastedText(text, title.trim() || undefined);
        const by = author.trim() || imported.author;
        return await add({
          text: imported.text,
          title: imported.title,
          format: 'paste',
          ...(by && { author: by }),
          ...(tags && { tags }),
        });
      } catch (error) {
        return { status: 'failed', message: describeError(error, 'adding the pasted text') };
      }
    },

    async update(id, patch) {
      changed(await store.updateDocument(id, patch));
    },

    async remove(id) {
      changed(await store.deleteDocument(id));
    },

    async restore(id) {
      if (!changed(await store.restoreDocument(id)))
        throw new Error('the document was removed for good');
    },

    changeMany: async (ids, change) => changed(await store.changeDocuments(ids, change)),

    exportBackup: () => store.exportLibrary(),

    async previewBackup(bytes) {
      return backupPreview(await openBackup(store, bytes), {
        added: (doc) => outcome({ doc, duplicate: false }),
        applySettings: async (patch) => changed(await store.setSettings(patch)),
      });
    },

    storage: () => storageUsage(store),

    prepareForMatching: (onProgress) =>
      prepareForMatching(store, onProgress, writer.takeIndexRecords()),

    async notifyChanged() {
      try {
        await announceChange(take());
      } catch {
        // No background listening (it is starting): it loads the index from the store when it wakes.
      }
    },
  };
}

/** Opens the real store and wires the real importers and background messaging. */
export async function openLibraryClient(): Promise<LibraryClient> {
  const store = await openLibraryStore();
  const send = createSender<PopupToBackground>((message) => browser.runtime.sendMessage(message));
  return createLibraryClient(
    store,
    { importFile, importPastedText },
    (change) => send('libraryChanged', change),
    createDocumentWriter(store, importFile),
  );
}
