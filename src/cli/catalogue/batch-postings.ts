// The postings of a batch of documents, packed per group key: one append call per (group, batch)
// instead of one per (group, document), which is what made adding slow (thousands of script
// calls and small buffers per document). One numeric sort by slot puts each bucket's entries
// together in document order without a Map or a buffer per bucket.
import { BUCKETS, ENTRY_BYTES } from './layout';
import type { DocumentPlaces } from './shingles';

/** A document version's id and its shingles' places. */
export interface PlacedDocument {
  id: number;
  places: DocumentPlaces;
}

/**
 * One group key's share of a batch: `blob` holds runs of [bucket u16][count u16][count entries]
 * (the append script's argument), `buckets` the bucket numbers it touches (for a clean-up).
 */
export interface GroupPostings {
  group: number;
  blob: Buffer;
  buckets: number[];
}

const RUN_HEAD = 4;
/** Sort keys are slot * 2^31 + entry number: exact in a double, and stable within a slot. */
const ENTRY_SPAN = 2 ** 31;

/**
 * The entries of `docs` by group, each bucket's entries in document order with one entry per
 * distinct check of a document (the lookup needs the document, not every position).
 */
export function packBatch(docs: readonly PlacedDocument[]): GroupPostings[] {
  let total = 0;
  for (const { places } of docs) total += places.slots.length;
  const keys = new Float64Array(total);
  const ids = new Uint32Array(total);
  const checks = new Uint32Array(total);
  let n = 0;
  for (const { id, places } of docs)
    for (let k = 0; k < places.slots.length; k++, n++) {
      keys[n] = (places.slots[k] as number) * ENTRY_SPAN + n;
      ids[n] = id;
      checks[n] = places.checks[k] as number;
    }
  keys.sort();
  const out = Buffer.allocUnsafe(total * (ENTRY_BYTES + RUN_HEAD));
  const groups: GroupPostings[] = [];
  let at = 0;
  for (let i = 0; i < total;) {
    const slot = Math.floor((keys[i] as number) / ENTRY_SPAN);
    const group = Math.floor(slot / BUCKETS);
    const groupStart = at;
    const buckets: number[] = [];
    // Every bucket of this group, one run each.
    for (let bucketSlot = slot; i < total && Math.floor(bucketSlot / BUCKETS) === group;) {
      const head = at;
      at += RUN_HEAD;
      const from = i;
      for (; i < total && Math.floor((keys[i] as number) / ENTRY_SPAN) === bucketSlot; i++) {
        const e = (keys[i] as number) % ENTRY_SPAN;
        // A document's entries in a bucket are side by side: look back through its own only.
        let seen = false;
        for (let j = i - 1; j >= from && !seen; j--) {
          const f = (keys[j] as number) % ENTRY_SPAN;
          if (ids[f] !== ids[e]) break;
          seen = checks[f] === checks[e];
        }
        if (seen) continue;
        out.writeUInt32BE(ids[e] as number, at);
        out.writeUInt32BE(checks[e] as number, at + 4);
        at += ENTRY_BYTES;
      }
      const count = (at - head - RUN_HEAD) / ENTRY_BYTES;
      // Only a batch of tens of thousands of documents sharing one shingle could reach this.
      if (count > 0xffff) throw new RangeError(`bucket slot ${bucketSlot}: too many entries`);
      out.writeUInt16BE(bucketSlot % BUCKETS, head);
      out.writeUInt16BE(count, head + 2);
      buckets.push(bucketSlot % BUCKETS);
      if (i < total) bucketSlot = Math.floor((keys[i] as number) / ENTRY_SPAN);
    }
    groups.push({ group, blob: out.subarray(groupStart, at), buckets });
  }
  return groups;
}
