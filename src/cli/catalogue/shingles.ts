// The shingles the catalogue stores and looks up, hashed exactly as the core's index does
// (core/document-record.ts buildRecord for a document, PassageIndex.findSeeds for a reply).
import { DEFAULT_INDEX_OPTIONS, hashWords, tokenize } from '../../core/index';
import { shingleLanes } from '../../core/hash';
import { checkOf, placeOf, slotOf } from './layout';

const { shingleWords: K, stride: STRIDE } = DEFAULT_INDEX_OPTIONS;

/** A document's stored shingles as places: slot (layout.ts slotOf) and check, side by side. */
export interface DocumentPlaces {
  slots: Uint32Array;
  checks: Uint32Array;
}

/** Every `stride`-th shingle of `text` (as the core's index stores them), as places. */
export function documentPlaces(text: string): DocumentPlaces {
  const words = hashWords(text, 1 << 30);
  const count = words.count >= K ? Math.floor((words.count - K) / STRIDE) + 1 : 0;
  const slots = new Uint32Array(count);
  const checks = new Uint32Array(count);
  const lanes = new Uint32Array(2);
  for (let s = 0; s < count; s++) {
    shingleLanes(words.hashes, s * STRIDE, K, lanes);
    slots[s] = slotOf(lanes[0] as number);
    checks[s] = checkOf(lanes[0] as number, lanes[1] as number);
  }
  return { slots, checks };
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
