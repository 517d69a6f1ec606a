import type { ReplyText, TextSegment } from './reply-text';

/** Index of the first segment whose end is greater than `offset` (segments.length if none). */
function firstSegmentEndingAfter(segments: TextSegment[], offset: number): number {
  let lo = 0;
  let hi = segments.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((segments[mid] as TextSegment).end > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Maps a span of reply offsets back to a DOM Range over the reply's text nodes.
 *
 * Offsets are UTF-16 code units into `reply.text`, `end` exclusive (the units of `Range`
 * offsets in text nodes, so a surrogate pair spans two offsets in both). A `start` that falls
 * on an inserted separator moves forward to the next text node's start; an `end` on a
 * separator moves back to the previous text node's end, so the Range never includes text
 * outside the span. `range.toString()` equals `reply.text.slice(start, end)` minus separators
 * (the DOM between the nodes, e.g. skipped subtrees, may also show up in `toString()`).
 *
 * The segments must still describe the live DOM: call again after `readReplyText` if the
 * reply changed, since a text node whose data changed may no longer cover the same offsets.
 *
 * @param reply A result of {@link readReplyText}.
 * @param start Reply offset of the first code unit, `0 <= start <= end`.
 * @param end Reply offset one past the last code unit, `end <= reply.text.length`.
 * @returns The Range; a collapsed Range when `start === end` and a text node borders `start`;
 *   `null` when the offsets are out of bounds or reversed, when the span covers separators
 *   only, or when the reply has no segments. Never throws for out-of-range input.
 */
export function rangeFromOffsets(reply: ReplyText, start: number, end: number): Range | null {
  const boundaries = boundariesFromOffsets(reply, start, end);
  if (!boundaries) return null;
  const range = boundaries.startNode.ownerDocument.createRange();
  range.setStart(boundaries.startNode, boundaries.startOffset);
  range.setEnd(boundaries.endNode, boundaries.endOffset);
  return range;
}

/** The boundary points of the Range {@link rangeFromOffsets} would build (offsets in UTF-16 code units of the nodes' data). */
export interface RangeBoundaries {
  startNode: Text;
  startOffset: number;
  endNode: Text;
  endOffset: number;
}

/**
 * {@link rangeFromOffsets} without creating the Range: same arguments, same rules and `null`
 * cases, never throws. Lets a painter check whether a Range it already holds is still right.
 */
export function boundariesFromOffsets(
  reply: ReplyText,
  start: number,
  end: number,
): RangeBoundaries | null {
  const { segments } = reply;
  if (!Number.isInteger(start) || !Number.isInteger(end)) return null;
  if (start < 0 || end < start || end > reply.text.length || segments.length === 0) return null;

  let startIndex = firstSegmentEndingAfter(segments, start);
  let startSeg = segments[startIndex];
  let startNodeOffset: number;
  if (startSeg === undefined) {
    // start is at the very end of the text: only a collapsed range at the last node's end.
    startIndex = segments.length - 1;
    startSeg = segments[startIndex] as TextSegment;
    startNodeOffset = startSeg.end - startSeg.start;
  } else {
    startNodeOffset = Math.max(0, start - startSeg.start);
  }

  let endSeg: TextSegment;
  let endNodeOffset: number;
  if (end === start) {
    endSeg = startSeg;
    endNodeOffset = startNodeOffset;
  } else {
    // The last segment starting before `end` holds the end (or ends before it, at a separator).
    const endIndex = firstSegmentEndingAfter(segments, end - 1);
    const candidate = segments[endIndex];
    if (candidate === undefined || candidate.start >= end) {
      const previous = segments[endIndex - 1];
      if (previous === undefined || endIndex - 1 < startIndex) return null;
      endSeg = previous;
      endNodeOffset = previous.end - previous.start;
    } else {
      endSeg = candidate;
      endNodeOffset = end - candidate.start;
    }
    if (endSeg.start < startSeg.start) return null;
    if (endSeg === startSeg && endNodeOffset <= startNodeOffset) return null;
  }

  return {
    startNode: startSeg.node,
    startOffset: startNodeOffset,
    endNode: endSeg.node,
    endOffset: endNodeOffset,
  };
}
