// The posting pages as the background reads them: at wake, only the pages' metadata and the
// slices' filters (about FILTER_BITS_PER_POSTING bits a posting); then, for each scan, only the
// pages its shingles touch, in one transaction (core/posting-pages.ts).
import type { IDBPDatabase } from 'idb';
import {
  decodeRecord,
  DEFAULT_INDEX_OPTIONS,
  INDEX_FORMAT_VERSION,
  PageFilter,
  PagedPostings,
  type FilterVariant,
  PassageIndex,
  SLICES,
} from '../../core/index';
import type { Connection, LibraryDB, PageMetaRecord } from './database';
import type { LibraryDocument } from './documents';

/** The index of the merged documents over the pages, and how to read more of them. */
export interface PagedIndex {
  index: PassageIndex;
  pages: PagedPostings;
  /** Active documents whose postings are not in the pages yet (a merge adds them). */
  unmerged: number;
  /** Reads pages by number into `pages`. */
  readPages(numbers: readonly number[]): Promise<void>;
  /** Bytes of the filters loaded at wake. */
  filterBytes: number;
  /**
   * Reads the slices' second filters into `pages` (the first call only: later ones return its
   * promise). False when this generation has none usable (written before they existed, or by
   * another version since): the first filters alone are then used, as before.
   */
  readSecondFilters(): Promise<boolean>;
  /**
   * The checkpoints stored in these documents' index records (those whose record is readable
   * and of the same text), so a scan does not compute them from each whole text.
   */
  readCheckpoints(
    docs: readonly { id: string; contentHash: string }[],
  ): Promise<Map<string, Uint32Array>>;
}

export interface PostingStore {
  /**
   * Loads the pages' metadata and filters: the index of `docs` (the active documents), which may
   * still be being read: the filters are read meanwhile.
   */
  loadPagedIndex(
    docs: readonly LibraryDocument[] | Promise<readonly LibraryDocument[]>,
  ): Promise<PagedIndex>;
}

/** The stored metadata `meta` as the current index format reads it. */
export function pageMetaOf(meta: PageMetaRecord | undefined): PageMetaRecord {
  if (meta?.indexFormat === INDEX_FORMAT_VERSION) return meta;
  // None yet, or postings of another index format: every document is merged again, into a new
  // generation (the old one's pages are deleted by that merge).
  return {
    key: 'meta',
    indexFormat: INDEX_FORMAT_VERSION,
    gen: (meta?.gen ?? 0) + (meta ? 1 : 0),
    pageBits: 0,
    postings: 0,
    nextNumber: meta?.nextNumber ?? 0,
    docs: new Map(),
    reserved: new Map(),
  };
}

/**
 * Keys in `pageFilters`, after the generation: a slice's filter at `slice`, the bundle of them at
 * `bundle`; a slice's second filter at `secondBase + slice`, the bundle of those at
 * `secondBundle`.
 */
export const FILTER_KEYS = {
  bundle: SLICES,
  secondBase: SLICES + 1,
  secondBundle: 2 * SLICES + 1,
} as const;

/** The key range of every page of one slice of generation `gen`. */
export const sliceRange = (gen: number, slice: number): IDBKeyRange =>
  IDBKeyRange.bound([gen, slice, 0], [gen, slice, Number.MAX_SAFE_INTEGER]);

/** A filter from its stored words; a damaged one passes every shingle of its slice. */
function filterOf(
  buffer: ArrayBuffer,
  byteOffset = 0,
  bytes = buffer.byteLength,
  variant: FilterVariant = 0,
): PageFilter {
  try {
    return new PageFilter(new Uint32Array(buffer, byteOffset, bytes / 4), variant);
  } catch {
    return new PageFilter(new Uint32Array([0xffffffff, 0xffffffff]), variant);
  }
}

/**
 * The filters of `meta`'s generation from its filter bundle, or its second filters' (one Blob
 * read: Chromium pays about a millisecond per Blob read, whatever its size); undefined when there
 * is none or it does not fit.
 */
async function readFilterBundle(
  database: IDBPDatabase<LibraryDB>,
  meta: PageMetaRecord,
  second = false,
): Promise<(PageFilter | undefined)[] | undefined> {
  const layout = second ? meta.secondBundle : meta.filterBundle;
  if (!layout || layout.slices.length !== layout.bytes.length) return undefined;
  const blob = second
    ? await secondBundleOf(database, meta)
    : await database.get('pageFilters', [meta.gen, FILTER_KEYS.bundle]);
  const total = layout.bytes.reduce((a, b) => a + b, 0);
  if (!blob || blob.size !== total || layout.bytes.some((b) => b % 4 !== 0)) return undefined;
  const buffer = await blob.arrayBuffer();
  const filters = new Array<PageFilter | undefined>(SLICES);
  let at = 0;
  layout.slices.forEach((slice, i) => {
    const bytes = layout.bytes[i] as number;
    if (slice >= 0 && slice < SLICES) filters[slice] = filterOf(buffer, at, bytes, second ? 1 : 0);
    at += bytes;
  });
  return filters;
}

