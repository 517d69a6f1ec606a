// Where each part a scan reads (store/text-parts.ts) lies in a document's kept file
// (kept-file.ts), written with the document: a woken worker's first scan of a document reads a
// few KB of the file instead of decoding and tidying it whole (100-300 ms for a 0.5 MB book in a
// woken worker). For a UTF-8 file whose text is what tidying each piece gives (a .txt file; not a
// markdown file's or another encoding's): any other is read whole, as before.
// Measured and not kept (docs/benchmarks.md, session 15): writing the parts with the import
// (2.4 times slower at 1 GB: every character through the browser's LevelDB), or the text again
// as a Blob of its own (1.5 times slower).
import { partBlocks, partPlaces, partRange } from '../../core/index';
import { tidyLines } from '../import/make-document';
import type { FilePartsRecord, TextPartRecord } from './database';
import { utf8Length } from './utf8-length';

/** The key part of a document's file parts in `textParts` (its cut parts are 0, 1, 2, …). */
export const FILE_PARTS = -1;

/** A part that cannot be read from the file alone. */
const UNREADABLE = 0xffffffff;
const UTF8_BOM_BYTES = 3;

const splitsPair = (text: string, at: number): boolean =>
  at > 0 && at < text.length && (text.charCodeAt(at - 1) & 0xfc00) === 0xd800;

const SPACE = /\s/;
const BLOCK = 1024;
const SOLO = 64;

/**
 * Where each character of `text` (tidied from `decoded`) is in `decoded`, at the offsets
 * `wanted` (ascending); undefined when `text` is not `decoded` with blank space dropped and line
 * ends made `\n`. Runs the two share are skipped a block at a time.
 */
function placesIn(
  decoded: string,
  text: string,
  wanted: readonly number[],
): Map<number, number> | undefined {
  const places = new Map<number, number>();
  let next = 0;
  let i = 0;
  // After a block that differs, characters one by one up to `solo`.
  let solo = 0;
  for (let j = 0; j < text.length;) {
    if (
      j >= solo &&
      text.slice(j, j + BLOCK) === decoded.slice(i, i + Math.min(BLOCK, text.length - j))
    ) {
      const end = Math.min(j + BLOCK, text.length);
      for (; next < wanted.length && (wanted[next] as number) < end; next++)
        places.set(wanted[next] as number, i + (wanted[next] as number) - j);
      i += end - j;
      j = end;
      continue;
    }
    if (j >= solo) solo = j + SOLO;
    const c = text.charCodeAt(j);
    for (;;) {
      if (i >= decoded.length) return undefined;
      const d = decoded.charCodeAt(i);
      if (d === c || (d === 13 && c === 10)) break;
      // Tidying drops blank space only.
      if (!SPACE.test(decoded.charAt(i))) return undefined;
      i++;
    }
    for (; next < wanted.length && wanted[next] === j; next++) places.set(j, i);
    // A line end "\r\n" is one "\n" of the text.
    i += decoded.charCodeAt(i) === 13 && c === 10 && decoded.charCodeAt(i + 1) === 10 ? 2 : 1;
    j++;
  }
  return places;
}

/**
 * The next offset after `at` (at most `to`) of `text` that is no blank space; `to` when none.
 * Tidying touches only blank space, so a piece cut there starts as the text does.
 */
function solidAfter(text: string, at: number, to: number): number {
  let k = at + 1;
  while (k < to && SPACE.test(text.charAt(k))) k++;
  return k;
}

/** The last offset before `at` (at least `from`) of `text` that is no blank space. */
function solidBefore(text: string, at: number, from: number): number {
  let k = at - 1;
  while (k > from && SPACE.test(text.charAt(k))) k--;
  return k;
}

/**
 * The file parts of a plain-text file of `fileBytes` bytes, decoded as `decoded` and tidied into
 * `text` (block checkpoints and hash in `index`): each part's bytes in the file, which decoded and
 * tidied (`tidyLines`) are exactly the part. Where a part's ends fall in blank space that
 * tidying changed, that is checked around them; a part that fails is left unreadable. Undefined
 * when the file is not UTF-8 (with or without a byte-order mark) or the text not its tidying.
 */
