// The library database: its schema, and one connection per store object that reconnects after
// another context's upgrade closed it.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ProbeRecord } from '../probe-record';
import type { AuditRecord } from './audit-log';
import type { DocumentStatus, LibraryDocument } from './documents';
import { LibraryStoreError } from './errors';
import type { KeptFileRecord } from './kept-file';
import { LIBRARY_SCHEMA_VERSION, MIGRATIONS } from './migrations';
import type { LibrarySettings } from './settings';

/** A document's text: pieces joined in `n` order, or the picked file itself (kept-file.ts). */
export type ChunkRecord = TextChunkRecord | KeptFileRecord;

interface TextChunkRecord {
  docId: string;
  n: number;
  text: string;
}

export interface IndexRecord {
  docId: string;
  /** INDEX_FORMAT_VERSION the record was written with. */
  version: number;
  data: ArrayBuffer;
}

/**
 * What the posting pages hold (posting-pages.ts): their generation and geometry, and the number
 * each merged document's postings carry. One record, written last by each merge pass.
 */
export interface PageMetaRecord {
  key: 'meta';
  /** INDEX_FORMAT_VERSION of the postings. */
  indexFormat: number;
  /** Pages and filters are keyed by generation; a new geometry is written as a new one. */
  gen: number;
  /** Pages per slice, as a power of two. */
  pageBits: number;
  /** Postings in the pages. */
  postings: number;
  nextNumber: number;
  /** Merged documents: id -> [number, contentHash]. */
  docs: Map<string, [number, string]>;
  /** Numbers handed out by a pass that has not finished: a pass after it uses them again. */
  reserved: Map<string, number>;
  /**
   * The pass that may write the pages now (another context's pass waits): taken when it plans,
   * renewed as it goes, given back when it finishes; a stopped pass's lease runs out.
   */
  lease?: { id: string; until: number };
  /**
   * The slices whose filters the generation's filter bundle (key [gen, SLICES] in `pageFilters`)
   * holds one after another, with their byte lengths: a wake reads that one Blob, not one per
   * slice. Written with the metadata, so it holds at least the merged documents' postings.
   */
  filterBundle?: FilterBundleLayout;
  /**
   * The same for the slices' second filters (keys [gen, SLICES + 1 + slice], the bundle at
   * [gen, 2 * SLICES + 1]), read once the worker has a moment. Used only while its `stamp` equals
   * `filterBundle`'s: both are written by one pass.
   */
  secondBundle?: FilterBundleLayout;
}

export interface FilterBundleLayout {
  slices: number[];
  bytes: number[];
  /** The pass that wrote it (absent before the second filters existed). */
  stamp?: string;
}

/**
 * Part of a document's text (text-parts.ts): `text` is the text's [from, from + length);
 * `blocks` the checkpoints of its blocks and of the next part's first (core's partBlocks).
 * Parts written before `blocks` existed are read as not stored.
 */
export interface TextPartRecord {
  contentHash: string;
  from: number;
  text: string;
  blocks: Uint32Array;
  /**
   * What the whole text says around this part, so a passage is described from parts alone: its
   * body's bounds and the last chapter heading before the part (background/describe-passage.ts).
   */
  place?: PartPlace;
}

/**
 * Where a document's parts lie in its kept file, at key [docId, -1] of `textParts`
 * (text-file.ts): part p is the file's bytes [partBytes[2p], partBytes[2p + 1]), at the offsets
 * the checkpoints give.
 */
export interface FilePartsRecord {
  contentHash: string;
  chars: number;
  checkpoints: Uint32Array;
  partBytes: Uint32Array;
  body: [number, number];
  chapters: (string | null)[];
}

export interface PartPlace {
  body: [number, number];
  chapter?: string;
}

/** `stats` holds the counters of earlier versions; each index build since adds a `build:` mark. */
export type SettingsRecord =
  | { key: 'settings'; value: LibrarySettings }
  | { key: 'stats'; value: { indexBuilds: number } }
  | { key: `build:${string}`; value: { at: number } }
  /** Changed by every write of `docs` (docs-snapshot.ts). */
  | { key: 'docsEpoch'; value: string }
  /** The active documents as JSON, as they were at `epoch` (docs-snapshot.ts). */
  | { key: 'docsSnapshot'; value: { epoch: string; version: number; json: string } };

export interface LibraryDB extends DBSchema {
  docs: {
    key: string;
    value: LibraryDocument;
    indexes: { contentHash: string; addedAt: number; tags: string; status: DocumentStatus };
  };
  chunks: { key: [string, number]; value: ChunkRecord };
  index: { key: string; value: IndexRecord };
  settings: { key: string; value: SettingsRecord };
  audit: { key: string; value: AuditRecord; indexes: { time: number } };
  /** Key [gen, slice, page]: the page's triples as an ArrayBuffer. */
  pages: { key: [number, number, number]; value: ArrayBuffer };
  /** Key [gen, slice]: the slice's filter words. */
  pageFilters: { key: [number, number]; value: Blob };
  pageMeta: { key: string; value: PageMetaRecord };
  /** Memorization probes (probe-log.ts), by id; `time` orders the report. */
  probes: { key: string; value: ProbeRecord; indexes: { time: number } };
  /**
   * Key [docId, part]: a part of a document's text, kept for scans (text-parts.ts); at part -1
   * where the parts lie in its kept file (text-file.ts).
   */
  textParts: { key: [string, number]; value: TextPartRecord | FilePartsRecord };
}

/** What each part of the store shares: the database and the clock. */
export interface Connection {
  readonly name: string;
  /** The open database; the connection is opened again after it was closed. */
  db(): Promise<IDBPDatabase<LibraryDB>>;
  now(): number;
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

/** The key range of every chunk of one document. */
export function chunkRange(docId: string): IDBKeyRange {
  return IDBKeyRange.bound([docId, 0], [docId, Number.MAX_SAFE_INTEGER]);
}

/** A connection to database `name`, migrated to LIBRARY_SCHEMA_VERSION when first used. */
export function createConnection(name: string, now: () => number): Connection {
  let connection: Promise<IDBPDatabase<LibraryDB>> | undefined;
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
  return {
    name,
    db,
    now,
    close() {
      void connection?.then((d) => d.close()).catch(() => undefined);
      connection = undefined;
    },
  };
}