/**
 * The second filters' bundle, read long after `meta` (the load's): only while the stored
 * metadata still names the same pass, so its layout cuts this very Blob.
 */
async function secondBundleOf(
  database: IDBPDatabase<LibraryDB>,
  meta: PageMetaRecord,
): Promise<Blob | undefined> {
  const tx = database.transaction(['pageMeta', 'pageFilters'], 'readonly');
  const [now, blob] = await Promise.all([
    tx.objectStore('pageMeta').get('meta'),
    tx.objectStore('pageFilters').get([meta.gen, FILTER_KEYS.secondBundle]),
    tx.done,
  ]);
  const stamp = meta.secondBundle?.stamp;
  const same =
    stamp !== undefined &&
    now?.gen === meta.gen &&
    now.secondBundle?.stamp === stamp &&
    now.filterBundle?.stamp === stamp;
  return same ? blob : undefined;
}

/** The filters of generation `gen`, one per slice (undefined: the slice has no postings). */
async function readFilters(
  database: IDBPDatabase<LibraryDB>,
  gen: number,
): Promise<(PageFilter | undefined)[]> {
  const tx = database.transaction('pageFilters', 'readonly');
  // The bundle at [gen, SLICES] and the second filters after it are not the slices' own.
  const range = IDBKeyRange.bound([gen, 0], [gen, FILTER_KEYS.bundle], false, true);
  const [keys, blobs] = await Promise.all([
    tx.store.getAllKeys(range),
    tx.store.getAll(range),
    tx.done,
  ]);
  // Blobs, read after the transaction: Chromium reads a Blob back faster than an ArrayBuffer.
  const buffers = await Promise.all(blobs.map((b) => b.arrayBuffer()));
  const filters: (PageFilter | undefined)[] = new Array<PageFilter | undefined>(SLICES);
  keys.forEach(([, slice], i) => {
    filters[slice] = filterOf(buffers[i] as ArrayBuffer);
  });
  return filters;
}

export function createPostingStore({ db }: Connection): PostingStore {
  return {
    async loadPagedIndex(listed) {
      const database = await db();
      const meta = pageMetaOf(await database.get('pageMeta', 'meta'));
      const filters =
        meta.postings > 0
          ? ((await readFilterBundle(database, meta)) ?? (await readFilters(database, meta.gen)))
          : [];
      const docs = await listed;
      const pages = new PagedPostings(meta.pageBits, filters);
      const merged = docs.filter((d) => meta.docs.get(d.id)?.[1] === d.contentHash);
      const index = PassageIndex.withPages(
        pages,
        merged.map((d) => ({
          id: d.id,
          number: (meta.docs.get(d.id) as [number, string])[0],
          words: d.words,
          textLength: d.chars,
          contentHash: d.contentHash,
        })),
      );
      const { gen } = meta;
      let second: Promise<boolean> | undefined;
      return {
        index,
        pages,
        unmerged: docs.length - merged.length,
        filterBytes: pages.filterBytes,
        readSecondFilters() {
          second ??= (async () => {
            // Checks the stamps against the stored metadata (secondBundleOf).
            const seconds = await readFilterBundle(await db(), meta, true);
            if (!seconds) return false;
            pages.addSecondFilters(seconds);
            return true;
          })().catch(() => false);
          return second;
        },
        async readCheckpoints(wanted) {
          const found = new Map<string, Uint32Array>();
          if (wanted.length === 0) return found;
          const tx = (await db()).transaction('index', 'readonly');
          const records = await Promise.all(wanted.map((d) => tx.store.get(d.id)));
          await tx.done;
          wanted.forEach((d, i) => {
            const data = records[i]?.data;
            if (!data) return;
            try {
              const r = decodeRecord(data, DEFAULT_INDEX_OPTIONS);
              if (r.id === d.id && r.contentHash === d.contentHash) found.set(d.id, r.checkpoints);
            } catch {
              // Another format or damaged: the scan computes them from the text instead.
            }
          });
          return found;
        },
        async readPages(numbers) {
          if (numbers.length === 0) return;
          const tx = (await db()).transaction('pages', 'readonly');
          const got = await Promise.all(
            numbers.map((n) => tx.store.get([gen, n % SLICES, Math.floor(n / SLICES)])),
          );
          await tx.done;
          pages.addPages(
            new Map(
              numbers.map((n, i) => {
                const value = got[i];
                // No record: the page holds no postings (the filter let a stranger through).
                const triples = value ? new Uint32Array(value) : new Uint32Array(0);
                return [n, triples.length % 3 === 0 ? triples : new Uint32Array(0)];
              }),
            ),
          );
        },
      };
    },
  };
}
