// Merges documents' postings into the posting pages (core/posting-pages.ts), slice by slice. A
// document's postings are written by its import in its own index record; a merge pass moves the
// postings of documents not merged yet into the pages and names them in the pages' metadata,
// which is written last. Each slice is written in a few small transactions, and a pass drops, in
// every page it rewrites, the postings of the documents it merges before adding theirs, so a pass
// stopped at any point is simply run again: nothing is lost, nothing doubled, and no pass rebuilds
// everything.
import type { IDBPDatabase, IDBPObjectStore } from 'idb';
import {
  BLOCK_WORDS,
  buildRecord,
  choosePageBits,
  decodeRecord,
  DEFAULT_INDEX_OPTIONS,
  hashWords,
  joinPages,
  scatterPostings,
  SLICES,
} from '../../core/index';
import type { Connection, FilterBundleLayout, LibraryDB, PageMetaRecord } from './database';
import { readDocumentText, type LibraryDocument } from './documents';
import { DEFAULT_TRANSACTION_BYTES, dropGeneration, writeSlice } from './page-writes';
import { FILTER_KEYS, pageMetaOf } from './posting-store';

/**
 * Postings of new documents one pass merges at most (about 15 GB of text): a pass writes each
 * slice once, so merging a large import in several passes would rewrite every page each time
 * (a 4 GB import took 692 s in three passes, docs/benchmarks.md).
 */
const DEFAULT_PASS_POSTINGS = 400_000_000;
/**
 * Postings a pass holds in memory at most (about 12 bytes each): the slices are written in
 * groups, each from the documents' postings of its own slices.
 */
const DEFAULT_GROUP_POSTINGS = 40_000_000;
/** Documents whose index records are read in one transaction. */
const RECORD_BATCH = 32;
/** How long a pass's lease lasts unless renewed (every few slices). */
const LEASE_MS = 60_000;
const RENEW_EVERY_SLICES = 4;

interface MergeProgress {
  /** Slices written of {@link SLICES}. */
  slices: number;
  documents: number;
}

export interface MergeOptions {
  /** Postings of new documents one pass merges at most. */
  maxPostings?: number;
  /** Postings held in memory at once; the slices are written in groups of about this many. */
  groupPostings?: number;
  onProgress?: (p: MergeProgress) => void;
  /** Index records the caller holds (just written), by document id: not read back. */
  records?: ReadonlyMap<string, ArrayBuffer>;
  /** Bytes of pages one write transaction holds at most (at least one page each). */
  transactionBytes?: number;
}

export interface MergeReport {
  /** Documents whose postings this pass put in the pages. */
  merged: number;
  /** Active documents still to merge (over the pass's limit). */
  remaining: number;
  /** Documents purged or changed whose postings this pass took out of the pages. */
  purged: number;
  /** Postings in the pages after the pass. */
  postings: number;
  /**
   * Another context's pass holds the pages (or took them over from this one): nothing was
   * merged; try again in a moment.
   */
  busy: boolean;
}

const samplesOf = (words: number): number => {
  const { shingleWords: k, stride } = DEFAULT_INDEX_OPTIONS;
  return words >= k ? Math.floor((words - k) / stride) + 1 : 0;
};

interface Plan {
  meta: PageMetaRecord;
  merge: { doc: LibraryDocument; number: number }[];
  /** Numbers whose postings go: documents purged or changed, numbers of an unfinished pass. */
  dead: Set<number>;
  remaining: number;
  /** Another pass holds the lease: this one does nothing. */
  busy: boolean;
}

