// Pure geometry of the overlay's boxes, in CSS pixels of the viewport (client coordinates).

/** An axis-aligned box in client coordinates: `right >= left`, `bottom >= top` when not empty. */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The part of `a` inside `b`; `null` when they share no area (touching edges share none). */
export function intersectBoxes(a: Box, b: Box): Box | null {
  const left = Math.max(a.left, b.left);
  const top = Math.max(a.top, b.top);
  const right = Math.min(a.right, b.right);
  const bottom = Math.min(a.bottom, b.bottom);
  return right > left && bottom > top ? { left, top, right, bottom } : null;
}

/** Horizontal gap (px) up to which two pieces of one line count as touching: sub-pixel seams. */
const SEAM_PX = 1;

/** True when two boxes are pieces of one line of text: they overlap over half the shorter height. */
function isSameLine(a: Box, b: Box): boolean {
  const overlap = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return overlap > Math.min(a.bottom - a.top, b.bottom - b.top) / 2;
}

/**
 * Joins the pieces of each line into one box: the text nodes of one line of a span give a
 * rect each, and two translucent boxes that overlap or leave a hairline seam show as a darker
 * or lighter stripe. Empty boxes (a collapsed range, a line-break space) are dropped. The
 * result is sorted top to bottom, then left to right.
 */
export function mergeLineBoxes(rects: readonly Box[]): Box[] {
  const sorted = rects
    .filter((r) => r.right > r.left && r.bottom > r.top)
    .map((r) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom }))
    .sort((a, b) => a.top - b.top || a.left - b.left);
  const out: Box[] = [];
  for (const rect of sorted) {
    const line = out.find(
      (box) =>
        isSameLine(box, rect) &&
        rect.left <= box.right + SEAM_PX &&
        rect.right >= box.left - SEAM_PX,
    );
    if (!line) {
      out.push(rect);
      continue;
    }
    line.left = Math.min(line.left, rect.left);
    line.top = Math.min(line.top, rect.top);
    line.right = Math.max(line.right, rect.right);
    line.bottom = Math.max(line.bottom, rect.bottom);
  }
  return out.sort((a, b) => a.top - b.top || a.left - b.left);
}

/** The visible area: the viewport cut down by every clipping ancestor's visible box. */
export function clipArea(viewport: Box, clips: readonly Box[]): Box | null {
  let area: Box | null = viewport;
  for (const clip of clips) {
    if (!area) return null;
    area = intersectBoxes(area, clip);
  }
  return area;
}

/** Each box cut to `area`; boxes outside it are dropped. */
export function clipBoxes(boxes: readonly Box[], area: Box | null): Box[] {
  if (!area) return [];
  const out: Box[] = [];
  for (const box of boxes) {
    const clipped = intersectBoxes(box, area);
    if (clipped) out.push(clipped);
  }
  return out;
}

/** True when both lists hold the same boxes in the same order (to skip writing unmoved boxes). */
export function isSameBoxes(a: readonly Box[], b: readonly Box[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((box, i) => {
    const other = b[i] as Box;
    return (
      box.left === other.left &&
      box.top === other.top &&
      box.right === other.right &&
      box.bottom === other.bottom
    );
  });
}
