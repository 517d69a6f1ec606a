// The user's library in IndexedDB: document metadata, text in chunks, and each document's
// serialized index record, so a waking service worker loads the index instead of re-indexing.
// The ONLY file that imports idb.
import {
  openDB,
  type DBSchema,
  type IDBPDatabase,
  type IDBPTransaction,
  type StoreNames,
} from 'idb';
import {
  DEFAULT_INDEX_OPTIONS,
  INDEX_FORMAT_VERSION,
  PassageIndex,
  TABLE_FORMAT_VERSION,
  type MatchKind,
  type TableSegment,
} from '../core/index';
import { isUserSite, type UserSite } from '../shared/user-sites';
import {
  decodeLibraryArchive,
  encodeLibraryArchive,
  type ArchiveDocumentMeta,
} from './export-format';
import {
  readStoredText,
  STORED_TEXT_READER_VERSION,
  type StoredTextReader,
} from './import/stored-text';

export type DocumentStatus = 'active' | 'deleted';

/** One library document as listed; the text lives apart, in chunks. */
export interface LibraryDocument {
  id: string;
  title: string;
  author?: string;
  tags: string[];
  fileName?: string;
  /** Which reader produced the text: 'paste', 'txt', 'epub', ... */
  format: string;
  /** Text length in UTF-16 code units. */
  chars: number;
  /** Size as stored: the kept file's size (a picked plain-text file), else the text's UTF-8 length. */
  bytes: number;
  words: number;
  addedAt: number;
  /** The core's hash of the normalized word sequence: equal for texts that match identically. */
  contentHash: string;
  /** `deleted` documents are kept until {@link LibraryStore.purgeDeleted}, so a delete can be undone. */
  status: DocumentStatus;
  deletedAt?: number;
}

export interface NewDocument {
  text: string;
  title: string;
  author?: string;
  tags?: string[];
  fileName?: string;
  format: string;
  /** Chosen by the caller when documents are written in parallel, so a batch lists in file order. */
  id?: string;
  addedAt?: number;
  /**
   * The picked file `reader` made `text` of: stored instead of the text, which spares the
   * import serializing every character (the browser only copies the file).
   */
  sourceFile?: StoredFile;
}

export interface StoredFile {
  blob: Blob;
  reader: StoredTextReader;
}

export interface DocumentPatch {
  title?: string;
  author?: string;
  tags?: string[];
}

export interface LibrarySettings {
  /** Shortest span reported, in reply words. */
  minWords: number;
  /** Report near-verbatim spans too. */
  includeNear: boolean;
  /** Site ids (src/content/sites) where scanning is switched off. */
  disabledSites: string[];
  /** Highlight colours as `#rrggbb`; the page paints them translucent over its own text. */
  highlightColors: { exact: string; near: string };
  /** Record every flagged reply in the audit log. */
  auditEnabled: boolean;
  /** Audit records older than this many days are removed; 0 keeps them until cleared. */
  auditRetentionDays: number;
  /** Sites the user enabled from the popup, one per origin, read by the generic adapter. */
  userSites: UserSite[];
}

export const DEFAULT_HIGHLIGHT_COLORS = { exact: '#f59e0b', near: '#0ea5e9' } as const;

export const DEFAULT_SETTINGS: LibrarySettings = {
  minWords: 12,
  includeNear: true,
  disabledSites: [],
  highlightColors: { ...DEFAULT_HIGHLIGHT_COLORS },
  auditEnabled: true,
  auditRetentionDays: 0,
  userSites: [],
};

/** Counters kept in the database, so they survive a service-worker restart. */
export interface LibraryStats {
  /** Index records built from text (on add, or to replace an outdated or damaged record). */
  indexBuilds: number;
}

/** How the last {@link LibraryStore.loadIndex} got each document's index entries. */
export interface IndexLoadReport {
  /** Copied from the `reuse` index without touching the database. */
  reused: number;
  /** Read from stored index records. */
  read: number;
  /** Rebuilt from the text because the record was missing, outdated or damaged. */
  rebuilt: number;
  /** Taken from the saved lookup table, so neither read nor rebuilt. */
  fromTable: number;
}

export interface StorageReport {
  /** From navigator.storage.estimate(), when the context has it. */
  usage?: number;
  quota?: number;
  documents: number;
  textBytes: number;
}

export interface ImportReport {
  added: LibraryDocument[];
  duplicates: LibraryDocument[];
  /** Documents of the backup that could not be added (a full disk, an empty text). */
  failed: { title: string; message: string }[];
}

export type LibraryStoreErrorCode = 'quota' | 'not-found' | 'bad-input' | 'storage';