/** What to merge: reads the documents and the metadata, and reserves the new numbers. */
async function plan(
  database: IDBPDatabase<LibraryDB>,
  maxPostings: number,
  lease: { id: string; now: number },
): Promise<Plan> {
  const tx = database.transaction(['docs', 'pageMeta'], 'readwrite');
  // Read in this transaction, so the numbers reserved below are written over what was read.
  const [all, record] = await Promise.all([
    tx.objectStore('docs').getAll(),
    tx.objectStore('pageMeta').get('meta'),
  ]);
  const stored = pageMetaOf(record);
  if (stored.lease && stored.lease.id !== lease.id && stored.lease.until > lease.now) {
    await tx.done;
    return { meta: stored, merge: [], dead: new Set(), remaining: 0, busy: true };
  }
  const meta = { ...stored, docs: new Map(stored.docs), reserved: new Map(stored.reserved) };
  const byId = new Map(all.map((d) => [d.id, d]));
  const dead = new Set<number>();
  for (const [id, [number, hash]] of meta.docs) {
    if (byId.get(id)?.contentHash === hash) continue;
    meta.docs.delete(id);
    dead.add(number);
  }
  const waiting = all
    .filter((d) => d.status === 'active' && !meta.docs.has(d.id))
    .sort((a, b) => a.addedAt - b.addedAt || (a.id < b.id ? -1 : 1));
  const merge: Plan['merge'] = [];
  let postings = 0;
  for (const doc of waiting) {
    const samples = samplesOf(doc.words);
    if (merge.length > 0 && postings + samples > maxPostings) break;
    postings += samples;
    const number = meta.reserved.get(doc.id) ?? meta.nextNumber++;
    merge.push({ doc, number });
  }
  const reserved = new Map(merge.map(({ doc, number }) => [doc.id, number]));
  for (const [id, number] of meta.reserved) if (!reserved.has(id)) dead.add(number);
  meta.reserved = reserved;
  if (merge.length > 0 || dead.size > 0) meta.lease = { id: lease.id, until: lease.now + LEASE_MS };
  // Written before any page: a pass that stops leaves these numbers for the next one.
  await tx.objectStore('pageMeta').put(meta);
  await tx.done;
  return { meta, merge, dead, remaining: waiting.length - merge.length, busy: false };
}

/** The postings of a serialized index record if it is `doc`'s, else undefined. */
function postingsOf(data: unknown, doc: LibraryDocument): Uint32Array | undefined {
  try {
    const r = decodeRecord(data as ArrayBuffer, DEFAULT_INDEX_OPTIONS);
    return r.id === doc.id && r.contentHash === doc.contentHash ? r.postings : undefined;
  } catch {
    // Missing, of another format, or damaged.
    return undefined;
  }
}

/**
 * The documents' postings in the slices `slices` (the other slices' entries are empty), from their
 * index records (those in `held` are not read again; the others from the store) or their text,
 * when a record is unusable.
 */
async function readPostings(
  database: IDBPDatabase<LibraryDB>,
  merge: Plan['merge'],
  held: ReadonlyMap<string, ArrayBuffer>,
  slices: { from: number; to: number },
): Promise<Uint32Array[]> {
  const bySlice: Uint32Array[][] = Array.from({ length: SLICES }, () => []);
  for (let i = 0; i < merge.length; i += RECORD_BATCH) {
    const batch = merge.slice(i, i + RECORD_BATCH).map((m) => ({
      ...m,
      postings: held.has(m.doc.id) ? postingsOf(held.get(m.doc.id), m.doc) : undefined,
    }));
    const toRead = batch.filter((m) => !m.postings);
    if (toRead.length > 0) {
      const tx = database.transaction('index', 'readonly');
      const records = await Promise.all(toRead.map(({ doc }) => tx.store.get(doc.id)));
      await tx.done;
      for (const [j, m] of toRead.entries()) m.postings = postingsOf(records[j]?.data, m.doc);
    }
    const docs: { number: number; postings: Uint32Array }[] = [];
    for (const { doc, number, postings: recorded } of batch) {
      let postings = recorded;
      if (!postings) {
        // No usable record: index the text again.
        const text = await readDocumentText(database, doc.id);
        if (text === undefined) continue;
        const words = hashWords(text, BLOCK_WORDS);
        postings =
          buildRecord(doc.id, text.length, words, DEFAULT_INDEX_OPTIONS).postings ??
          new Uint32Array(0);
      }
      docs.push({ number, postings });
    }
    scatterPostings(docs).forEach((triples, s) => {
      if (triples.length > 0 && s >= slices.from && s < slices.to) bySlice[s]!.push(triples);
    });
  }
  return bySlice.map((parts) => joinPages(parts, () => false));
}

