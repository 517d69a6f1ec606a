// Parts of document texts the matcher read (library/store/text-parts.ts), held in memory within a
// size bound, least recently used document first out: a woken worker's scans read a few parts of
// each document they hit rather than whole texts.
import { blockStartIn, firstLineOf, headingsOf } from '../core/index';
import type { PartPlace } from '../library/store/index';

interface Part {
  from: number;
  text: string;
  /** The checkpoints the part carries (core's partBlocks). */
  blocks: ArrayLike<number>;
  place?: PartPlace;
}

export class DocumentParts {
  private readonly docs = new Map<string, Map<number, Part>>();
  private size = 0;

  constructor(private readonly maxBytes: number) {}

  /** Held bytes (UTF-16). */
  get bytes(): number {
    return this.size;
  }

  has(id: string, part: number): boolean {
    return this.docs.get(id)?.has(part) === true;
  }

  add(id: string, part: number, value: Part): void {
    let parts = this.docs.get(id);
    if (parts) this.docs.delete(id);
    else parts = new Map();
    this.docs.set(id, parts);
    const old = parts.get(part);
    if (old) this.size -= old.text.length * 2;
    parts.set(part, value);
    this.size += value.text.length * 2;
    for (const [oldId] of this.docs) {
      if (this.size <= this.maxBytes || oldId === id) break;
      this.delete(oldId);
    }
  }

  /**
   * Text [from, to) of document `id` if the parts held cover all of it. Parts overlap (each
   * reaches a little past its blocks), so consecutive parts give a range across their boundary
   * joined: a passage's card needs its context either side.
   */
  slice(id: string, from: number, to: number): string | undefined {
    const parts = this.docs.get(id);
    if (!parts) return undefined;
    let at = from;
    let out = '';
    do {
      let best: Part | undefined;
      let bestEnd = -1;
      for (const part of parts.values()) {
        const end = part.from + part.text.length;
        if (part.from <= at && at <= end && end > bestEnd) {
          best = part;
          bestEnd = end;
        }
      }
      if (!best || (bestEnd === at && at < to)) return undefined;
      const stop = Math.min(to, bestEnd);
      out += best.text.slice(at - best.from, stop - best.from);
      at = stop;
    } while (at < to);
    return out;
  }

  /** The body's bounds of document `id`, if a part held knows them. */
  body(id: string): { start: number; end: number } | undefined {
    for (const part of this.docs.get(id)?.values() ?? []) {
      const body = part.place?.body;
      if (body) return { start: body[0], end: body[1] };
    }
    return undefined;
  }

  /**
   * The last heading of document `id`'s body before `at`, from the part held that holds `at`:
   * a heading in it, else the one its place names.
   */
  chapterBefore(id: string, at: number, bodyStart: number): string | undefined {
    for (const part of this.docs.get(id)?.values() ?? []) {
      if (!part.place || at < part.from || at > part.from + part.text.length) continue;
      const from = Math.max(firstLineOf(part.from, part.text), bodyStart - part.from, 0);
      const inPart = headingsOf(part.text.slice(0, at - part.from), from).at(-1)?.[1];
      return inPart ?? part.place.chapter;
    }
    return undefined;
  }

  /** Where block `b` of document `id` starts, if a part held carries its checkpoint. */
  blockStart(id: string, b: number): number | undefined {
    const parts = this.docs.get(id);
    if (!parts) return undefined;
    for (const [p, part] of parts) {
      const at = blockStartIn(p, part.blocks, b);
      if (at !== undefined) return at;
    }
    return undefined;
  }

  delete(id: string): void {
    const parts = this.docs.get(id);
    if (!parts) return;
    for (const part of parts.values()) this.size -= part.text.length * 2;
    this.docs.delete(id);
  }

  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of [...this.docs.keys()]) if (!ids.has(id)) this.delete(id);
  }
}
