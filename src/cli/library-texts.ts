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

// Offset maps of the plain-text files matched most recently: a map costs one read of its file.
const MAX_OFFSET_MAPS = 64;

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

interface Indexed extends SourceMetadata {
  file: string;
  size: number;
  mtimeMs: number;
  length: number;
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
  private readonly offsetMaps = new Map<string, FileOffsetMap | undefined>();

  constructor(
    private readonly budget: number,
    private readonly reportLost: (message: string) => void,
  ) {}

  add(name: string, file: string, doc: LibraryDocument): void {
    const { size, mtimeMs, text, title, author } = doc;
    this.indexed.set(name, { file, size, mtimeMs, length: text.length, title, author });
    this.remember(name, text);
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
   * publisher's editor, or a script reading the file, finds the copied words at those offsets.
   * Other formats keep offsets into the text their reader extracts.
   */
  async toFileOffsets(spans: readonly Span[], lookup: TextLookup): Promise<Span[]> {
    const moved: Span[] = [];
    for (const span of spans) {
      const map = await this.offsetMapOf(span.docId, lookup);
      moved.push(
        map
          ? {
              ...span,
              sourceStart: map.toFile(span.sourceStart),
              sourceEnd: map.toFileEnd(span.sourceEnd),
            }
          : span,
      );
    }
    return moved;
  }

  private async offsetMapOf(name: string, lookup: TextLookup): Promise<FileOffsetMap | undefined> {
    if (this.offsetMaps.has(name)) {
      const map = this.offsetMaps.get(name);
      this.offsetMaps.delete(name);
      this.offsetMaps.set(name, map);
      return map;
    }
    const indexed = this.indexed.get(name);
    const reader = indexed && plainTextReader(indexed.file);
    const tidied = lookup(name);
    let map: FileOffsetMap | undefined;
    if (indexed && reader && tidied !== undefined) {
      try {
        const { bytes } = readFileBytes(indexed.file);
        const decoded = decodeText(bytes);
        const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 1 : 0;
        const from = reader === 'md' ? frontMatterLength(decoded) : 0;
        map = fileOffsetMap(decoded, tidied, from, bom);
      } catch {
        // Unreadable since it was indexed: its offsets stay those of the indexed text.
        map = undefined;
      }
    }
    this.offsetMaps.set(name, map);
    for (const oldest of this.offsetMaps.keys()) {
      if (this.offsetMaps.size <= MAX_OFFSET_MAPS) break;
      this.offsetMaps.delete(oldest);
    }
    return map;
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
