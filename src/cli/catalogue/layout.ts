// The team catalogue's key layout in Redis Cluster (docs/scale.md draws it).
//
// Postings: a document's stored shingles (every `stride`-th, as the core's index keeps them) go
// into 2^22 buckets by the low 22 bits of the shingle's lane A. The buckets are fields of 4,096
// hash keys `rc:p:{g}`: the group g (the low 12 bits) is the key's hash tag, so each group sits
// in one slot, and the 1,024 buckets of a group are fields of that one key. A reply of n words
// asks for n shingles, which meet at most min(n, 4,096) keys (a 2,000-word reply: about 1,600),
// each asked for with one HMGET of its buckets; the client sends each node's share in one
// pipelined batch, so a reply's lookup is one round trip per node, not one per shingle. A bucket
// holds 8-byte entries, [document id, check] big-endian, where the check is lane A's top 10 bits
// and lane B's low 8 bits: the same 40 bits the core's own table compares, so the candidates a
// lookup returns are exactly the documents the local index would give seeds for.
//
// Documents: `rc:d:{id}` (tagged by id, spread over every slot) holds one version of a file:
// its source name, title, author, content hash, the tidied text (deflated) and the map back to
// the file's own offsets. Ids are never reused, so a version's postings name it alone.
//
// The catalogue: `rc:{catalogue}:docs` maps each source to the id of its live version. That one
// field is the generation pointer: a version becomes visible when it is set (after all its
// postings and its text are written) and invisible the moment it is replaced or removed, so a
// scan never sees half a document. `rc:{catalogue}:next` hands out ids; `rc:{catalogue}:shape`
// says which index shape and format the postings were written with.
import { DEFAULT_INDEX_OPTIONS, INDEX_FORMAT_VERSION } from '../../core/index';

const GROUP_BITS = 12;
const BUCKET_BITS = 10;
const GROUPS = 1 << GROUP_BITS;
export const BUCKETS = 1 << BUCKET_BITS;
/** Bytes of one posting entry in a bucket. */
export const ENTRY_BYTES = 8;

export const DOCS_KEY = 'rc:{catalogue}:docs';
export const NEXT_KEY = 'rc:{catalogue}:next';
export const SHAPE_KEY = 'rc:{catalogue}:shape';

/** The layout version; a catalogue written with another is refused, not misread. */
export const LAYOUT_VERSION = 1;
export const SHAPE = JSON.stringify({
  layout: LAYOUT_VERSION,
  index: INDEX_FORMAT_VERSION,
  ...DEFAULT_INDEX_OPTIONS,
});

export const groupKey = (group: number): string => `rc:p:{${group}}`;
export const docKey = (id: number): string => `rc:d:{${id}}`;

/** Where a shingle's entries live: its group key, bucket field and 18-bit check. */
export interface ShinglePlace {
  group: number;
  bucket: number;
  check: number;
}

/** The group, bucket and check of the shingle with lanes `a` and `b` (unsigned 32-bit). */
export function placeOf(a: number, b: number): ShinglePlace {
  return {
    group: a & (GROUPS - 1),
    bucket: (a >>> GROUP_BITS) & ((1 << BUCKET_BITS) - 1),
    check: (((a >>> (GROUP_BITS + BUCKET_BITS)) << 8) | (b & 0xff)) >>> 0,
  };
}

/** A shingle's group and bucket as one number, group first: group * BUCKETS + bucket. */
export function slotOf(a: number): number {
  return (a & (GROUPS - 1)) * BUCKETS + ((a >>> GROUP_BITS) & (BUCKETS - 1));
}

/** A shingle's check (as placeOf gives it). */
export function checkOf(a: number, b: number): number {
  return (((a >>> (GROUP_BITS + BUCKET_BITS)) << 8) | (b & 0xff)) >>> 0;
}

/** The ids of a bucket's entries whose check is `check`. */
export function idsWithCheck(bucket: Buffer, check: number, into: Set<number>): void {
  for (let at = 0; at + ENTRY_BYTES <= bucket.length; at += ENTRY_BYTES)
    if (bucket.readUInt32BE(at + 4) === check) into.add(bucket.readUInt32BE(at));
}

/** The 4 bytes of each id, one after another, as the removal script compares them. */
export function idBytes(ids: readonly number[]): Buffer {
  const out = Buffer.alloc(4 * ids.length);
  ids.forEach((id, i) => out.writeUInt32BE(id, 4 * i));
  return out;
}
