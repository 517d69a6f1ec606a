// The postings of a batch of documents, packed per group key: one append call per (group, batch)
// instead of one per (group, document), which is what made adding slow (thousands of script
// calls and small buffers per document). A counting sort by slot puts each bucket's entries
// together in document order without a Map or a buffer per bucket.
import { BUCKETS, ENTRY_BYTES, GROUPS } from './layout';
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

const SLOTS = GROUPS * BUCKETS;
const RUN_HEAD = 4;

/**
 * The entries of `docs` by group, each bucket's entries in document order with one entry per
 * distinct check of a document (the lookup needs the document, not every position).
 */
export function packBatch(docs: readonly PlacedDocument[]): GroupPostings[] {
  const starts = new Int32Array(SLOTS + 1);
  let total = 0;
  for (const { places } of docs) {
    total += places.slots.length;
    for (const slot of places.slots) starts[slot + 1] = (starts[slot + 1] as number) + 1;
  }
  for (let s = 1; s <= SLOTS; s++) (starts[s] as number) += starts[s - 1] as number;
  const fill = starts.slice(0, SLOTS);
  const ids = new Uint32Array(total);
  const checks = new Uint32Array(total);
  for (const { id, places } of docs)
    for (let k = 0; k < places.slots.length; k++) {
      const at = (fill[places.slots[k] as number] as number)++;
      ids[at] = id;
      checks[at] = places.checks[k] as number;
    }
  const out = Buffer.allocUnsafe(total * (ENTRY_BYTES + RUN_HEAD));
  const groups: GroupPostings[] = [];
  let at = 0;
  for (let group = 0; group < GROUPS; group++) {
    const groupStart = at;
    const buckets: number[] = [];
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      const from = starts[group * BUCKETS + bucket] as number;
      const to = starts[group * BUCKETS + bucket + 1] as number;
      if (from === to) continue;
      const head = at;
      at += RUN_HEAD;
      let count = 0;
      for (let k = from; k < to; k++) {
        // A document's entries in a bucket are side by side: look back through its own only.
        let seen = false;
        for (let j = k - 1; j >= from && ids[j] === ids[k] && !seen; j--)
          seen = checks[j] === checks[k];
        if (seen) continue;
        out.writeUInt32BE(ids[k] as number, at);
        out.writeUInt32BE(checks[k] as number, at + 4);
        at += ENTRY_BYTES;
        count++;
      }
      // Only a batch of tens of thousands of documents sharing one shingle could reach this.
      if (count > 0xffff) throw new RangeError(`bucket ${group}/${bucket}: too many entries`);
      out.writeUInt16BE(bucket, head);
      out.writeUInt16BE(count, head + 2);
      buckets.push(bucket);
    }
    if (at > groupStart) groups.push({ group, blob: out.subarray(groupStart, at), buckets });
  }
  return groups;
}