/** Renews the pass's lease; false when another pass has taken the pages over. */
async function renewLease(
  database: IDBPDatabase<LibraryDB>,
  lease: { id: string; now: number },
): Promise<boolean> {
  const tx = database.transaction('pageMeta', 'readwrite');
  const meta = pageMetaOf(await tx.store.get('meta'));
  const held = meta.lease?.id === lease.id;
  if (held) await tx.store.put({ ...meta, lease: { id: lease.id, until: lease.now + LEASE_MS } });
  await tx.done;
  return held;
}

/** Gives the lease back after a failed pass. */
async function releaseLease(database: IDBPDatabase<LibraryDB>, leaseId: string): Promise<void> {
  const tx = database.transaction('pageMeta', 'readwrite');
  const meta = pageMetaOf(await tx.store.get('meta'));
  if (meta.lease?.id === leaseId) await tx.store.put({ ...meta, lease: undefined });
  await tx.done;
}

/**
 * Writes generation `gen`'s filters (the first ones, or the `second` ones) as one Blob at their
 * bundle's key (Blobs of the stored ones, so nothing is read here) and returns what the metadata
 * says of it.
 */
async function writeFilterBundle(
  filters: IDBPObjectStore<LibraryDB, ('pageMeta' | 'pageFilters')[], 'pageFilters', 'readwrite'>,
  gen: number,
  which: { second: boolean; stamp: string },
): Promise<FilterBundleLayout> {
  const base = which.second ? FILTER_KEYS.secondBase : 0;
  const bundle = which.second ? FILTER_KEYS.secondBundle : FILTER_KEYS.bundle;
  const range = IDBKeyRange.bound([gen, base], [gen, base + SLICES], false, true);
  const [keys, blobs] = await Promise.all([filters.getAllKeys(range), filters.getAll(range)]);
  await filters.put(new Blob(blobs), [gen, bundle]);
  return {
    slices: keys.map(([, key]) => key - base),
    bytes: blobs.map((b) => b.size),
    stamp: which.stamp,
  };
}

/**
 * Records the pass in the metadata: its documents merged, its dead numbers gone, the lease given
 * back. False, with nothing written, when the pass lost its lease or the generation it read
 * changed meanwhile: its pages are then left for the next pass, which merges those documents.
 */
async function finish(
  database: IDBPDatabase<LibraryDB>,
  done: Plan,
  from: { gen: number },
  to: { gen: number; pageBits: number },
  postings: number,
  leaseId: string,
): Promise<boolean> {
  const tx = database.transaction(['pageMeta', 'pageFilters'], 'readwrite');
  const store = tx.objectStore('pageMeta');
  const meta = pageMetaOf(await store.get('meta'));
  if (meta.lease?.id !== leaseId || meta.gen !== from.gen) {
    await tx.done;
    return false;
  }
  const filterStore = tx.objectStore('pageFilters');
  const stamp = `${to.gen}-${leaseId}`;
  const filterBundle = await writeFilterBundle(filterStore, to.gen, { second: false, stamp });
  const secondBundle = await writeFilterBundle(filterStore, to.gen, { second: true, stamp });
  const docs = new Map(meta.gen === to.gen || meta.gen === done.meta.gen ? meta.docs : []);
  for (const id of docs.keys()) if (!done.meta.docs.has(id)) docs.delete(id);
  for (const { doc, number } of done.merge) {
    docs.set(doc.id, [number, doc.contentHash]);
    meta.reserved.delete(doc.id);
  }
  await store.put({
    ...meta,
    gen: to.gen,
    pageBits: to.pageBits,
    postings,
    nextNumber: Math.max(meta.nextNumber, done.meta.nextNumber),
    docs,
    lease: undefined,
    filterBundle,
    secondBundle,
  });
  await tx.done;
  return true;
}

