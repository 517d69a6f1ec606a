// Documents and their text: written whole in one transaction, listed, edited, soft-deleted.
import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { INDEX_FORMAT_VERSION } from '../../core/index';
import { chunkRange, type ChunkRecord, type Connection, type LibraryDB } from './database';
import { partsRange } from './text-parts';
import { FILE_PARTS } from './text-file';
import { isQuotaError, LibraryStoreError } from './errors';
import { isKeptFile, keptFileRecord, textOfKeptFile, type StoredFile } from './kept-file';
import {
  cleanTags,
  newDocumentId,
  prepareDocument,
  type PreparedDocument,
} from './prepare-document';
import { bumpDocsEpoch, listActiveDocuments, readDocsEpoch } from './docs-snapshot';
import { buildMark } from './stats';

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
  /** Size as stored: a kept file's size (kept-file.ts), else the text's UTF-8 length. */
  bytes: number;
  words: number;
  addedAt: number;
  /** The core's hash of the normalized word sequence: equal for texts that match identically. */
  contentHash: string;
  /** `deleted` documents are kept until purgeDeleted, so a delete can be undone. */
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
  /** The picked file `text` was read from, stored instead of the text (kept-file.ts). */
  sourceFile?: StoredFile;
}

interface DocumentPatch {
  title?: string;
  author?: string;
  tags?: string[];
}

/** One change applied to many documents at once (the library page's bulk actions). */
export type BulkChange =
  | { kind: 'delete' }
  | { kind: 'restore' }
  | { kind: 'tags'; add?: readonly string[]; remove?: readonly string[] };

export interface WriteOutcome {
  doc: LibraryDocument;
  /** The text equals an active document's, which comes back instead; nothing was written. */
  duplicate: boolean;
}

interface StorageReport {
  /** From navigator.storage.estimate(), when the context has it. */
  usage?: number;
  quota?: number;
  documents: number;
  textBytes: number;
}

export interface Documents {
  /** Indexes the text, then writes document, text and index record in one transaction. */
  addDocument(input: NewDocument): Promise<WriteOutcome>;
  /**
   * Writes a document prepareDocument indexed, perhaps in another thread. Documents written one
   * after another are committed in that order, so of two equal texts the first one is kept.
   */
  addPrepared(prepared: PreparedDocument): Promise<WriteOutcome>;
  /** Active documents in the order they were added; deleted ones too when asked. */
  listDocuments(options?: { includeDeleted?: boolean }): Promise<LibraryDocument[]>;
  /**
   * A value that changes with every write of the documents (added, changed, deleted), so a
   * reader can tell whether any came between two reads; undefined before the first.
   */
  docsEpoch(): Promise<string | undefined>;
  getDocument(id: string): Promise<LibraryDocument | undefined>;
  getDocumentText(id: string): Promise<string | undefined>;
  updateDocument(id: string, patch: DocumentPatch): Promise<LibraryDocument>;
  /** Soft delete: hidden from lists and the index until restored or purged. False if unknown. */
  deleteDocument(id: string): Promise<boolean>;
  /** Undoes deleteDocument. False when the document is unknown or was purged. */
  restoreDocument(id: string): Promise<boolean>;
  /**
   * Applies `change` to every document of `ids` in one transaction, so a bulk delete of
   * thousands is one write and all-or-nothing. Resolves to how many documents changed (unknown
   * ids and documents the change leaves as they were are not counted).
   */
  changeDocuments(ids: readonly string[], change: BulkChange): Promise<number>;
  /** Removes deleted documents for good (those deleted at or before `before`, default all). */
  purgeDeleted(before?: number): Promise<number>;
  storageEstimate(): Promise<StorageReport>;
}

type WriteTransaction = IDBPTransaction<
  LibraryDB,
  ('settings' | 'docs' | 'chunks' | 'index' | 'textParts')[],
  'readwrite'
>;

const writeTransaction = (database: IDBPDatabase<LibraryDB>): WriteTransaction =>
  database.transaction(['docs', 'chunks', 'index', 'settings', 'textParts'], 'readwrite', {
    durability: 'relaxed',
  });

