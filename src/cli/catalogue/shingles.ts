// The shingles the catalogue stores and looks up, hashed exactly as the core's index does
// (core/document-record.ts buildRecord for a document, PassageIndex.findSeeds for a reply).
import { DEFAULT_INDEX_OPTIONS, hashWords, tokenize } from '../../core/index';
import { shingleLanes } from '../../core/hash';
import { ENTRY_BYTES, placeOf, writeEntry } from './layout';

const { shingleWords: K, stride: STRIDE } = DEFAULT_INDEX_OPTIONS;

/** A document's entries by group key number, then by bucket field, packed for its id. */
export type GroupedEntries = Map<number, Map<number, Buffer>>;

/**
 * Every `stride`-th shingle of `text`, placed into groups and buckets with `id`'s entries (one
 * entry per distinct check in a bucket: the lookup needs the document, not every position).
 */
export function documentEntries(text: string, id: number): GroupedEntries {
  const words = hashWords(text, 1 << 30);
  const lanes = new Uint32Array(2);
  const checks = new Map<number, Map<number, Set<number>>>();
  for (let start = 0; start + K <= words.count; start += STRIDE) {
    shingleLanes(words.hashes, start, K, lanes);
    const { group, bucket, check } = placeOf(lanes[0] as number, lanes[1] as number);
    let buckets = checks.get(group);
    if (!buckets) checks.set(group, (buckets = new Map()));
    let set = buckets.get(bucket);
    if (!set) buckets.set(bucket, (set = new Set()));
    set.add(check);
  }
  const out: GroupedEntries = new Map();
  for (const [group, buckets] of checks) {
    const packed = new Map<number, Buffer>();
    for (const [bucket, set] of buckets) {
      const entry = Buffer.alloc(set.size * ENTRY_BYTES);
      let at = 0;
      for (const check of set) {
        writeEntry(entry, at, id, check);
        at += ENTRY_BYTES;
      }
      packed.set(bucket, entry);
    }
    out.set(group, packed);
  }
  return out;
}

/** Every shingle of a reply (stride 1), as the buckets to ask for per group and their checks. */
export function replyLookups(text: string): Map<number, Map<number, Set<number>>> {
  const reply = tokenize(text);
  const lanes = new Uint32Array(2);
  const wanted = new Map<number, Map<number, Set<number>>>();
  for (let start = 0; start + K <= reply.count; start++) {
    shingleLanes(reply.hashes, start, K, lanes);
    const { group, bucket, check } = placeOf(lanes[0] as number, lanes[1] as number);
    let buckets = wanted.get(group);
    if (!buckets) wanted.set(group, (buckets = new Map()));
    let checks = buckets.get(bucket);
    if (!checks) buckets.set(bucket, (checks = new Set()));
    checks.add(check);
  }
  return wanted;
}
