import type { TextLookup } from '../core/index';
import { FileError, readLibraryDocument, type LibraryDocument } from './read-text-file';

/** What a match says of its source besides its name: the document's own title and author. */
export interface SourceMetadata {
  title: string;
  author?: string | undefined;
}

/** What a saved index knows of a document's file, so its text can be read and checked later. */
export interface IndexedFile extends SourceMetadata {
  file: string;
  size: number;
  mtimeMs: number;
  /** Length of the document's text in UTF-16 code units. */
  length: number;
}

interface Indexed extends IndexedFile {
  /** Listing order, the tie-break between equal matches in two documents. */
  rank: number;
}

/**
 * The library's texts and metadata by document name, for verifying and reporting matches: the
 * most recently used texts are kept in memory, the rest read again when a reply needs them. The
 * scanner's text lookup is synchronous while readers are not, so `get` notes a text it lacks and
 * `readMissing` reads those before the reply is scanned again. A file that changed or vanished
 * since it was indexed is reported once and gives no text, so its matches are left out instead of
 * misplaced.
 */
export class LibraryTexts {
  private readonly indexed = new Map<string, Indexed>();
  private readonly texts = new Map<string, string>();
  private readonly lost = new Set<string>();
  private readonly missing = new Set<string>();
  // The texts one reply's scan got, held for its second scan so that reading the missing ones
  // cannot evict them in between.
  private readonly touched = new Map<string, string>();
  private bytes = 0;

  constructor(
    private readonly budget: number,
    private readonly reportLost: (message: string) => void,
  ) {}

  add(name: string, file: string, doc: LibraryDocument): void {
    const { size, mtimeMs, text, title, author } = doc;
    this.addUnread(name, { file, size, mtimeMs, length: text.length, title, author });
    this.remember(name, text);
  }

  /** A document indexed earlier (a saved index): its text is read when a match needs it. */
  addUnread(name: string, file: IndexedFile): void {
    const rank = this.indexed.get(name)?.rank ?? this.indexed.size;
    this.indexed.set(name, { ...file, rank });
  }

  /** Documents in the order they were added: the scan's tie-break between equal matches. */
  readonly documentOrder = (name: string): number =>
    this.indexed.get(name)?.rank ?? Number.MAX_SAFE_INTEGER;

  /** The title and author the document's file gives, or undefined for an unknown name. */
  describe(name: string): SourceMetadata | undefined {
    const indexed = this.indexed.get(name);
    return indexed && { title: indexed.title, author: indexed.author };
  }

  /** Forgets what the previous reply's scan looked up. */
  startReply(): void {
    this.touched.clear();
    this.missing.clear();
  }

  get: TextLookup = (name) => {
    const hit = this.texts.get(name);
    if (hit !== undefined) {
      this.texts.delete(name);
      this.texts.set(name, hit);
      this.touched.set(name, hit);
      return hit;
    }
    if (this.indexed.has(name) && !this.lost.has(name)) this.missing.add(name);
    return undefined;
  };

  /** Whether `get` was asked for texts that are not in memory since the last `readMissing`. */
  get hasMissing(): boolean {
    return this.missing.size > 0;
  }

  /** Reads the texts `get` lacked; a lookup that has them and this reply's others. */
  async readMissing(): Promise<TextLookup> {
    const read = new Map(this.touched);
    for (const name of this.missing) {
      const text = await this.read(name);
      if (text !== undefined) read.set(name, text);
    }
    this.missing.clear();
    return (name) => read.get(name) ?? this.get(name);
  }

  private async read(name: string): Promise<string | undefined> {
    const indexed = this.indexed.get(name);
    if (!indexed) return undefined;
    try {
      const read = await readLibraryDocument(indexed.file);
      const isSame =
        read.size === indexed.size &&
        read.mtimeMs === indexed.mtimeMs &&
        read.text.length === indexed.length;
      if (!isSame) throw new FileError(`${indexed.file}: changed since the library was read`);
      this.remember(name, read.text);
      return read.text;
    } catch (error) {
      this.lost.add(name);
      this.reportLost(`library file ${(error as Error).message}; its matches are left out`);
      return undefined;
    }
  }

  private remember(name: string, text: string): void {
    this.texts.set(name, text);
    this.bytes += text.length;
    for (const [oldest, t] of this.texts) {
      if (this.bytes <= this.budget || oldest === name) break;
      this.texts.delete(oldest);
      this.bytes -= t.length;
    }
  }
}