export function filePartsOf(
  fileBytes: number,
  decoded: string,
  text: string,
  index: { checkpoints: Uint32Array; contentHash: string },
): FilePartsRecord | undefined {
  const { checkpoints, contentHash } = index;
  const { body, chapters } = partPlaces(text, checkpoints);
  const ranges = chapters.map((_, p) => partRange(checkpoints, text.length, p));
  // Each part's ends, and the first and last solid characters inside it, to check its ends by.
  const checks = ranges.map(([from, to]) => [
    from,
    solidAfter(text, from, to),
    solidBefore(text, to, from),
    to - 1,
  ]);
  const wanted = [...new Set(checks.flat())].sort((a, b) => a - b);
  const places = placesIn(decoded, text, wanted);
  if (!places) return undefined;
  const at = (k: number): number => places.get(k) as number;
  const pieces = ranges.map(([from, to], p): [number, number] | undefined => {
    const [, headEnd, tailStart] = checks[p] as number[];
    const start = at(from);
    const end = at(to - 1) + 1;
    if (splitsPair(decoded, start) || splitsPair(decoded, end)) return undefined;
    const piece = (a: number, b: number, from: number, to: number): boolean =>
      tidyLines(decoded.slice(a, b)) === text.slice(from, to);
    // Between two solid characters the part is the tidying of the file's characters: only its
    // ends, where tidying saw more of the file than the part holds, are checked.
    const [head, tail] =
      (headEnd as number) < (tailStart as number)
        ? [
            piece(start, at(headEnd as number), from, headEnd as number),
            piece(at(tailStart as number), end, tailStart as number, to),
          ]
        : [piece(start, end, from, to), true];
    return head && tail ? [start, end] : undefined;
  });
  // Their bytes: each bound counted from the last, and the rest to the file's size.
  const bounds = [...new Set(pieces.flatMap((piece) => piece ?? []))].sort((a, b) => a - b);
  const byteAt = new Map<number, number>();
  let chars = 0;
  let bytes = 0;
  for (const bound of [...bounds, decoded.length]) {
    bytes += utf8Length(decoded.slice(chars, bound));
    chars = bound;
    byteAt.set(bound, bytes);
  }
  // The decoder took off a UTF-8 byte-order mark; any other encoding gives another size.
  const bom = fileBytes - bytes;
  if (bom !== 0 && bom !== UTF8_BOM_BYTES) return undefined;
  const partBytes = new Uint32Array(ranges.length * 2).fill(UNREADABLE);
  pieces.forEach((piece, p) => {
    if (!piece) return;
    partBytes[2 * p] = bom + (byteAt.get(piece[0]) as number);
    partBytes[2 * p + 1] = bom + (byteAt.get(piece[1]) as number);
  });
  return { contentHash, chars: text.length, checkpoints, partBytes, body, chapters };
}

/** True when `record` is file parts this version reads. */
export function isFileParts(record: unknown): record is FilePartsRecord {
  const r = record as Partial<FilePartsRecord> | undefined;
  return (
    typeof r?.contentHash === 'string' &&
    typeof r.chars === 'number' &&
    r.checkpoints instanceof Uint32Array &&
    r.partBytes instanceof Uint32Array &&
    Array.isArray(r.chapters) &&
    r.partBytes.length === r.chapters.length * 2 &&
    Array.isArray(r.body)
  );
}

/**
 * Parts `parts` of a document, read from its kept `file` where `record` says they lie: a run of
 * consecutive parts in one read. Parts it cannot give are left out (the caller reads the text
 * whole).
 */
export async function readPartsFromFile(
  file: Blob,
  record: FilePartsRecord,
  parts: readonly number[],
): Promise<Map<number, TextPartRecord>> {
  const found = new Map<number, TextPartRecord>();
  const wanted = [...new Set(parts)]
    .filter((p) => p >= 0 && p < record.chapters.length && record.partBytes[2 * p] !== UNREADABLE)
    .sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const p of wanted) {
    const run = runs.at(-1);
    if (run && run.at(-1) === p - 1) run.push(p);
    else runs.push([p]);
  }
  const { checkpoints, chars, partBytes } = record;
  await Promise.all(
    runs.map(async (run) => {
      const first = run[0] as number;
      const last = run.at(-1) as number;
      const [from] = partRange(checkpoints, chars, first);
      const [, to] = partRange(checkpoints, chars, last);
      const piece = await file
        .slice(partBytes[2 * first] as number, partBytes[2 * last + 1] as number)
        .text()
        .catch(() => undefined);
      const text = piece === undefined ? undefined : tidyLines(piece);
      // A file that does not give the range's length is not this text's: nothing from it.
      if (text?.length !== to - from) return;
      for (const p of run) {
        const [start, end] = partRange(checkpoints, chars, p);
        const chapter = record.chapters[p];
        found.set(p, {
          contentHash: record.contentHash,
          from: start,
          text: text.slice(start - from, end - from),
          blocks: partBlocks(checkpoints, p),
          place: { body: record.body, ...(chapter && { chapter }) },
        });
      }
    }),
  );
  return found;
}