/**
 * One merge pass: the active documents not in the pages yet (up to `maxPostings` postings, in the
 * order they were added) go in, and the postings of purged or changed documents go out. A pass
 * with nothing to do writes nothing.
 */
export async function mergePostings(
  { db, now }: Connection,
  options: MergeOptions = {},
): Promise<MergeReport> {
  const database = await db();
  const leaseId = `${now()}-${Math.random().toString(36).slice(2)}`;
  const lease = (): { id: string; now: number } => ({ id: leaseId, now: now() });
  const p = await plan(database, options.maxPostings ?? DEFAULT_PASS_POSTINGS, lease());
  const { meta } = p;
  const idle = { merged: 0, purged: 0, remaining: p.remaining, postings: meta.postings };
  if (p.busy) return { ...idle, busy: true };
  if (p.merge.length === 0 && p.dead.size === 0) return { ...idle, busy: false };
  // Each document's postings are its samples (buildRecord), so the count is known unread.
  const newPostings = p.merge.reduce((n, { doc }) => n + samplesOf(doc.words), 0);
  const groups = Math.min(
    SLICES,
    Math.max(1, Math.ceil(newPostings / (options.groupPostings ?? DEFAULT_GROUP_POSTINGS))),
  );
  const perGroup = Math.ceil(SLICES / groups);
  let added: Uint32Array[] = [];
  const from = { gen: meta.gen, pageBits: meta.pageBits };
  const bits = Math.max(meta.pageBits, choosePageBits(meta.postings + newPostings));
  // A new geometry is written as a new generation; the pages in use stay whole until it is done.
  const to =
    bits === meta.pageBits && meta.postings > 0 ? from : { gen: meta.gen + 1, pageBits: bits };
  const drop = new Set([...p.dead, ...p.merge.map((m) => m.number)]);
  // A stopped pass may have left pages in the new generation, postings of documents since purged
  // among them: it is written whole, from nothing.
  if (to.gen !== from.gen) await dropGeneration(database, to.gen);
  let postings = 0;
  try {
    for (let s = 0; s < SLICES; s++) {
      if (s % RENEW_EVERY_SLICES === 0 && !(await renewLease(database, lease())))
        return { ...idle, busy: true };
      if (s % perGroup === 0) {
        added = []; // the last group's postings go before the next group's are read
        const slices = { from: s, to: Math.min(SLICES, s + perGroup) };
        added = await readPostings(database, p.merge, options.records ?? new Map(), slices);
        // Reading a large library's records can take a while: the lease is renewed after it.
        if (!(await renewLease(database, lease()))) return { ...idle, busy: true };
      }
      postings += await writeSlice(
        database,
        s,
        from,
        to,
        drop,
        added[s] as Uint32Array,
        options.transactionBytes ?? DEFAULT_TRANSACTION_BYTES,
      );
      added[s] = new Uint32Array(0);
      options.onProgress?.({ slices: s + 1, documents: p.merge.length });
    }
  } catch (error) {
    // A failed write (a full disk): the next pass, here or elsewhere, need not wait for the lease.
    await releaseLease(database, leaseId).catch(() => undefined);
    throw error;
  }
  if (!(await finish(database, p, from, to, postings, leaseId))) return { ...idle, busy: true };
  if (to.gen !== from.gen) await dropGeneration(database, from.gen);
  return {
    merged: p.merge.length,
    purged: p.dead.size,
    remaining: p.remaining,
    postings,
    busy: false,
  };
}
