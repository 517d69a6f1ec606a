import type { StoredTextReader } from '../library/import/stored-text';
import { FileError, readLibraryText } from './read-text-file';

interface Indexed {
  file: string;
  reader: StoredTextReader;
  size: number;
  mtimeMs: number;
  length: number;
}

/**
 * The library's texts by document name for verifying matches: the most recently used are kept in
 * memory, the rest read again on demand. A file that changed or vanished since it was indexed
 * is reported once and gives no text, so its matches are left out instead of misplaced.
 */
export class LibraryTexts {
  private readonly indexed = new Map<string, Indexed>();
  private readonly texts = new Map<string, string>();
  private readonly lost = new Set<string>();
  private bytes = 0;

  constructor(
    private readonly budget: number,
    private readonly reportLost: (message: string) => void,
  ) {}

  add(name: string, read: Omit<Indexed, 'length'>, text: string): void {
    this.indexed.set(name, { ...read, length: text.length });
    this.remember(name, text);
  }

  get = (name: string): string | undefined => {
    const hit = this.texts.get(name);
    if (hit !== undefined) {
      this.texts.delete(name);
      this.texts.set(name, hit);
      return hit;
    }
    const indexed = this.indexed.get(name);
    if (!indexed || this.lost.has(name)) return undefined;
    try {
      const read = readLibraryText(indexed.file, indexed.reader);
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
  };

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
