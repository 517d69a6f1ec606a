/** A found stretch of the text: UTF-16 offsets, end exclusive. */
export interface TextRange {
  start: number;
  end: number;
}

/** More matches than a person steps through; the count then reads "10,000+". */
export const MAX_MATCHES = 10_000;

/**
 * Every place `query` occurs in `text`, in order, at most MAX_MATCHES: case-insensitive (Unicode
 * case folding, so the offsets stay the text's own), and any run of spaces in the query matches
 * any run of white space, so a phrase is found across a line break. Empty query: none.
 */
export function findInText(text: string, query: string): TextRange[] {
  const words = query.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(escaped.join('\\s+'), 'giu');
  const found: TextRange[] = [];
  for (const match of text.matchAll(pattern)) {
    found.push({ start: match.index, end: match.index + match[0].length });
    if (found.length >= MAX_MATCHES) break;
  }
  return found;
}

/** The pieces a long text is shown in, so the browser lays out only those near the view. */
export const CHUNK_CHARS = 8_000;

/**
 * Splits `text` into consecutive ranges of about CHUNK_CHARS: each ends after a line break when
 * one lies in the chunk's last half (a break between blocks then looks like the text's own),
 * else after a space, else at CHUNK_CHARS, never inside a surrogate pair.
 */
export function chunkText(text: string, size = CHUNK_CHARS): TextRange[] {
  const chunks: TextRange[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length) {
      const half = start + Math.floor(size / 2);
      const newline = text.lastIndexOf('\n', end - 1);
      const space = text.lastIndexOf(' ', end - 1);
      if (newline >= half) end = newline + 1;
      else if (space >= half) end = space + 1;
      else if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
    }
    chunks.push({ start, end });
    start = end;
  }
  return chunks;
}

/** Index of the first range in sorted `ranges` that ends after `offset` (binary search). */
export function firstEndingAfter(ranges: readonly TextRange[], offset: number): number {
  let low = 0;
  let high = ranges.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((ranges[mid]?.end ?? 0) <= offset) low = mid + 1;
    else high = mid;
  }
  return low;
}
