// Writes the posting pages of one slice for a merge pass (posting-merge.ts), in transactions
// small enough that a scan's read never waits long behind them, and drops a replaced generation.
import type { IDBPDatabase } from 'idb';
import { groupSlice, joinPages, pageInSlice, SLICES, type PageFilter } from '../../core/index';
import type { LibraryDB } from './database';
import { FILTER_KEYS, sliceRange } from './posting-store';

/**
 * Bytes of pages one write transaction holds at most. A reader of the pages (a woken worker's
 * scan) waits for the write transaction in flight: a whole slice in one took 0.3 s at 1 GB and
 * 2.8 s at 4 GB, and a wake during a 4 GB merge 6.3-6.5 s (docs/benchmarks.md).
 */
export const DEFAULT_TRANSACTION_BYTES = 1024 * 1024;

/**
 * Rewrites one slice: the pages of `from` (generation and bits) without the `drop` numbers'
 * postings, plus `added`, into generation `to`. Returns the slice's postings.
 *
 * The slice is read in a read-only transaction and regrouped outside any, then written in
 * transactions of at most `transactionBytes` of pages each, the slice's two filters last in one of
 * their own, so a scan's read waits for one of them at most. Stopped between two of them, the slice
 * holds some pages with the pass's postings and some without, and the old filter: a scan skips
 * postings of numbers the metadata does not name, and the next pass drops them before adding
 * them again.
 */
export async function writeSlice(
  database: IDBPDatabase<LibraryDB>,
  slice: number,
  from: { gen: number; pageBits: number },
  to: { gen: number; pageBits: number },
  drop: ReadonlySet<number>,
  added: Uint32Array,
  transactionBytes: number,
): Promise<number> {
  const read = database.transaction('pages', 'readonly');
  const [keys, values] = await Promise.all([
    read.store.getAllKeys(sliceRange(from.gen, slice)),
    read.store.getAll(sliceRange(from.gen, slice)),
    read.done,
  ]);
  const sameGen = from.gen === to.gen;
  const dirty = new Set<number>();
  const kept: Uint32Array[] = [];
  values.forEach((value, i) => {
    const old = new Uint32Array(value);
    const survivors = joinPages([old], (doc) => drop.has(doc));
    if (survivors.length !== old.length) dirty.add((keys[i] as [number, number, number])[2]);
    kept.push(survivors);
  });
  for (let i = 0; i < added.length; i += 3) dirty.add(pageInSlice(added[i] as number, to.pageBits));
  const entries = joinPages(kept, () => false, added);
  const grouped = groupSlice(entries, to.pageBits);
  const targets = [...(sameGen ? dirty : grouped.pages.keys())];
  for (let at = 0; at < targets.length;) {
    const tx = database.transaction('pages', 'readwrite', { durability: 'relaxed' });
    const writes: Promise<unknown>[] = [];
    // At least one page per transaction, whatever its size.
    for (let bytes = 0; at < targets.length && (bytes === 0 || bytes < transactionBytes); at++) {
      const p = targets[at] as number;
      const page = grouped.pages.get(p);
      const key: [number, number, number] = [to.gen, slice, p];
      writes.push(page ? tx.store.put(page.slice().buffer, key) : tx.store.delete(key));
      bytes += page ? page.byteLength : 1;
    }
    tx.commit();
    await Promise.all([...writes, tx.done]);
  }
  // The two filters together, so a slice's second filter always holds what its first does.
  const filterKeys: [number, number][] = [
    [to.gen, slice],
    [to.gen, FILTER_KEYS.secondBase + slice],
  ];
  const filters = [grouped.filter, grouped.second];
  const tx = database.transaction('pageFilters', 'readwrite', { durability: 'relaxed' });
  const written = filterKeys.map((key, i) =>
    entries.length > 0
      ? tx.store.put(new Blob([(filters[i] as PageFilter).words.slice().buffer]), key)
      : tx.store.delete(key),
  );
  tx.commit();
  await Promise.all([...written, tx.done]);
  return entries.length / 3;
}

/** Deletes every page and filter of generation `gen` (a geometry that was replaced). */
export async function dropGeneration(
  database: IDBPDatabase<LibraryDB>,
  gen: number,
): Promise<void> {
  const tx = database.transaction(['pages', 'pageFilters'], 'readwrite');
  await Promise.all([
    tx.objectStore('pages').delete(IDBKeyRange.bound([gen, 0, 0], [gen, SLICES, 0])),
    tx
      .objectStore('pageFilters')
      .delete(IDBKeyRange.bound([gen, 0], [gen, FILTER_KEYS.secondBundle])),
    tx.done,
  ]);
}
