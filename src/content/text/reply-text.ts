/**
 * A reply's text as a reader sees it, and its map back to the DOM's text nodes (hypothesis's
 * TextPosition style). Pure DOM: no extension API, no layout.
 */

/** One text node's place in a reply's text. */
export interface TextSegment {
  /** The text node; its whole `data` is copied into the reply text. */
  node: Text;
  /** Reply offset (UTF-16 code units) of the node's first code unit. */
  start: number;
  /** Reply offset one past the node's last code unit (`start + node.data.length`). */
  end: number;
}

/**
 * The text of a reply as a reader sees it, with the map back to the DOM.
 * Characters of `text` are either copied from a segment's text node (raw, whitespace kept) or
 * separators inserted between segments (`\n` at block boundaries and `<br>`, `\t` between table
 * cells); separators belong to no segment.
 */
export interface ReplyText {
  /** The reply text; offsets into it are "reply offsets" (UTF-16 code units). */
  text: string;
  /** Text-node segments in document order, non-overlapping, ascending, none empty. */
  segments: TextSegment[];
}

/** Text nodes of only whitespace: source formatting outside `<pre>` when at a line start. */
export const ONLY_SPACE = /^[ \t\n\r\f]*$/;

/** The first `count` segments moved by `shift` code units: the same objects when it is 0. */
export function moveSegments(segments: TextSegment[], count: number, shift: number): TextSegment[] {
  if (shift === 0) return count === segments.length ? segments : segments.slice(0, count);
  const moved: TextSegment[] = [];
  for (let i = 0; i < count; i++) {
    const segment = segments[i] as TextSegment;
    moved.push({ node: segment.node, start: segment.start + shift, end: segment.end + shift });
  }
  return moved;
}
