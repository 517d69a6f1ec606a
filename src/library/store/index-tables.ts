// The index records: one serialized record per document (its postings and checkpoints), written
// with the document. The background matches against the posting pages (posting-store.ts); these
// records feed the pages' merges and build an in-memory index of the whole library on request.
import type { IDBPDatabase } from 'idb';
import { INDEX_FORMAT_VERSION, PassageIndex } from '../../core/index';
import type { Connection, IndexRecord, LibraryDB } from './database';
import { bumpDocsEpoch, listActiveDocuments } from './docs-snapshot';
import { readDocumentText, type LibraryDocument } from './documents';
import { buildMark } from './stats';

/** How the last loadIndex got each document's index entries. */
interface IndexLoadReport {
  /** Copied from the `reuse` index without touching the database. */
  reused: number;
  /** Read from stored index records. */
  read: number;
  /** Rebuilt from the text because the record was missing, outdated or damaged. */
  rebuilt: number;
}

interface LoadIndexOptions {
  /** An index whose entries of unchanged documents (same id and content) are copied, not read. */
  reuse?: PassageIndex;
  /** Only these documents. */
  only?: readonly string[];
  /** Adds the documents to this index, instead of a new one. */
  into?: PassageIndex;
  /** The active documents, when the caller lists them anyway. */
  documents?: readonly LibraryDocument[] | Promise<readonly LibraryDocument[]>;
}

export interface IndexTables {
  /**
   * An in-memory index of every active document (or of those in `only`), from their stored
   * records. A missing, outdated or damaged record is rebuilt from the text and saved again.
   */
  loadIndex(options?: LoadIndexOptions): Promise<PassageIndex>;
  /** What the last loadIndex of this store object did. */
  lastIndexLoad(): IndexLoadReport;
}

async function readRecords(
  database: IDBPDatabase<LibraryDB>,
  docs: readonly LibraryDocument[],
): Promise<(IndexRecord | undefined)[]> {
  if (docs.length === 0) return [];
  const tx = database.transaction('index', 'readonly');
  const records = await Promise.all(docs.map((d) => tx.store.get(d.id)));
  await tx.done;
  return records;
}

/** Indexes `doc` from its text into `index` and saves its record; false when it has no text. */
async function rebuildDocument(
  database: IDBPDatabase<LibraryDB>,
  index: PassageIndex,
  doc: LibraryDocument,
  now: number,
): Promise<boolean> {
  const text = await readDocumentText(database, doc.id);
  // Metadata without text cannot be matched; leave it listed so the user can delete it.
  if (text === undefined) return false;
  const entry = index.addDocument(doc.id, text);
  const data = index.serializeDocument(doc.id);
  const tx = database.transaction(['docs', 'index', 'settings'], 'readwrite', {
    durability: 'relaxed',
  });
  const docs = tx.objectStore('docs');
  const current = await docs.get(doc.id);
  if (current) {
    await tx.objectStore('index').put({ docId: doc.id, version: INDEX_FORMAT_VERSION, data });
    // A new index format may normalize differently, which changes the content hash.
    const holder = await docs.index('contentHash').getKey(entry.contentHash);
    const changed = current.contentHash !== entry.contentHash || current.words !== entry.words;
    if (changed && (holder === undefined || holder === doc.id))
      await Promise.all([
        docs.put({ ...current, contentHash: entry.contentHash, words: entry.words }),
        bumpDocsEpoch(tx.objectStore('settings')),
      ]);
    await tx.objectStore('settings').put(buildMark(now));
  }
  await tx.done.catch(() => undefined);
  return true;
}

export function createIndexTables({ db, now }: Connection): IndexTables {
  let report: IndexLoadReport = { reused: 0, read: 0, rebuilt: 0 };

  const loadIndex = async (opts: LoadIndexOptions = {}): Promise<PassageIndex> => {
    const { reuse, only, into } = opts;
    const wanted = only && new Set(only);
    const database = await db();
    const docs = (await (opts.documents ?? listActiveDocuments(database))).filter(
      (d) => !wanted || wanted.has(d.id),
    );
    const counts: IndexLoadReport = { reused: 0, read: 0, rebuilt: 0 };
    const index = into ?? new PassageIndex(reuse?.options);
    const isReusable = (doc: LibraryDocument): boolean =>
      reuse?.document(doc.id)?.contentHash === doc.contentHash;
    const toRead = docs.filter((d) => !isReusable(d));
    const got = await readRecords(database, toRead);
    const records = new Map(toRead.map((d, i) => [d.id, got[i]]));
    // Documents keep the order they were added in, so a fresh load and a reload rank equal spans alike.
    const rebuild: LibraryDocument[] = [];
    for (const doc of docs) {
      if (reuse && isReusable(doc)) {
        index.addSerializedDocument(reuse.serializeDocument(doc.id));
        counts.reused++;
        continue;
      }
      const record = records.get(doc.id);
      if (record?.version === INDEX_FORMAT_VERSION && addRecord(index, doc, record)) counts.read++;
      else rebuild.push(doc);
    }
    for (const doc of rebuild)
      if (await rebuildDocument(database, index, doc, now())) counts.rebuilt++;
    report = counts;
    return index;
  };

  return {
    loadIndex,

    lastIndexLoad: () => ({ ...report }),
  };
}

/** Adds a stored record to `index`; false (nothing added) when it is damaged or another text's. */
function addRecord(index: PassageIndex, doc: LibraryDocument, record: IndexRecord): boolean {
  try {
    const entry = index.addSerializedDocument(record.data);
    if (entry.id !== doc.id || entry.contentHash !== doc.contentHash)
      throw new Error('index record belongs to another text');
    return true;
  } catch {
    index.removeDocument(doc.id);
    return false;
  }
}