/** `doc` after `change`, or undefined when the change leaves it as it was. */
function applyBulkChange(
  doc: LibraryDocument,
  change: BulkChange,
  now: number,
): LibraryDocument | undefined {
  switch (change.kind) {
    case 'delete':
      return doc.status === 'deleted' ? undefined : { ...doc, status: 'deleted', deletedAt: now };
    case 'restore': {
      if (doc.status !== 'deleted') return undefined;
      const restored: LibraryDocument = { ...doc, status: 'active' };
      delete restored.deletedAt;
      return restored;
    }
    case 'tags': {
      const removed = new Set(cleanTags(change.remove));
      const tags = cleanTags([...doc.tags, ...cleanTags(change.add)]).filter(
        (t) => !removed.has(t),
      );
      const same = tags.length === doc.tags.length && tags.every((t, i) => t === doc.tags[i]);
      return same ? undefined : { ...doc, tags };
    }
  }
}

const byAddedAt = (a: LibraryDocument, b: LibraryDocument): number =>
  a.addedAt - b.addedAt || (a.id < b.id ? -1 : 1);

/**
 * Queues a document's writes in `tx` (after deleting `replace`, a deleted copy of the same
 * text: the unique hash allows one record), commits, and waits. Throws what failed first.
 */
async function commitDocument(
  tx: WriteTransaction,
  prepared: PreparedDocument,
  replace: LibraryDocument | undefined,
  now: number,
): Promise<LibraryDocument> {
  const done = tx.done;
  // The first failure is the one reported; the requests it aborts are expected to fail.
  const writes: Promise<unknown>[] = [];
  const queue = (...requests: Promise<unknown>[]): void => {
    for (const request of requests) {
      request.catch(() => undefined);
      writes.push(request);
    }
  };
  const { doc } = prepared;
  try {
    const docs = tx.objectStore('docs');
    const chunks = tx.objectStore('chunks');
    const index = tx.objectStore('index');
    if (replace)
      queue(
        docs.delete(replace.id),
        chunks.delete(chunkRange(replace.id)),
        index.delete(replace.id),
        tx.objectStore('textParts').delete(partsRange(replace.id)),
      );
    const pieces: ChunkRecord[] = prepared.sourceFile
      ? [keptFileRecord(doc, prepared.sourceFile)]
      : prepared.chunks.map((text, n) => ({ docId: doc.id, n, text }));
    queue(docs.add(doc), ...pieces.map((piece) => chunks.add(piece)));
    if (prepared.fileParts)
      queue(tx.objectStore('textParts').put(prepared.fileParts, [doc.id, FILE_PARTS]));
    queue(index.put({ docId: doc.id, version: INDEX_FORMAT_VERSION, data: prepared.index }));
    queue(tx.objectStore('settings').put(buildMark(now)));
    queue(bumpDocsEpoch(tx.objectStore('settings')));
    // Nothing more to ask: the database commits once the writes are done, without waiting for
    // this thread to take their success events.
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
    if (isQuotaError(e) || isQuotaError(reason) || isQuotaError(tx.error))
      throw new LibraryStoreError(
        'quota',
        `There is not enough storage space to add “${doc.title}”. Free some disk space or remove documents, then try again. Nothing of this document was saved.`,
      );
    throw e;
  }
}

/** The text of document `id`, however it was stored; undefined when it has none. */
export async function readDocumentText(
  database: IDBPDatabase<LibraryDB>,
  id: string,
): Promise<string | undefined> {
  const chunks = await database.getAll('chunks', chunkRange(id));
  const first = chunks[0];
  if (!first) return undefined;
  if (isKeptFile(first)) return textOfKeptFile(first);
  return chunks.map((c) => ('text' in c ? c.text : '')).join('');
}

/**
 * Writes a prepared document. The first try reads nothing: it queues every write and commits, so
 * the transaction never waits on this thread while it holds up every other writer. A duplicate
 * text or a taken id fails the unique keys (nothing written); only then does a second
 * transaction look and decide.
 */
function createWriter({
  db,
  now,
}: Connection): (prepared: PreparedDocument) => Promise<WriteOutcome> {
  const writeDocument = async (prepared: PreparedDocument): Promise<WriteOutcome> => {
    const database = await db();
    try {
      const doc = await commitDocument(writeTransaction(database), prepared, undefined, now());
      return { doc, duplicate: false };
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
      // The wanted id (from a backup) belongs to another text: index it again under a fresh id,
      // since the id is part of the serialized index record.
      tx.abort();
      await tx.done.catch(() => undefined);
      const again = { ...prepared.doc, text: prepared.chunks.join(''), id: newDocumentId() };
      const { sourceFile } = prepared;
      return writeDocument(prepareDocument({ ...again, ...(sourceFile && { sourceFile }) }, now()));
    }
    return { doc: await commitDocument(tx, prepared, existing, now()), duplicate: false };
  };
  return writeDocument;
}

