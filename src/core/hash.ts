/**
 * The one hashing implementation of the project: 32-bit FNV-1a over UTF-16 code units or over
 * 32-bit words, plus the shingle and sequence hashes built on it. None of these is a security
 * hash; equal inputs give equal hashes, unequal inputs almost never do.
 */

/** 32-bit FNV-1a offset basis; the hash of the empty input. */
export const FNV_OFFSET = 0x811c9dc5;
/** 32-bit FNV-1a prime. */
const FNV_PRIME = 0x01000193;

/**
 * One FNV-1a step: folds `unit` (a UTF-16 code unit or a 32-bit word) into the running hash `h`.
 * Returns a signed 32-bit integer; finish with `>>> 0` for the unsigned value.
 */
export function fnvStep(h: number, unit: number): number {
  return Math.imul(h ^ unit, FNV_PRIME);
}

/**
 * FNV-1a hash of a string's UTF-16 code units, as an unsigned 32-bit integer. The tokenizer
 * hashes normalized words with it; the background and the content script use it for short,
 * stable ids. Never throws; the empty string gives {@link FNV_OFFSET}.
 */
export function hashString(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = fnvStep(h, s.charCodeAt(i));
  return h >>> 0;
}

/**
 * FNV-1a over the 32-bit words of `arrays` taken as one sequence, unsigned. Detects a damaged
 * index record before it silently loses matches.
 */
export function checksumWords(...arrays: readonly Uint32Array[]): number {
  let h = FNV_OFFSET;
  for (const a of arrays) for (let i = 0; i < a.length; i++) h = fnvStep(h, a[i] as number);
  return h >>> 0;
}

/**
 * FNV-1a-style checksum over the 32-bit words of `arrays` taken as one sequence, in four
 * interleaved lanes (word `i` of the sequence goes to lane `i % 4`) folded into one unsigned
 * 32-bit value at the end; the lanes let the CPU overlap the multiplications, so checking a
 * table of tens of megabytes takes milliseconds. The value is part of the table format.
 */
export function checksumWordsInLanes(arrays: readonly Uint32Array[]): number {
  const h = [FNV_OFFSET, 0x01234567, 0x89abcdef, 0x3c6ef372];
  let lane = 0;
  for (const a of arrays) {
    let i = 0;
    for (; lane !== 0 && i < a.length; i++, lane = (lane + 1) & 3)
      h[lane] = fnvStep(h[lane] as number, a[i] as number);
    let [h0, h1, h2, h3] = h as [number, number, number, number];
    for (; i + 4 <= a.length; i += 4) {
      h0 = fnvStep(h0, a[i] as number);
      h1 = fnvStep(h1, a[i + 1] as number);
      h2 = fnvStep(h2, a[i + 2] as number);
      h3 = fnvStep(h3, a[i + 3] as number);
    }
    h[0] = h0;
    h[1] = h1;
    h[2] = h2;
    h[3] = h3;
    for (; i < a.length; i++, lane = (lane + 1) & 3)
      h[lane] = fnvStep(h[lane] as number, a[i] as number);
  }
  let out = FNV_OFFSET;
  for (const x of h) out = fnvStep(out, x);
  return out >>> 0;
}

/** Murmur3's finalizer: spreads every input bit over the whole unsigned 32-bit output. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Two independent unsigned 32-bit hashes ("lanes") of the shingle of `k` word hashes starting
 * at word `start`, written to `out[0]` (lane A) and `out[1]` (lane B). The caller guarantees
 * `start + k <= wordHashes.length`. Lane A keys the index table; the low 8 bits of lane B are
 * stored beside each posting to cut false candidates 256-fold. Part of the index format.
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
    a = fnvStep(a, w);
    b = (Math.imul(b, 0x2f) + Math.imul(w ^ (w >>> 15), 0x2c1b3c6d)) | 0;
  }
  out[0] = mix32(a);
  out[1] = mix32(b ^ k);
}

/**
 * A 64-bit hash of the first `count` word hashes, as 16 hex digits, then `:` and the count in
 * base 36. Texts with the same normalized words give the same string; it is stored as a
 * document's content hash, so it is part of the index format.
 */
export function sequenceHash(hashes: Uint32Array, count: number): string {
  let a = FNV_OFFSET;
  let b = 0x01234567;
  for (let i = 0; i < count; i++) {
    const w = hashes[i] as number;
    a = fnvStep(a, w);
    b = Math.imul(b ^ ((w >>> 7) | (w << 25)), 0x5bd1e995) ^ (b >>> 13);
  }
  const hex = (x: number): string => (x >>> 0).toString(16).padStart(8, '0');
  return hex(a) + hex(b) + ':' + count.toString(36);
}
