/** Document text read lazily, block by block, for verifying hits; cached per scan. */
import { BLOCK_WORDS } from './document-record';
import type { PassageIndex } from './passage-index';
import { tokenize, type WordList } from './tokenize';

/** Returns a document's full text by id, or undefined when it is not available. */
export type TextLookup = (docId: string) => string | undefined;

/** Blocks of words in one part of a text that a caller may read alone ({@link partRange}). */
const PART_BLOCKS = 16;
/** Characters a part holds beyond its blocks on each side: the tokenizer looks around a word. */
const PART_SLACK = 64;

/**
 * Some of a document's text, as a caller read it: parts of it ({@link partRange}) rather than
 * the whole, since verifying a hit needs one block. `slice` answers a range that lies within a
 * part it holds, else undefined; `length` is the whole text's.
 */
export interface PartialText {
  readonly length: number;
  slice(from: number, to: number): string | undefined;
  /**
   * Where block `b` starts (a raw offset), if a part held says so. Parts carry their blocks'
   * checkpoints ({@link partBlocks}), so a document whose checkpoints the index lacks is read
   * from its parts alone, without reading every checkpoint first.
   */
  blockStart?(b: number): number | undefined;
}

/** A document's text by id, whole or in parts; undefined when none of it is available. */
export type DocumentTextLookup = (docId: string) => string | PartialText | undefined;

/**
 * The range [from, to) of a text of `length` code units, with these block checkpoints, that part
 * `part` holds: blocks `part * PART_BLOCKS` to the next part's first, and a little around them.
 */
export function partRange(
  checkpoints: Uint32Array,
  length: number,
  part: number,
): [number, number] {
  const first = part * PART_BLOCKS;
  const start = checkpoints[first];
  const next = checkpoints[first + PART_BLOCKS];
  const from = part === 0 || start === undefined ? 0 : Math.max(0, start - PART_SLACK);
  return [from, next === undefined ? length : Math.min(length, next + PART_SLACK)];
}

/** Every part of a text with these checkpoints. */
export function partCount(checkpoints: Uint32Array): number {
  return Math.max(1, Math.ceil(checkpoints.length / PART_BLOCKS));
}

/** Every part of a text of `words` words (the same count, known before the checkpoints are). */
export function partCountOfWords(words: number): number {
  return Math.max(1, Math.ceil(Math.ceil(words / BLOCK_WORDS) / PART_BLOCKS));
}

/**
 * The checkpoints part `part` carries: its blocks' starts and the next part's first block's, so
 * the end of its last block is known too.
 */
export function partBlocks(checkpoints: Uint32Array, part: number): Uint32Array {
  return checkpoints.slice(part * PART_BLOCKS, (part + 1) * PART_BLOCKS + 1);
}

/** Where block `b` starts by the checkpoints part `part` carries ({@link partBlocks}), if it says. */
export function blockStartIn(
  part: number,
  blocks: ArrayLike<number>,
  b: number,
): number | undefined {
  const at = b - part * PART_BLOCKS;
  return at >= 0 && at < blocks.length ? blocks[at] : undefined;
}

/**
 * Lazily tokenized view of one document: words are read block by block from the stored
 * checkpoints, so verifying a hit costs one block (128 words), not the whole document.
 */
export class DocumentCursor {
  private readonly blocks = new Map<number, WordList | null>();
  /** Parts of a partial text that blocks needed and it did not hold, since {@link beginScan}. */
  readonly wanted = new Set<number>();

  /**
   * `checkpoints` undefined: the index has none for this document yet, and `text` is partial;
   * each block is then found by the checkpoints its part carries ({@link PartialText.blockStart}).
   */
  constructor(
    readonly id: string,
    private readonly text: string | PartialText,
    private readonly checkpoints: Uint32Array | undefined,
    readonly words: number,
  ) {}

  /** Whether blocks are found by the parts' own checkpoints (see the constructor). */
  get byParts(): boolean {
    return this.checkpoints === undefined;
  }

  /** Raw range [from, to) of block `b` (undefined: not known yet, or not a block of this text). */
  private blockRange(b: number): [number, number] | undefined {
    const { checkpoints, text } = this;
    if (checkpoints) {
      const from = checkpoints[b];
      return from === undefined ? undefined : [from, checkpoints[b + 1] ?? text.length];
    }
    if (typeof text === 'string') return undefined;
    const from = text.blockStart?.(b);
    const last = b + 1 >= Math.ceil(this.words / BLOCK_WORDS);
    const to = last ? text.length : text.blockStart?.(b + 1);
    return from === undefined || to === undefined ? undefined : [from, to];
  }

