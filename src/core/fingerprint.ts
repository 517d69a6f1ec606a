/** 32-bit FNV-1a offset basis; the hash of the empty word. */
export const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * FNV-1a hash of UTF-16 code units `codes[from, to)`, as an unsigned 32-bit integer.
 * Used for normalized words; equal words give equal hashes, unequal words almost never do
 * (matches are verified word by word afterwards, so a collision cannot produce a false span).
 */
export function hashCodes(codes: ArrayLike<number>, from: number, to: number): number {
  let h = FNV_OFFSET;
  for (let i = from; i < to; i++) h = Math.imul(h ^ (codes[i] as number), FNV_PRIME);
  return h >>> 0;
}

/** FNV-1a hash of a string's UTF-16 code units (see {@link hashCodes}). */
export function hashString(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Two independent 32-bit hashes ("lanes") of the shingle of `k` word hashes starting at word
 * `start`. The caller guarantees `start + k <= wordHashes.length`. Lane A keys the index table;
 * the low 8 bits of lane B are stored beside each posting to cut false candidates 256-fold.
 */
export function shingleLanes(
  wordHashes: Uint32Array,
  start: number,
  k: number,
  out: Uint32Array,
): void {
  let a = 0x9e3779b1;
  let b = 0x7f4a7c15;
  for (let j = start; j < start + k; j++) {
    const w = wordHashes[j] as number;
    a = Math.imul(a ^ w, 0x01000193);
    b = (Math.imul(b, 0x2f) + Math.imul(w ^ (w >>> 15), 0x2c1b3c6d)) | 0;
  }
  out[0] = mix32(a);
  out[1] = mix32(b ^ k);
}