/** Applies `change` to document `id` in one transaction; returns what was there. */
const changeOne =
  (db: Connection['db']) =>
  async (
    id: string,
    change: (doc: LibraryDocument) => LibraryDocument | undefined,
  ): Promise<LibraryDocument | undefined> => {
    const tx = (await db()).transaction(['docs', 'settings'], 'readwrite');
    const doc = await tx.objectStore('docs').get(id);
    const changed = doc && change(doc);
    if (changed)
      await Promise.all([
        tx.objectStore('docs').put(changed),
        bumpDocsEpoch(tx.objectStore('settings')),
      ]);
    await tx.done;
    return doc;
  };

export function createDocuments(connection: Connection): Documents {
  const { db, now } = connection;
  const writeDocument = createWriter(connection);

  const changeDocument = changeOne(db);

  return {
    addDocument: async (input) => writeDocument(prepareDocument(input, now())),

    addPrepared: writeDocument,

    docsEpoch: async () => readDocsEpoch(await db()),

    async listDocuments(opts = {}) {
      const database = await db();
      if (!opts.includeDeleted) return listActiveDocuments(database);
      return (await database.getAll('docs')).sort(byAddedAt);
    },

    getDocument: async (id) => (await db()).get('docs', id),

    getDocumentText: async (id) => readDocumentText(await db(), id),

    async updateDocument(id, patch) {
      let updated: LibraryDocument | undefined;
      await changeDocument(id, (doc) => {
        updated = { ...doc };
        if (patch.title !== undefined) updated.title = patch.title.trim() || doc.title;
        if (patch.author !== undefined) {
          const author = patch.author.trim();
          if (author) updated.author = author;
          else delete updated.author;
        }
        if (patch.tags !== undefined) updated.tags = cleanTags(patch.tags);
        return updated;
      });
      if (!updated)
        throw new LibraryStoreError('not-found', 'That document is no longer in the library.');
      return updated;
    },

    async deleteDocument(id) {
      const at = now();
      return (
        (await changeDocument(id, (d) => applyBulkChange(d, { kind: 'delete' }, at))) !== undefined
      );
    },

    async restoreDocument(id) {
      const at = now();
      return (
        (await changeDocument(id, (d) => applyBulkChange(d, { kind: 'restore' }, at))) !== undefined
      );
    },

    async changeDocuments(ids, change) {
      const at = now();
      const tx = (await db()).transaction(['docs', 'settings'], 'readwrite');
      const store = tx.objectStore('docs');
      // Every read and write queued at once: one round trip per document would hold the
      // transaction open for seconds across thousands.
      const docs = await Promise.all(ids.map((id) => store.get(id)));
      const changed = docs.flatMap((doc) => {
        const next = doc && applyBulkChange(doc, change, at);
        return next ? [next] : [];
      });
      const epoch = changed.length > 0 ? [bumpDocsEpoch(tx.objectStore('settings'))] : [];
      await Promise.all([...changed.map((doc) => store.put(doc)), ...epoch, tx.done]);
      return changed.length;
    },

    async purgeDeleted(before = Number.POSITIVE_INFINITY) {
      const tx = (await db()).transaction(
        ['docs', 'chunks', 'index', 'textParts', 'settings'],
        'readwrite',
      );
      const deleted = await tx.objectStore('docs').index('status').getAll('deleted');
      const purge = deleted.filter((d) => (d.deletedAt ?? 0) <= before);
      if (purge.length > 0) await bumpDocsEpoch(tx.objectStore('settings'));
      for (const d of purge) {
        await tx.objectStore('docs').delete(d.id);
        await tx.objectStore('chunks').delete(chunkRange(d.id));
        await tx.objectStore('index').delete(d.id);
        await tx.objectStore('textParts').delete(partsRange(d.id));
      }
      await tx.done;
      return purge.length;
    },

    async storageEstimate() {
      const docs = await listActiveDocuments(await db());
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
  };
}
