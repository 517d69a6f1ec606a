// A plain-text file's offset map (library/import/file-offsets.ts) as data that can be stored:
// the scanner reports source offsets into .txt and .md files as they are on disk, and the
// catalogue must too, without the file. Kept as the points where the shift changes.
import { decodeText } from '../../library/import/decode-text';
import { fileOffsetMap } from '../../library/import/file-offsets';
import { frontMatterLength } from '../../library/import/markdown';

/** The reader a file name picks, whose tidying the map undoes (as library-texts.ts decides). */
function plainTextReader(file: string): 'txt' | 'md' | undefined {
  const extension = /\.([^./\\]+)$/.exec(file)?.[1]?.toLowerCase();
  if (extension === 'txt' || extension === 'text') return 'txt';
  if (extension === 'md' || extension === 'markdown') return 'md';
  return undefined;
}

/**
 * `[at, shift]` pairs, flattened: from tidied offset `at` on, the file offset is `offset + shift`.
 * Empty for a file that is not plain text (offsets stay those of the reader's text).
 */
export function fileOffsetBreaks(file: string, bytes: Uint8Array, tidied: string): Int32Array {
  const reader = plainTextReader(file);
  if (!reader) return new Int32Array(0);
  const decoded = decodeText(bytes);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 1 : 0;
  const from = reader === 'md' ? frontMatterLength(decoded) : 0;
  const map = fileOffsetMap(decoded, tidied, from, bom);
  const shiftAt = (i: number): number => map.toFile(i) - i;
  // Tidying only deletes, so the shift never falls: each change is found by galloping and
  // bisecting (a few calls per break) instead of asking every character.
  const end = tidied.length;
  const pairs: number[] = [0, shiftAt(0)];
  let at = 0;
  let shift = shiftAt(0);
  while (shiftAt(end) !== shift) {
    let lo = at;
    let step = 1;
    let hi = Math.min(end, at + step);
    while (shiftAt(hi) === shift) {
      lo = hi;
      step *= 2;
      hi = Math.min(end, at + step);
    }
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (shiftAt(mid) === shift) lo = mid;
      else hi = mid;
    }
    at = hi;
    shift = shiftAt(hi);
    pairs.push(at, shift);
  }
  return Int32Array.from(pairs);
}

/** Moves a tidied range into the file's offsets with stored breaks (none: unchanged). */
export function toFileRange(breaks: Int32Array, start: number, end: number): [number, number] {
  if (breaks.length === 0) return [start, end];
  const toFile = (offset: number): number => {
    let lo = 0;
    let hi = breaks.length / 2 - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((breaks[2 * mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return offset + (breaks[2 * lo + 1] as number);
  };
  // The character before an end, as fileOffsetMap's toFileEnd: trailing deletions stay outside.
  return [toFile(start), end <= 0 ? toFile(0) : toFile(end - 1) + 1];
}
