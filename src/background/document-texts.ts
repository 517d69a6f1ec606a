// Document texts for the matcher's scans: loaded from the store on demand and kept in a
// size-bounded cache, since the library may be far larger than what memory should hold.
import type { LibraryStore } from '../library/store/index';

/** Least-recently-used document texts, bounded by their size. */
class TextCache {
  private readonly texts = new Map<string, string>();
  private size = 0;

  constructor(private readonly maxBytes: number) {}

  get bytes(): number {
    return this.size;
  }

  get(id: string): string | undefined {
    const text = this.texts.get(id);
    if (text !== undefined) {
      this.texts.delete(id);
      this.texts.set(id, text);
    }
    return text;
  }

  set(id: string, text: string): void {
    this.delete(id);
    this.texts.set(id, text);
    this.size += text.length * 2;
    for (const [oldId, old] of this.texts) {
      if (this.size <= this.maxBytes || oldId === id) break;
      this.texts.delete(oldId);
      this.size -= old.length * 2;
    }
  }

  delete(id: string): void {
    const text = this.texts.get(id);
    if (text === undefined) return;
    this.texts.delete(id);
    this.size -= text.length * 2;
  }

  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of [...this.texts.keys()]) if (!ids.has(id)) this.delete(id);
  }
}

export class DocumentTexts {
  private readonly cache: TextCache;
  // Texts loaded for the scan in progress; they stay visible even if the cache evicted them.
  private pinned = new Map<string, string>();

  constructor(
    private readonly store: Pick<LibraryStore, 'getDocumentText'>,
    maxBytes: number,
  ) {
    this.cache = new TextCache(maxBytes);
  }

  /** Cached bytes (UTF-16). */
  get bytes(): number {
    return this.cache.bytes;
  }

  readonly lookup = (id: string): string | undefined => this.pinned.get(id) ?? this.cache.get(id);

  keepOnly(ids: ReadonlySet<string>): void {
    this.cache.keepOnly(ids);
  }

  /** Reads the texts of these documents into the cache; returns those that exist. */
  async load(ids: readonly string[]): Promise<Map<string, string>> {
    const texts = new Map<string, string>();
    await Promise.all(
      ids.map(async (id) => {
        const text = await this.store.getDocumentText(id);
        if (text === undefined) return;
        texts.set(id, text);
        this.cache.set(id, text);
      }),
    );
    return texts;
  }

  /** Runs `fn` with `texts` visible to `lookup` whatever the cache evicts meanwhile. */
  withPinned<T>(texts: Map<string, string>, fn: () => T): T {
    this.pinned = texts;
    try {
      return fn();
    } finally {
      this.pinned = new Map();
    }
  }
}
