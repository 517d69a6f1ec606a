import type { Span, TextLookup } from '../core/index';
import { decodeText } from '../library/import/decode-text';
import { fileOffsetMap, type FileOffsetMap } from '../library/import/file-offsets';
import { frontMatterLength } from '../library/import/markdown';
import {
  FileError,
  readFileBytes,
  readLibraryDocument,
  type LibraryDocument,
} from './read-text-file';

// Plain-text files matched most recently, as on disk with their offset maps: one read each.
const MAX_FILE_TEXTS = 64;

/** A plain-text library file as on disk, and where its tidied text stands in it. */
interface FileText {
  map: FileOffsetMap;
  text: string;
}

/** The plain-text reader a file name picks, whose tidying the offset map undoes. */
function plainTextReader(file: string): 'txt' | 'md' | undefined {
  const extension = /\.([^./\\]+)$/.exec(file)?.[1]?.toLowerCase();
  if (extension === 'txt' || extension === 'text') return 'txt';
  if (extension === 'md' || extension === 'markdown') return 'md';
  return undefined;
}

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
  private readonly fileTexts = new Map<string, FileText | undefined>();

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

  /** UTF-16 code units of all the documents' indexed text. */
  get characters(): number {
    let total = 0;
    for (const { length } of this.indexed.values()) total += length;
    return total;
  }

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

  /**
   * `spans` with their source offsets moved from the tidied text the index holds into the
   * plain-text file as it is on disk (decoded; a UTF-8 BOM counts as one character), so a
   * publisher's editor, or a script reading the file, finds the copied words at those offsets;
   * and a lookup that gives those files' text as on disk, for excerpts at the new offsets.
   * Other formats keep offsets into, and the lookup the text of, what their reader extracts.
   */
  toFileOffsets(spans: readonly Span[], lookup: TextLookup): { spans: Span[]; lookup: TextLookup } {
    const files = new Map<string, string>();
    const moved = spans.map((span) => {
      const file = this.fileTextOf(span.docId, lookup);
      if (!file) return span;
      files.set(span.docId, file.text);
      const { map } = file;
      return {
        ...span,
        sourceStart: map.toFile(span.sourceStart),
        sourceEnd: map.toFileEnd(span.sourceEnd),
      };
    });
    return { spans: moved, lookup: (name) => files.get(name) ?? lookup(name) };
  }

  private fileTextOf(name: string, lookup: TextLookup): FileText | undefined {
    if (this.fileTexts.has(name)) {
      const file = this.fileTexts.get(name);
      this.fileTexts.delete(name);
      this.fileTexts.set(name, file);
      return file;
    }
    const indexed = this.indexed.get(name);
    const reader = indexed && plainTextReader(indexed.file);
    const tidied = lookup(name);
    let file: FileText | undefined;
    if (indexed && reader && tidied !== undefined) {
      try {
        const { bytes, size, mtimeMs } = readFileBytes(indexed.file);
        if (size !== indexed.size || mtimeMs !== indexed.mtimeMs)
          throw new FileError('changed since it was indexed');
        const decoded = decodeText(bytes);
        const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? '\ufeff' : '';
        const from = reader === 'md' ? frontMatterLength(decoded) : 0;
        file = { map: fileOffsetMap(decoded, tidied, from, bom.length), text: bom + decoded };
      } catch {
        // Unreadable or changed since it was indexed: offsets stay those of the indexed text.
        file = undefined;
      }
    }
    this.fileTexts.set(name, file);
    for (const oldest of this.fileTexts.keys()) {
      if (this.fileTexts.size <= MAX_FILE_TEXTS) break;
      this.fileTexts.delete(oldest);
    }
    return file;
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