/** A store failure a person can act on; `message` says what to do. */
export class LibraryStoreError extends Error {
  override name = 'LibraryStoreError';
  constructor(
    readonly code: LibraryStoreErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A document's text is either in pieces (`text`) or, for a picked plain-text file, that file. */
type ChunkRecord = TextChunkRecord | FileChunkRecord;

interface TextChunkRecord {
  docId: string;
  n: number;
  text: string;
}

/** The file itself, read back by `reader` (import/stored-text.ts); `chars` checks the result. */
interface FileChunkRecord {
  docId: string;
  n: 0;
  file: Blob;
  reader: StoredTextReader;
  readerVersion: number;
  chars: number;
}

interface IndexRecord {
  docId: string;
  /** INDEX_FORMAT_VERSION the record was written with. */
  version: number;
  data: ArrayBuffer;
}

/** One of the index's saved lookup tables (PassageIndex.exportTable), so a waking worker need not rebuild it. */
interface TableRecord {
  key: TableSegment;
  /** TABLE_FORMAT_VERSION and INDEX_FORMAT_VERSION it was written with. */
  format: number;
  indexFormat: number;
  savedAt: number;
  // A Blob, not an ArrayBuffer: Chromium reads a large Blob back two to three times faster.
  data: Blob;
}

/**
 * `stats` holds the counters of earlier versions; each index build since adds one `build:` mark,
 * which a transaction can write without reading anything first (see writeDocument).
 */
type SettingsRecord =
  | { key: 'settings'; value: LibrarySettings }
  | { key: 'stats'; value: LibraryStats }
  | { key: BuildMarkKey; value: { at: number } };

type BuildMarkKey = `build:${string}`;

const buildMarks = (): IDBKeyRange => IDBKeyRange.bound('build:', 'build:\uffff');

const buildMark = (at: number): SettingsRecord => ({
  key: `build:${newDocumentId()}`,
  value: { at },
});

/** One flagged span of an audited reply, with enough of its source to stand alone. */
export interface AuditSpan {
  docId: string;
  title: string;
  author?: string;
  kind: MatchKind;
  words: number;
  edits: number;
  score: number;
  /** Raw UTF-16 offsets into `AuditRecord.replyText`, end exclusive. */
  replyStart: number;
  replyEnd: number;
  /** Raw UTF-16 offsets into the library document's text, end exclusive. */
  sourceStart: number;
  sourceEnd: number;
  replyExcerpt: string;
  sourceExcerpt: string;
}

/** A flagged reply as it was when it completed (docs/audit-format.md). */
export interface AuditRecord {
  /** Same conversation, reply and text give the same id, so a re-sent reply is stored once. */
  id: string;
  /** Milliseconds since the epoch. */
  time: number;
  siteId: string;
  url: string;
  replyId: string;
  replyText: string;
  replyWords: number;
  coverage: number;
  spans: AuditSpan[];
}

interface LibraryDB extends DBSchema {
  docs: {
    key: string;
    value: LibraryDocument;
    indexes: { contentHash: string; addedAt: number; tags: string; status: DocumentStatus };
  };
  chunks: { key: [string, number]; value: ChunkRecord };
  index: { key: string; value: IndexRecord };
  settings: { key: string; value: SettingsRecord };
  audit: { key: string; value: AuditRecord; indexes: { time: number } };
  tables: { key: string; value: TableRecord };
}

type UpgradeTransaction = IDBPTransaction<LibraryDB, StoreNames<LibraryDB>[], 'versionchange'>;
type Migration = (db: IDBPDatabase<LibraryDB>, tx: UpgradeTransaction) => Promise<void> | void;

/**
 * Numbered migrations: entry i upgrades version i to i + 1. Never edit a shipped one; add a new
 * one, and a test that opens data written under the previous version.
 */
const MIGRATIONS: Migration[] = [
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
    db.createObjectStore('tables', { keyPath: 'key' });
  },
];

export const LIBRARY_SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Text is stored in pieces of at most this many UTF-16 code units. Chromium writes a value of
 * over 64 KiB to a file of its own, once; smaller ones go through its LevelDB log and are
 * rewritten by each compaction, which cost an import more CPU time than indexing did.
 * Libraries written with smaller pieces (32 Ki, before schema v3's third release) read the same.
 */
export const CHUNK_CHARS = 1 << 20;

export interface LibraryStoreOptions {
  /** Clock for addedAt/deletedAt; tests pass a fake one. */
  now?: () => number;
}

export interface LibraryStore {
  readonly name: string;
  /**
   * Indexes the text (before any transaction), then writes metadata, chunks and index record in
   * one transaction: all or nothing. A text whose normalized words equal an active document's
   * is not stored again: that document comes back with `duplicate: true`.
   */
  addDocument(input: NewDocument): Promise<{ doc: LibraryDocument; duplicate: boolean }>;
  /**
   * Writes a document {@link prepareDocument} indexed, perhaps in another thread, like
   * addDocument. Documents written one after another are committed in that order, so of two
   * equal texts the first one written is the one kept.
   */
  addPrepared(prepared: PreparedDocument): Promise<{ doc: LibraryDocument; duplicate: boolean }>;
  /** Active documents in the order they were added; deleted ones too when asked. */
  listDocuments(options?: { includeDeleted?: boolean }): Promise<LibraryDocument[]>;
  getDocument(id: string): Promise<LibraryDocument | undefined>;
  getDocumentText(id: string): Promise<string | undefined>;
  updateDocument(id: string, patch: DocumentPatch): Promise<LibraryDocument>;
  /** Soft delete: hidden from lists and the index until restored or purged. False if unknown. */
  deleteDocument(id: string): Promise<boolean>;
  /** Undoes {@link deleteDocument}. False when the document is unknown or was purged. */
  restoreDocument(id: string): Promise<boolean>;
  /** Removes deleted documents for good (those deleted at or before `before`, default all). */
  purgeDeleted(before?: number): Promise<number>;
  /**
   * The index of every active document (or of those in `only`). Without `reuse` or `only` it
   * starts from the saved lookup table ({@link saveIndexTable}), drops the documents of the
   * table that are no longer active or changed, and reads the stored records of the others. A
   * missing, outdated or damaged record is rebuilt from the text and saved again. Entries of
   * documents already in `reuse` (same id and content) are copied from it instead of read;
   * `reuse` itself is not changed. `documents`: the active documents, when the caller lists
   * them anyway (a promise is awaited once the saved table is being read).
   */
  loadIndex(options?: {
    reuse?: PassageIndex;
    only?: readonly string[];
    documents?: readonly LibraryDocument[] | Promise<readonly LibraryDocument[]>;
  }): Promise<PassageIndex>;
  /**
   * Saves the index's lookup tables (the delta, and the base unless `base` is false because the
   * saved one is current), so the next {@link loadIndex} reads them instead of reading every
   * record and rebuilding. Safe at any time: loaded tables are checked against the active
   * documents, and a delta is used only with the base it extends. False when the index is empty.
   */
  saveIndexTable(index: PassageIndex, options?: { base?: boolean }): Promise<boolean>;
  /** What the last loadIndex of this store object did. */
  lastIndexLoad(): IndexLoadReport;
  exportLibrary(): Promise<Uint8Array>;
  /**
   * Adds every document of a backup (duplicates skipped, failures listed) and restores its
   * settings. Throws ArchiveFormatError when the bytes are not a readable backup.
   */
  importLibrary(bytes: Uint8Array): Promise<ImportReport>;
  storageEstimate(): Promise<StorageReport>;
  getSettings(): Promise<LibrarySettings>;
  setSettings(patch: Partial<LibrarySettings>): Promise<LibrarySettings>;
  getStats(): Promise<LibraryStats>;
  /** Adds or replaces (same id) one audit record. */
  putAuditRecord(record: AuditRecord): Promise<void>;
  /** Every audit record, newest first. */
  listAuditRecords(): Promise<AuditRecord[]>;
  /** Removes audit records older than `time`; returns how many. */
  deleteAuditBefore(time: number): Promise<number>;
  clearAudit(): Promise<void>;
  close(): void;
}

let persistRequested = false;

// Extension storage with unlimitedStorage is not evicted in Chrome, but Firefox honours persist().
function requestPersistence(): void {
  if (persistRequested) return;
  persistRequested = true;
  const storage =
    typeof navigator === 'undefined' ? undefined : (navigator as Partial<Navigator>).storage;
  if (storage && typeof storage.persist === 'function') storage.persist().catch(() => undefined);
}

const UTF8_WINDOW = 16 * 1024;
let utf8Scratch: Uint8Array | undefined;

// The platform's encoder counts, a window at a time: a JS loop over every character was a
// visible share of an import.
function utf8Length(text: string): number {
  const encoder = new TextEncoder();
  utf8Scratch ??= new Uint8Array(UTF8_WINDOW * 3);
  let n = 0;
  for (let at = 0; at < text.length;) {
    let end = Math.min(at + UTF8_WINDOW, text.length);
    // A surrogate pair split by the window would count as two replacement characters.
    if (end < text.length && (text.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--;
    n += encoder.encodeInto(text.slice(at, end), utf8Scratch).written;
    at = end;
  }
  return n;
}

function splitChunks(text: string): string[] {
  const chunks: string[] = [];
  for (let at = 0; at < text.length;) {
    let end = Math.min(at + CHUNK_CHARS, text.length);
    // Keep a surrogate pair in one chunk, so each chunk is a well-formed string on its own.
    if (end < text.length && (text.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--;
    chunks.push(text.slice(at, end));
    at = end;
  }
  return chunks;
}

const DAMAGED_FILE_MESSAGE =
  'Recital’s stored copy of this document can no longer be read. Delete the document and add its file again.';

async function textOfFile(record: FileChunkRecord): Promise<string> {
  if (record.readerVersion !== STORED_TEXT_READER_VERSION)
    throw new LibraryStoreError(
      'storage',
      'This document was stored by a newer version of Recital; update Recital.',
    );
  let text: string;
  try {
    text = readStoredText(new Uint8Array(await record.file.arrayBuffer()), record.reader);
  } catch (error) {
    throw new LibraryStoreError('storage', DAMAGED_FILE_MESSAGE, { cause: error });
  }
  if (text.length !== record.chars) throw new LibraryStoreError('storage', DAMAGED_FILE_MESSAGE);
  return text;
}

function chunkRange(docId: string): IDBKeyRange {
  return IDBKeyRange.bound([docId, 0], [docId, Number.MAX_SAFE_INTEGER]);
}

let lastIdTime = 0;
let idSequence = 0;

// Time-ordered ids, so documents added in the same millisecond still list in the order added.
export function newDocumentId(): string {
  const time = Date.now();
  idSequence = time === lastIdTime ? idSequence + 1 : 0;
  lastIdTime = time;
  return `${time.toString(36).padStart(9, '0')}-${idSequence.toString(36).padStart(4, '0')}-${crypto.randomUUID().slice(0, 8)}`;
}

function isQuotaError(e: unknown): boolean {
  return (
    typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'QuotaExceededError'
  );
}

function cleanTags(tags: readonly string[] | undefined): string[] {
  return [...new Set((tags ?? []).map((t) => t.trim()).filter((t) => t.length > 0))];
}

function validSettings(value: Partial<LibrarySettings>): LibrarySettings {
  const s = { ...DEFAULT_SETTINGS, ...value };
  if (!Number.isInteger(s.minWords) || s.minWords < 1 || s.minWords > 1000)
    throw new LibraryStoreError(
      'bad-input',
      'The shortest reported span must be a whole number of words from 1 to 1000.',
    );
  if (typeof s.includeNear !== 'boolean')
    throw new LibraryStoreError('bad-input', 'includeNear must be true or false.');
  if (!Array.isArray(s.disabledSites) || !s.disabledSites.every((x) => typeof x === 'string'))
    throw new LibraryStoreError('bad-input', 'disabledSites must be a list of site ids.');
  const colors = { ...DEFAULT_HIGHLIGHT_COLORS, ...s.highlightColors };
  const isColor = (c: unknown): c is string => typeof c === 'string' && /^#[0-9a-f]{6}$/i.test(c);
  if (!isColor(colors.exact) || !isColor(colors.near))
    throw new LibraryStoreError('bad-input', 'Highlight colours must be written #rrggbb.');
  if (typeof s.auditEnabled !== 'boolean')
    throw new LibraryStoreError('bad-input', 'auditEnabled must be true or false.');
  if (
    !Number.isInteger(s.auditRetentionDays) ||
    s.auditRetentionDays < 0 ||
    s.auditRetentionDays > 36500
  )
    throw new LibraryStoreError(
      'bad-input',
      'Keep the audit log for a whole number of days (0 keeps it until you clear it).',
    );
  if (!Array.isArray(s.userSites) || !s.userSites.every(isUserSite))
    throw new LibraryStoreError(
      'bad-input',
      'Each enabled site needs an http(s) origin and a CSS selector of its replies.',
    );
  // One entry per origin: the last one saved (a re-picked reply container) wins.
  const userSites = [
    ...new Map(
      s.userSites.map((site) => [
        site.origin,
        { origin: site.origin, replySelector: site.replySelector.trim() },
      ]),
    ).values(),
  ];
  return {
    minWords: s.minWords,
    includeNear: s.includeNear,
    disabledSites: [...s.disabledSites],
    highlightColors: { exact: colors.exact, near: colors.near },
    auditEnabled: s.auditEnabled,
    auditRetentionDays: s.auditRetentionDays,
    userSites,
  };
}

/**
 * A document indexed and ready to be written: all the CPU work done outside any transaction.
 * Plain data, so an import worker can prepare it and post it to the page (transfer `index`).
 */
export interface PreparedDocument {
  doc: LibraryDocument;
  chunks: string[];
  index: ArrayBuffer;
  /** Written instead of `chunks` when present. */
  sourceFile?: StoredFile;
}

/** Indexes a new document for {@link LibraryStore.addPrepared}; LibraryStoreError 'bad-input' when it cannot be stored. */
export function prepareDocument(input: NewDocument, now = Date.now()): PreparedDocument {
  if (typeof input.text !== 'string' || input.text.trim() === '')
    throw new LibraryStoreError('bad-input', 'The text is empty.');
  if (typeof input.title !== 'string')
    throw new LibraryStoreError('bad-input', 'The document needs a title.');
  const id = input.id ?? newDocumentId();
  const scratch = new PassageIndex();
  const indexed = scratch.addDocument(id, input.text);
  if (indexed.words === 0)
    throw new LibraryStoreError('bad-input', 'The text has no words to protect.');
  const title = input.title.trim() || input.fileName || 'Untitled';
  const doc: LibraryDocument = {
    id,
    title,
    ...(input.author?.trim() && { author: input.author.trim() }),
    tags: cleanTags(input.tags),
    ...(input.fileName && { fileName: input.fileName }),
    format: input.format,
    chars: input.text.length,
    // A kept file's size is what the document takes up; counting the text's UTF-8 was a pass over every character.
    bytes: input.sourceFile ? input.sourceFile.blob.size : utf8Length(input.text),
    words: indexed.words,
    addedAt: input.addedAt ?? now,
    contentHash: indexed.contentHash,
    status: 'active',
  };
  return {
    doc,
    chunks: splitChunks(input.text),
    index: scratch.serializeDocument(id),
    ...(input.sourceFile && { sourceFile: input.sourceFile }),
  };
}

/**
 * Opens the library database `name`, migrating it to {@link LIBRARY_SCHEMA_VERSION}. If another
 * context's upgrade later closes the connection, the next call reconnects.
 */
export async function openLibraryStore(
  name = 'recital',
  options: LibraryStoreOptions = {},
): Promise<LibraryStore> {
  const now = options.now ?? Date.now;
  let connection: Promise<IDBPDatabase<LibraryDB>> | undefined;
  let report: IndexLoadReport = { reused: 0, read: 0, rebuilt: 0, fromTable: 0 };

  const db = (): Promise<IDBPDatabase<LibraryDB>> => {
    connection ??= openDB<LibraryDB>(name, LIBRARY_SCHEMA_VERSION, {
      async upgrade(database, oldVersion, _newVersion, tx) {
        for (let v = oldVersion; v < LIBRARY_SCHEMA_VERSION; v++)
          await MIGRATIONS[v]?.(database, tx);
      },
      // Another context (an options page after an update) needs a newer schema: step aside and
      // reconnect on the next call.
      blocking() {
        void connection?.then((d) => d.close());
        connection = undefined;
      },
      terminated() {
        connection = undefined;
      },
    }).catch((e: unknown) => {
      connection = undefined;
      throw e instanceof Error && e.name === 'VersionError'
        ? new LibraryStoreError(
            'storage',
            'The library was written by a newer version of Recital; update Recital.',
          )
        : e;
    });
    requestPersistence();
    return connection;
  };

  type WriteTransaction = IDBPTransaction<
    LibraryDB,
    ('settings' | 'docs' | 'chunks' | 'index')[],
    'readwrite'
  >;

  const writeTransaction = (database: IDBPDatabase<LibraryDB>): WriteTransaction =>
    database.transaction(['docs', 'chunks', 'index', 'settings'], 'readwrite', {
      durability: 'relaxed',
    });

  /**
   * Queues a document's writes in `tx` (after deleting `replace`, a deleted copy of the same
   * text: the unique hash allows one record), commits, and waits. Throws what failed first.
   */
  const commitDocument = async (
    tx: WriteTransaction,
    prepared: PreparedDocument,
    replace: LibraryDocument | undefined,
  ): Promise<LibraryDocument> => {
    const done = tx.done;
    // The first failure is the one reported; the requests it aborts are expected to fail.
    const writes: Promise<unknown>[] = [];
    const queue = (...requests: Promise<unknown>[]): void => {
      for (const request of requests) {
        request.catch(() => undefined);
        writes.push(request);
      }
    };
    try {
      const docs = tx.objectStore('docs');
      const chunks = tx.objectStore('chunks');
      if (replace)
        queue(
          docs.delete(replace.id),
          chunks.delete(chunkRange(replace.id)),
          tx.objectStore('index').delete(replace.id),
        );
      const doc = prepared.doc;
      const file = prepared.sourceFile;
      const pieces: ChunkRecord[] = file
        ? [
            {
              docId: doc.id,
              n: 0,
              file: file.blob,
              reader: file.reader,
              readerVersion: STORED_TEXT_READER_VERSION,
              chars: doc.chars,
            },
          ]
        : prepared.chunks.map((text, n) => ({ docId: doc.id, n, text }));
      queue(docs.add(doc), ...pieces.map((piece) => chunks.add(piece)));
      queue(
        tx
          .objectStore('index')
          .put({ docId: doc.id, version: INDEX_FORMAT_VERSION, data: prepared.index }),
      );
      queue(tx.objectStore('settings').put(buildMark(now())));
      // Nothing more to ask: the database commits once the writes are done, without waiting
      // for this thread to take their success events.
      tx.commit();
      await Promise.all([...writes, done]);
      return doc;
    } catch (e) {
      try {
        tx.abort();
      } catch {
        // Already aborted or finished.
      }
      const reason =
        (await done.then(
          () => undefined,
          (abortError: unknown) => abortError,
        )) ?? e;
      if (isQuotaError(e) || isQuotaError(reason) || isQuotaError(tx.error)) {
        throw new LibraryStoreError(
          'quota',
          `There is not enough storage space to add “${prepared.doc.title}”. Free some disk space or remove documents, then try again. Nothing of this document was saved.`,
        );
      }
      throw e;
    }
  };

  /**
   * Writes a prepared document in one transaction, or returns the active duplicate. The first
   * try reads nothing: it queues every write and commits, so the transaction never waits on
   * this thread (busy preparing the next file's writes, in an import) while it holds up every
   * other writer. A duplicate text or a taken id fails the unique keys (ConstraintError,
   * nothing written); only then does a second transaction look at what is there and decide.
   */
  const writeDocument = async (
    prepared: PreparedDocument,
  ): Promise<{ doc: LibraryDocument; duplicate: boolean }> => {
    const database = await db();
    try {
      return {
        doc: await commitDocument(writeTransaction(database), prepared, undefined),
        duplicate: false,
      };
    } catch (e) {
      if ((e as { name?: unknown } | undefined)?.name !== 'ConstraintError') throw e;
    }
    const tx = writeTransaction(database);
    const docs = tx.objectStore('docs');
    const [existing, idHolder] = await Promise.all([
      docs.index('contentHash').get(prepared.doc.contentHash),
      docs.getKey(prepared.doc.id),
    ]);
    if (existing?.status === 'active') {
      await tx.done;
      return { doc: existing, duplicate: true };
    }
    if (idHolder !== undefined && idHolder !== existing?.id) {
      // The wanted id (from a backup) belongs to another text: index it again under a fresh id.
      tx.abort();
      await tx.done.catch(() => undefined);
      return writeDocument(reindexUnder(prepared, newDocumentId()));
    }
    return { doc: await commitDocument(tx, prepared, existing), duplicate: false };
  };

  // The id is part of the serialized index record, so a changed id needs a fresh record.
  const reindexUnder = (prepared: PreparedDocument, id: string): PreparedDocument =>
    prepareDocument(
      {
        ...prepared.doc,
        text: prepared.chunks.join(''),
        id,
        ...(prepared.sourceFile && { sourceFile: prepared.sourceFile }),
      },
      now(),
    );

  const readText = async (id: string): Promise<string | undefined> => {
    const database = await db();
    const chunks = await database.getAll('chunks', chunkRange(id));
    const first = chunks[0];
    if (!first) return undefined;
    if ('file' in first) return textOfFile(first);
    return chunks.map((c) => ('text' in c ? c.text : '')).join('');
  };

  /** The index of the saved lookup tables, or undefined when there are none or they cannot be used. */
  const readTable = async (
    database: IDBPDatabase<LibraryDB>,
  ): Promise<PassageIndex | undefined> => {
    const tx = database.transaction('tables', 'readonly');
    const [base, delta] = await Promise.all([
      tx.store.get('base'),
      tx.store.get('delta'),
      tx.done,
    ]).catch(() => []);
    const isCurrent = (r: TableRecord | undefined): r is TableRecord =>
      r?.format === TABLE_FORMAT_VERSION && r.indexFormat === INDEX_FORMAT_VERSION;
    if (!isCurrent(base)) return undefined;
    // Damaged tables, or their files gone: the records still hold every document's entries.
    const [baseData, deltaData] = await Promise.all([
      base.data.arrayBuffer(),
      isCurrent(delta) ? delta.data.arrayBuffer().catch(() => undefined) : undefined,
    ]).catch(() => []);
    if (!baseData) return undefined;
    let index: PassageIndex;
    try {
      index = PassageIndex.fromTable(baseData, DEFAULT_INDEX_OPTIONS);
    } catch {
      return undefined;
    }
    try {
      if (deltaData) index.addDeltaTable(deltaData);
    } catch {
      // A delta of another base, or damaged: its documents are read from their records.
    }
    return index;
  };

  const activeDocuments = async (): Promise<LibraryDocument[]> => {
    const database = await db();
    const docs = await database.getAllFromIndex('docs', 'status', 'active');
    return docs.sort((a, b) => a.addedAt - b.addedAt || (a.id < b.id ? -1 : 1));
  };

  const store: LibraryStore = {
    name,
    async addDocument(input) {
      return writeDocument(prepareDocument(input, now()));
    },

    addPrepared: writeDocument,

    async listDocuments(opts = {}) {
      if (!opts.includeDeleted) return activeDocuments();
      const database = await db();
      const docs = await database.getAll('docs');
      return docs.sort((a, b) => a.addedAt - b.addedAt || (a.id < b.id ? -1 : 1));
    },

    async getDocument(id) {
      return (await db()).get('docs', id);
    },

    getDocumentText: readText,

    async updateDocument(id, patch) {
      const database = await db();
      const tx = database.transaction('docs', 'readwrite');
      const doc = await tx.store.get(id);
      if (!doc) {
        await tx.done;
        throw new LibraryStoreError('not-found', 'That document is no longer in the library.');
      }
      const updated: LibraryDocument = { ...doc };
      if (patch.title !== undefined) updated.title = patch.title.trim() || doc.title;
      if (patch.author !== undefined) {
        const author = patch.author.trim();
        if (author) updated.author = author;
        else delete updated.author;
      }
      if (patch.tags !== undefined) updated.tags = cleanTags(patch.tags);
      await tx.store.put(updated);
      await tx.done;
      return updated;
    },

    async deleteDocument(id) {
      const database = await db();
      const tx = database.transaction('docs', 'readwrite');
      const doc = await tx.store.get(id);
      if (doc && doc.status !== 'deleted')
        await tx.store.put({ ...doc, status: 'deleted', deletedAt: now() });
      await tx.done;
      return doc !== undefined;
    },

    async restoreDocument(id) {
      const database = await db();
      const tx = database.transaction('docs', 'readwrite');
      const doc = await tx.store.get(id);
      if (doc && doc.status === 'deleted') {
        const restored: LibraryDocument = { ...doc, status: 'active' };
        delete restored.deletedAt;
        await tx.store.put(restored);
      }
      await tx.done;
      return doc !== undefined;
    },

    async purgeDeleted(before = Number.POSITIVE_INFINITY) {
      const database = await db();
      const tx = database.transaction(['docs', 'chunks', 'index'], 'readwrite');
      const deleted = await tx.objectStore('docs').index('status').getAll('deleted');
      const purge = deleted.filter((d) => (d.deletedAt ?? 0) <= before);
      for (const d of purge) {
        await tx.objectStore('docs').delete(d.id);
        await tx.objectStore('chunks').delete(chunkRange(d.id));
        await tx.objectStore('index').delete(d.id);
      }
      await tx.done;
      return purge.length;
    },

    async loadIndex(opts = {}) {
      const { reuse, only } = opts;
      const wanted = only && new Set(only);
      const database = await db();
      const reading = reuse || only ? undefined : readTable(database);
      const docs = (await (opts.documents ?? activeDocuments())).filter(
        (d) => !wanted || wanted.has(d.id),
      );
      const counts: IndexLoadReport = { reused: 0, read: 0, rebuilt: 0, fromTable: 0 };
      const table = await reading;
      if (table) {
        const active = new Map(docs.map((d) => [d.id, d]));
        for (const entry of table.documents()) {
          const doc = active.get(entry.id);
          if (
            !doc ||
            doc.contentHash !== entry.contentHash ||
            doc.words !== entry.words ||
            doc.chars !== entry.textLength
          )
            table.removeDocument(entry.id);
        }
        counts.fromTable = table.size;
      }
      const index = table ?? new PassageIndex(reuse?.options);
      const isReusable = (doc: LibraryDocument): boolean =>
        reuse?.document(doc.id)?.contentHash === doc.contentHash;
      const toRead = docs.filter((d) => !isReusable(d) && !table?.has(d.id));
      const records = new Map<string, IndexRecord | undefined>();
      if (toRead.length > 0) {
        const tx = database.transaction('index', 'readonly');
        const got = await Promise.all(toRead.map((d) => tx.store.get(d.id)));
        await tx.done;
        toRead.forEach((d, i) => records.set(d.id, got[i]));
      }
      // Documents keep the order they were added in, so a fresh load and a reload rank equal spans alike.
      const rebuild: LibraryDocument[] = [];
      for (const doc of docs) {
        if (table?.has(doc.id)) continue;
        if (reuse && isReusable(doc)) {
          index.addSerializedDocument(reuse.serializeDocument(doc.id));
          counts.reused++;
          continue;
        }
        const record = records.get(doc.id);
        if (!record || record.version !== INDEX_FORMAT_VERSION) {
          rebuild.push(doc);
          continue;
        }
        try {
          const entry = index.addSerializedDocument(record.data);
          if (entry.id !== doc.id || entry.contentHash !== doc.contentHash)
            throw new Error('index record belongs to another text');
          counts.read++;
        } catch {
          index.removeDocument(doc.id);
          rebuild.push(doc);
        }
      }
      for (const doc of rebuild) {
        const text = await readText(doc.id);
        // Metadata without text cannot be matched; leave it listed so the user can delete it.
        if (text === undefined) continue;
        const entry = index.addDocument(doc.id, text);
        const data = index.serializeDocument(doc.id);
        const tx = database.transaction(['docs', 'chunks', 'index', 'settings'], 'readwrite', {
          durability: 'relaxed',
        });
        const current = await tx.objectStore('docs').get(doc.id);
        if (current) {
          await tx.objectStore('index').put({ docId: doc.id, version: INDEX_FORMAT_VERSION, data });
          // A new index format may normalize differently, which changes the content hash.
          const holder = await tx
            .objectStore('docs')
            .index('contentHash')
            .getKey(entry.contentHash);
          if (
            (current.contentHash !== entry.contentHash || current.words !== entry.words) &&
            (holder === undefined || holder === doc.id)
          ) {
            await tx
              .objectStore('docs')
              .put({ ...current, contentHash: entry.contentHash, words: entry.words });
          }
          await tx.objectStore('settings').put(buildMark(now()));
        }
        await tx.done.catch(() => undefined);
        counts.rebuilt++;
      }
      report = counts;
      return index;
    },

    lastIndexLoad() {
      return { ...report };
    },

    async saveIndexTable(index, opts = {}) {
      const segments: TableSegment[] = opts.base === false ? ['delta'] : ['base', 'delta'];
      // Blobs copy the parts now, before the index can change.
      const blobs = segments.map((segment) => {
        const parts = index.exportTable(segment);
        return { segment, data: parts && new Blob(parts) };
      });
      const database = await db();
      const tx = database.transaction('tables', 'readwrite', { durability: 'relaxed' });
      for (const { segment, data } of blobs) {
        if (data)
          await tx.store.put({
            key: segment,
            format: TABLE_FORMAT_VERSION,
            indexFormat: INDEX_FORMAT_VERSION,
            savedAt: now(),
            data,
          });
        else await tx.store.delete(segment);
      }
      await tx.done;
      return index.size > 0;
    },

    async exportLibrary() {
      const docs = await activeDocuments();
      const documents: { meta: ArchiveDocumentMeta; text: string }[] = [];
      for (const d of docs) {
        const text = await readText(d.id);
        if (text === undefined) continue;
        documents.push({
          meta: {
            id: d.id,
            title: d.title,
            ...(d.author !== undefined && { author: d.author }),
            tags: d.tags,
            ...(d.fileName !== undefined && { fileName: d.fileName }),
            format: d.format,
            addedAt: d.addedAt,
          },
          text,
        });
      }
      const settings = await store.getSettings();
      return encodeLibraryArchive({ exportedAt: now(), settings: { ...settings }, documents });
    },

    async importLibrary(bytes) {
      const archive = decodeLibraryArchive(bytes);
      const result: ImportReport = { added: [], duplicates: [], failed: [] };
      for (const { meta, text } of archive.documents) {
        try {
          const { doc, duplicate } = await writeDocument(prepareDocument({ ...meta, text }, now()));
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
        await store.setSettings(known);
      } catch {
        // Settings a newer or older version wrote in another shape: keep the current ones.
      }
      return result;
    },

    async storageEstimate() {
      const docs = await activeDocuments();
      const storage =
        typeof navigator === 'undefined' ? undefined : (navigator as Partial<Navigator>).storage;
      const estimate =
        storage && typeof storage.estimate === 'function' ? await storage.estimate() : undefined;
      return {
        ...(estimate?.usage !== undefined && { usage: estimate.usage }),
        ...(estimate?.quota !== undefined && { quota: estimate.quota }),
        documents: docs.length,
        textBytes: docs.reduce((n, d) => n + d.bytes, 0),
      };
    },

    async getSettings() {
      const rec = await (await db()).get('settings', 'settings');
      return rec?.key === 'settings'
        ? { ...DEFAULT_SETTINGS, ...rec.value }
        : { ...DEFAULT_SETTINGS };
    },

    async setSettings(patch) {
      const database = await db();
      const tx = database.transaction('settings', 'readwrite');
      const rec = await tx.store.get('settings');
      const current = rec?.key === 'settings' ? rec.value : DEFAULT_SETTINGS;
      let next: LibrarySettings;
      try {
        next = validSettings({ ...current, ...patch });
      } catch (e) {
        tx.abort();
        await tx.done.catch(() => undefined);
        throw e;
      }
      await tx.store.put({ key: 'settings', value: next });
      await tx.done;
      return next;
    },

    async getStats() {
      const tx = (await db()).transaction('settings');
      const [rec, builds] = await Promise.all([
        tx.store.get('stats'),
        tx.store.count(buildMarks()),
        tx.done,
      ]);
      const stats = rec?.key === 'stats' ? rec.value : { indexBuilds: 0 };
      return { ...stats, indexBuilds: stats.indexBuilds + builds };
    },

    async putAuditRecord(record) {
      await (await db()).put('audit', record);
    },

    async listAuditRecords() {
      const records = await (await db()).getAllFromIndex('audit', 'time');
      return records.reverse();
    },

    async deleteAuditBefore(time) {
      const tx = (await db()).transaction('audit', 'readwrite');
      let n = 0;
      for (
        let cursor = await tx.store.index('time').openCursor(IDBKeyRange.upperBound(time, true));
        cursor;
        cursor = await cursor.continue()
      ) {
        await cursor.delete();
        n++;
      }
      await tx.done;
      return n;
    },

    async clearAudit() {
      await (await db()).clear('audit');
    },

    close() {
      void connection?.then((d) => d.close()).catch(() => undefined);
      connection = undefined;
    },
  };
  await db();
  return store;
}
