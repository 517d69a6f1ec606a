// A text cut into the parts a scan reads (PART_BLOCKS blocks each, document-cursor.ts), each with
// the checkpoints of its blocks and what the whole text says around it: the body's bounds and
// the last chapter heading before the part. Made where the whole text is at hand: when a
// document is added (library/store/prepare-document.ts) and when the matcher read one whole.
import { partBlocks, partCount, partRange } from './document-cursor';
import { bodyBounds, headingsOf } from './text-body';

/** What the whole text says around its parts: its body's bounds, each part's chapter. */
export interface PartPlaces {
  body: [number, number];
  /** Part p's chapter: the last heading before its first whole line (null: none). */
  chapters: (string | null)[];
}

/** One part of a text, as the store keeps it (without the text's hash). */
export interface CutPart {
  from: number;
  text: string;
  blocks: Uint32Array;
  place: { body: [number, number]; chapter?: string };
}

/** The places of every part of `text`, whose block checkpoints are `checkpoints`. */
export function partPlaces(text: string, checkpoints: Uint32Array): PartPlaces {
  const body = bodyBounds(text);
  const headings = headingsOf(text, body.start);
  let next = 0;
  const chapters = Array.from({ length: partCount(checkpoints) }, (_, p) => {
    const [from, to] = partRange(checkpoints, text.length, p);
    // Headings from the part's first whole line on are read in the part (document-parts.ts):
    // a part starts mid-line.
    const newline = from === 0 ? -1 : text.indexOf('\n', from);
    const lineStart = newline >= 0 && newline < to ? newline + 1 : from;
    while (next < headings.length && (headings[next] as [number, string])[0] < lineStart) next++;
    return headings[next - 1]?.[1] || null;
  });
  return { body: [body.start, body.end], chapters };
}

/** Every part of `text`, whose block checkpoints are `checkpoints`. */
export function cutParts(text: string, checkpoints: Uint32Array): CutPart[] {
  if (checkpoints.length === 0) return [];
  const { body, chapters } = partPlaces(text, checkpoints);
  return chapters.map((chapter, p) => {
    const [from, to] = partRange(checkpoints, text.length, p);
    return {
      from,
      text: text.slice(from, to),
      blocks: partBlocks(checkpoints, p),
      place: { body, ...(chapter && { chapter }) },
    };
  });
}
