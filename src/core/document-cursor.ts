/** Document text read lazily, block by block, for verifying hits; cached per scan. */
import { BLOCK_WORDS } from './document-record';
import type { PassageIndex } from './passage-index';
import { tokenize, type WordList } from './tokenize';

/** Returns a document's full text by id, or undefined when it is not available. */
export type TextLookup = (docId: string) => string | undefined;

/**
 * Lazily tokenized view of one document: words are read block by block from the stored
 * checkpoints, so verifying a hit costs one block (128 words), not the whole document.
 */
export class DocumentCursor {
  private readonly blocks = new Map<number, WordList | null>();

  constructor(
    readonly id: string,
    private readonly text: string,
    private readonly checkpoints: Uint32Array,
    readonly words: number,
  ) {}

  private block(b: number): WordList | null {
    let list = this.blocks.get(b);
    if (list === undefined) {
      const from = this.checkpoints[b];
      const expected = Math.min(BLOCK_WORDS, this.words - b * BLOCK_WORDS);
      list = null;
      if (from !== undefined && expected > 0) {
        const to = this.checkpoints[b + 1] ?? this.text.length;
        const read = tokenize(this.text, { from, to, withText: true });
        // A text that no longer matches its index entry yields no matches rather than wrong ones.
        if (read.count === expected) list = read;
      }
      this.blocks.set(b, list);
    }
    return list;
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
    return gap.includes('\n');
  }
}

/**
 * Caches the cursors of one scan (or of one streaming reply) by document id. A document whose
 * text the lookup did not have is remembered in {@link missing} and asked for again next time,
 * so an asynchronous caller can load those texts and scan again.
 */
export class CursorCache {
  private readonly cursors = new Map<string, DocumentCursor>();
  /** Ids of documents that had hits but whose text was unavailable in the last scan. */
  readonly missing = new Set<string>();

  constructor(private readonly getText: TextLookup) {}

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
      cursor = new DocumentCursor(info.id, text, index.documentCheckpoints(doc, text), info.words);
      this.cursors.set(info.id, cursor);
    }
    return cursor;
  }
}