  private block(b: number): WordList | null {
    let list = this.blocks.get(b);
    if (list === undefined) {
      const expected = Math.min(BLOCK_WORDS, this.words - b * BLOCK_WORDS);
      const range = expected > 0 ? this.blockRange(b) : undefined;
      if (range === undefined && expected > 0 && this.byParts) {
        // Its part, once read, says where the block is.
        this.wanted.add((b / PART_BLOCKS) | 0);
        return null;
      }
      list = null;
      if (range !== undefined) {
        const [from, to] = range;
        const read = this.read(from, to);
        if (read === undefined) {
          // Not held yet: asked for, and not remembered as unreadable.
          this.wanted.add((b / PART_BLOCKS) | 0);
          return null;
        }
        // A text that no longer matches its index entry yields no matches rather than wrong ones.
        if (read.count === expected) list = read;
      }
      this.blocks.set(b, list);
    }
    return list;
  }

  /** The words of text [from, to), from the whole text or the part that holds it. */
  private read(from: number, to: number): WordList | undefined {
    const { text } = this;
    if (typeof text === 'string') return tokenize(text, { from, to, withText: true });
    const base = Math.max(0, from - PART_SLACK);
    const piece = text.slice(base, Math.min(text.length, to + PART_SLACK));
    if (piece === undefined) return undefined;
    const read = tokenize(piece, { from: from - base, to: to - base, withText: true });
    for (let i = 0; i < read.count; i++) {
      read.rawStarts[i]! += base;
      read.rawEnds[i]! += base;
    }
    return read;
  }

  /** Normalized word `i`, or undefined outside the document or when the text does not fit. */
  word(i: number): string | undefined {
    if (i < 0 || i >= this.words) return undefined;
    return this.block((i / BLOCK_WORDS) | 0)?.texts?.[i % BLOCK_WORDS];
  }

  /** Raw start offset of word `i` (the caller checked `word(i)` first). */
  rawStart(i: number): number {
    return this.block((i / BLOCK_WORDS) | 0)?.rawStarts[i % BLOCK_WORDS] ?? 0;
  }

  /** Raw end offset of word `i`, exclusive. */
  rawEnd(i: number): number {
    return this.block((i / BLOCK_WORDS) | 0)?.rawEnds[i % BLOCK_WORDS] ?? 0;
  }

  /** Whether a line ends between word `i` and the next (or the text ends after `i`). */
  endsLineAfter(i: number): boolean {
    if (i + 1 >= this.words || this.word(i + 1) === undefined) return true;
    const gap = this.text.slice(this.rawEnd(i), this.rawStart(i + 1));
    // Both words were read, so the part that held the first holds the gap.
    return gap?.includes('\n') ?? true;
  }
}

/**
 * Caches the cursors of one scan (or of one streaming reply) by document id. A document whose
 * text the lookup did not have is remembered in {@link missing} and asked for again next time,
 * so an asynchronous caller can load those texts and scan again.
 */
export class CursorCache {
  private readonly cursors = new Map<string, DocumentCursor>();
  /**
   * Ids of documents that had hits but whose text was unavailable in the last scan.
   */
  readonly missing = new Set<string>();

  constructor(private readonly getText: DocumentTextLookup) {}

  /** Starts a scan: parts asked for before are asked for again only if still needed. */
  beginScan(): void {
    for (const [id, cursor] of this.cursors) {
      cursor.wanted.clear();
      // Read by its parts until now, and the whole text has come since (its parts were not
      // stored): read by the checkpoints of the whole text from now on.
      if (cursor.byParts && typeof this.getText(id) === 'string') this.cursors.delete(id);
    }
  }

  /** Parts of partial texts the scan needed and did not have, by document id. */
  missingParts(): Map<string, number[]> {
    const parts = new Map<string, number[]>();
    for (const cursor of this.cursors.values())
      if (cursor.wanted.size > 0)
        parts.set(
          cursor.id,
          [...cursor.wanted].sort((a, b) => a - b),
        );
    return parts;
  }

  /**
   * The cursor of document number `doc` of `index`, or null when the lookup has no text for it
   * (its id is then in {@link missing}).
   *
   * @throws RangeError when `doc` is not a document number of the index
   */
  get(index: PassageIndex, doc: number): DocumentCursor | null {
    const info = index.seedDocument(doc);
    let cursor = this.cursors.get(info.id);
    if (cursor === undefined) {
      const text = this.getText(info.id);
      if (text === undefined) {
        this.missing.add(info.id);
        return null;
      }
      this.missing.delete(info.id);
      // A partial text before the index knows the checkpoints: its parts carry their own.
      const checkpoints =
        typeof text === 'string' || index.hasCheckpoints(doc)
          ? index.documentCheckpoints(doc, text)
          : undefined;
      cursor = new DocumentCursor(info.id, text, checkpoints, info.words);
      this.cursors.set(info.id, cursor);
    }
    return cursor;
  }
}
