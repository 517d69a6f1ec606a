// The saved index: one serialized record per document, and the lookup tables of the whole index,
// so a waking service worker loads the index instead of re-indexing the library.
import type { IDBPDatabase } from 'idb';
import {
  DEFAULT_INDEX_OPTIONS,
  INDEX_FORMAT_VERSION,
  PassageIndex,
  TABLE_FORMAT_VERSION,
  type TableSegment,
} from '../../core/index';
import type { Connection, IndexRecord, LibraryDB, TableRecord } from './database';
import { listActiveDocuments, readDocumentText, type LibraryDocument } from './documents';
import { buildMark } from './stats';

/** How the last loadIndex got each document's index entries. */
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

interface LoadIndexOptions {
  /** An index whose entries of unchanged documents (same id and content) are copied, not read. */
  reuse?: PassageIndex;
  /** Only these documents. */
  only?: readonly string[];
  /** Adds the documents to this index, instead of a new one (which the table is not read for). */
  into?: PassageIndex;
  /** The active documents, when the caller lists them anyway. */
  documents?: readonly LibraryDocument[] | Promise<readonly LibraryDocument[]>;
}

export interface IndexTables {
  /**
   * The index of every active document (or of those in `only`). Without `reuse`, `only` or
   * `into` it starts from the saved lookup table, drops the table's documents that are no
   * longer active or changed, and reads the stored records of the others. A missing, outdated
   * or damaged record is rebuilt from the text and saved again.
   */
  loadIndex(options?: LoadIndexOptions): Promise<PassageIndex>;
  /**
   * Saves the index's lookup tables (the delta, and the base unless `base` is false because the
   * saved one is current). Safe at any time: loaded tables are checked against the active
   * documents, and a delta is used only with the base it extends. False when the index is empty.
   */
  saveIndexTable(index: PassageIndex, options?: { base?: boolean }): Promise<boolean>;
  /** What the last loadIndex of this store object did. */
  lastIndexLoad(): IndexLoadReport;
}

const isCurrent = (r: TableRecord | undefined): r is TableRecord =>
  r?.format === TABLE_FORMAT_VERSION && r.indexFormat === INDEX_FORMAT_VERSION;

/** The index of the saved lookup tables, or undefined when there are none or they cannot be used. */
async function readTable(database: IDBPDatabase<LibraryDB>): Promise<PassageIndex | undefined> {
  const tx = database.transaction('tables', 'readonly');
  const [base, delta] = await Promise.all([
    tx.store.get('base'),
    tx.store.get('delta'),
    tx.done,
  ]).catch(() => []);
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
}

/** Drops the table's documents that are no longer active or whose text changed. */
function trimTable(table: PassageIndex, docs: readonly LibraryDocument[]): void {
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
      await docs.put({ ...current, contentHash: entry.contentHash, words: entry.words });
    await tx.objectStore('settings').put(buildMark(now));
  }
  await tx.done.catch(() => undefined);
  return true;
}

export function createIndexTables({ db, now }: Connection): IndexTables {
  let report: IndexLoadReport = { reused: 0, read: 0, rebuilt: 0, fromTable: 0 };

  const loadIndex = async (opts: LoadIndexOptions = {}): Promise<PassageIndex> => {
    const { reuse, only, into } = opts;
    const wanted = only && new Set(only);
    const database = await db();
    const reading = reuse || only || into ? undefined : readTable(database);
    const docs = (await (opts.documents ?? listActiveDocuments(database))).filter(
      (d) => !wanted || wanted.has(d.id),
    );
    const counts: IndexLoadReport = { reused: 0, read: 0, rebuilt: 0, fromTable: 0 };
    const table = await reading;
    if (table) {
      trimTable(table, docs);
      counts.fromTable = table.size;
    }
    const index = table ?? into ?? new PassageIndex(reuse?.options);
    const isReusable = (doc: LibraryDocument): boolean =>
      reuse?.document(doc.id)?.contentHash === doc.contentHash;
    const toRead = docs.filter((d) => !isReusable(d) && !table?.has(d.id));
    const got = await readRecords(database, toRead);
    const records = new Map(toRead.map((d, i) => [d.id, got[i]]));
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

    async saveIndexTable(index, opts = {}) {
      const segments: TableSegment[] = opts.base === false ? ['delta'] : ['base', 'delta'];
      // Blobs copy the parts now, before the index can change.
      const blobs = segments.map((segment) => {
        const parts = index.exportTable(segment);
        return { segment, data: parts && new Blob(parts) };
      });
      const tx = (await db()).transaction('tables', 'readwrite', { durability: 'relaxed' });
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
