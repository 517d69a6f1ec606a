/**
 * How many library documents hold a span. A famous line or a stock phrase is in many books; a
 * reply that recites it copies none of them in particular, so it must not be presented as a
 * copy of the one document that happened to win the tie. Without outside data this can only be
 * measured inside the library: the documents whose own verified alignment covers the span.
 */
import type { Alignment } from './align';
import type { Span } from './types';

/** A span held by at least this many library documents is a common quotation. */
export const COMMON_QUOTATION_DOCUMENTS = 3;

/** Share of a span's reply words a document's alignments must cover for it to hold the span. */
const HOLD_SHARE = 0.8;

/** Reply word ranges `[start, end)` of one document's alignments, merged, in reply order. */
type Ranges = [number, number][];

function rangesByDocument(alignments: readonly Alignment[]): Ranges[] {
  const byDoc = new Map<number, Ranges>();
  for (const a of alignments) {
    const range: [number, number] = [
      a.replyWords[0] as number,
      (a.replyWords.at(-1) as number) + 1,
    ];
    const list = byDoc.get(a.doc);
    if (list) list.push(range);
    else byDoc.set(a.doc, [range]);
  }
  const merged: Ranges[] = [];
  for (const list of byDoc.values()) {
    list.sort((x, y) => x[0] - y[0]);
    const out: Ranges = [];
    for (const [start, end] of list) {
      const last = out.at(-1);
      if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else out.push([start, end]);
    }
    merged.push(out);
  }
  return merged;
}

/** Reply words of `[from, to)` that the disjoint, sorted `ranges` cover. */
function coveredWords(ranges: Ranges, from: number, to: number): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ranges[mid] as [number, number])[1] <= from) lo = mid + 1;
    else hi = mid;
  }
  let covered = 0;
  for (let i = lo; i < ranges.length; i++) {
    const [start, end] = ranges[i] as [number, number];
    if (start >= to) break;
    covered += Math.min(end, to) - Math.max(start, from);
  }
  return covered;
}

/**
 * Sets each span's `sharedBy`: the number of documents (its own included) whose verified
 * alignments with the reply cover at least {@link HOLD_SHARE} of the span's reply words. A span
 * inside a longer copy of one book is not shared because a few of its words are a famous line:
 * the other books cover too little of it.
 *
 * @param alignments every verified alignment of the reply, of every document
 * @param spans the reported spans, changed in place
 */
export function countHolders(alignments: readonly Alignment[], spans: Span[]): void {
  if (spans.length === 0) return;
  const ranges = rangesByDocument(alignments);
  for (const span of spans) {
    const need = HOLD_SHARE * (span.replyWordEnd - span.replyWordStart);
    let holders = 0;
    for (const list of ranges)
      if (coveredWords(list, span.replyWordStart, span.replyWordEnd) >= need) holders++;
    span.sharedBy = Math.max(1, holders);
  }
}
