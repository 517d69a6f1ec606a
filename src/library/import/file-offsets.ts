// Where the tidied text of a plain-text file (.txt, .md) stands in the file itself. Readers tidy
// by deleting only (carriage returns, trailing spaces, extra blank lines, the ends, Markdown
// front matter) or by turning a lone CR into LF, so one walk pairs each tidied character with
// its character in the decoded file. The scanner reports source offsets into the file as a
// person (or a script reading it as UTF-8) sees it, not into the tidied copy it indexes.

/** Maps offsets into a tidied text to offsets into the decoded file it came from. */
export interface FileOffsetMap {
  /** The file offset of the tidied character at `offset` (or of the text's end). */
  toFile(offset: number): number;
  /** The file offset just after the tidied character before `end`: an exclusive end. */
  toFileEnd(end: number): number;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Pairs `tidied` with `decoded`, whose first `from` characters (front matter) were dropped, and
 * `prefix` characters before `decoded` (a UTF-8 BOM the decoder skipped) count in file offsets.
 * Linear; keeps one breakpoint per run of deleted characters.
 */
export function fileOffsetMap(
  decoded: string,
  tidied: string,
  from = 0,
  prefix = 0,
): FileOffsetMap {
  const at: number[] = [0];
  const shift: number[] = [from + prefix];
  let j = from;
  for (let i = 0; i < tidied.length; i++, j++) {
    const c = tidied.charCodeAt(i);
    const start = j;
    while (j < decoded.length) {
      const d = decoded.charCodeAt(j);
      if (d === c || (c === LF && d === CR)) break;
      j++;
    }
    // A character the tidying made that the file lacks: keep the offsets where they were.
    if (j === decoded.length) j = start;
    if (j - i + prefix !== shift[shift.length - 1]) {
      at.push(i);
      shift.push(j - i + prefix);
    }
  }
  const starts = Int32Array.from(at);
  const shifts = Int32Array.from(shift);
  const toFile = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return offset + (shifts[lo] as number);
  };
  // The character before an end, not the one at it: deleted spaces or a CR after a span's last
  // word belong to neither, and must not be taken into it.
  return { toFile, toFileEnd: (end) => (end <= 0 ? toFile(0) : toFile(end - 1) + 1) };
}
