// Document texts for the matcher's scans: loaded from the store on demand and kept in a
// size-bounded cache, since the library may be far larger than what memory should hold. A
// document not held whole is offered in the parts read so far (document-parts.ts): a scan asks
// for the parts its hits need, and a text read whole is stored in parts for later scans.
import { cutParts, partCountOfWords, type PartialText } from '../core/index';
import type { LibraryStore, ReadTextPart } from '../library/store/index';
import { wholeSource, type PassageSource } from './describe-passage';
import { DocumentParts } from './document-parts';

/** What one scan has read: whole texts, and parts. */
export interface ScanReads {
  texts: Map<string, string>;
  parts: DocumentParts;
}

/** Nothing read yet. */
export const noReads = (): ScanReads => ({
  texts: new Map(),
  parts: new DocumentParts(Number.POSITIVE_INFINITY),
});

/** What the texts need to know of a document: its length in characters and words, its hash. */
interface DocumentFacts {
  chars: number;
  words: number;
  contentHash: string;
}

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
  private readonly parts: DocumentParts;
  // Texts and parts loaded for the scan in progress; they stay visible even if the caches
  // evicted them.
  private pinned = new Map<string, string>();
  private pinnedParts = new DocumentParts(Number.POSITIVE_INFINITY);
  // Parts scans read from kept files, to store as parts once the scan answered (saveFileParts):
  // a later scan, after a wake, reads a stored part for less than a slice of the file.
  private fromFiles = new Map<
    string,
    { id: string; contentHash: string; parts: Map<number, ReadTextPart> }
  >();

  constructor(
    private readonly store: Pick<
      LibraryStore,
      'getDocumentText' | 'readTextParts' | 'writeTextParts' | 'keepFileParts'
    >,
    maxBytes: number,
    /** The active document `id`, as the matcher's index knows it. */
    private readonly facts: (id: string) => DocumentFacts | undefined,
  ) {
    this.cache = new TextCache(maxBytes);
    this.parts = new DocumentParts(Math.max(1, maxBytes / 4));
  }

  /** Cached bytes (UTF-16), whole texts and parts. */
  get bytes(): number {
    return this.cache.bytes + this.parts.bytes;
  }

  /** A document's whole text if held. */
  readonly whole = (id: string): string | undefined => this.pinned.get(id) ?? this.cache.get(id);

  /** A document's text: whole if held, else the parts of it read so far. */
  readonly lookup = (id: string): string | PartialText | undefined => {
    const text = this.whole(id);
    if (text !== undefined) return text;
    const facts = this.facts(id);
    if (!facts) return undefined;
    return {
      length: facts.chars,
      slice: (from: number, to: number) =>
        this.whole(id)?.slice(from, to) ??
        this.pinnedParts.slice(id, from, to) ??
        this.parts.slice(id, from, to),
      blockStart: (b: number) => this.pinnedParts.blockStart(id, b) ?? this.parts.blockStart(id, b),
    };
  };

  keepOnly(ids: ReadonlySet<string>): void {
    this.cache.keepOnly(ids);
    this.parts.keepOnly(ids);
  }

  /**
   * Reads the parts asked for (and the parts beside them, where a span may go on) from the
   * store, adding them to `into` (the scan's) and the cache. Returns the documents one of whose
   * parts is not stored: their whole text is needed.
   */
  async loadParts(
    wanted: ReadonlyMap<string, readonly number[]>,
    into: DocumentParts,
  ): Promise<string[]> {
    const asks: { id: string; contentHash: string; parts: number[] }[] = [];
    const whole: string[] = [];
    for (const [id, parts] of wanted) {
      const facts = this.facts(id);
      if (!facts) {
        whole.push(id);
        continue;
      }
      const last = partCountOfWords(facts.words) - 1;
      const around = new Set(parts.flatMap((p) => [p - 1, p, p + 1]));
      const ask = [...around].filter(
        (p) => p >= 0 && p <= last && !this.parts.has(id, p) && !into.has(id, p),
      );
      asks.push({ id, contentHash: facts.contentHash, parts: ask });
    }
    const found = await this.store.readTextParts(asks);
    for (const { id } of asks) {
      const got = found.get(id);
      for (const [p, record] of got ?? []) {
        this.parts.add(id, p, record);
        into.add(id, p, record);
        if (record.fromFile) this.noteFromFile(id, p, record);
      }
      // Only the parts asked for by the scan must be there; a missing neighbour is read later.
      if ((wanted.get(id) ?? []).some((p) => !this.parts.has(id, p) && !into.has(id, p)))
        whole.push(id);
    }
    return whole;
  }

  private noteFromFile(id: string, p: number, record: ReadTextPart): void {
    const held = this.fromFiles.get(id) ?? {
      id,
      contentHash: record.contentHash,
      parts: new Map(),
    };
    held.parts.set(p, record);
    this.fromFiles.set(id, held);
  }

  /** True while parts read from kept files wait for {@link saveFileParts}. */
  get hasFileParts(): boolean {
    return this.fromFiles.size > 0;
  }

  /**
   * Stores the parts scans read from kept files since the last call (documents since removed
   * or changed are skipped by the store). Errors are dropped: the parts are a cache.
   */
  async saveFileParts(): Promise<void> {
    if (this.fromFiles.size === 0) return;
    const docs = [...this.fromFiles.values()];
    this.fromFiles = new Map();
    await this.store.keepFileParts(docs).catch(() => 0);
  }

  /**
   * Stores a document read whole in parts, so later scans (after a wake) read only the parts
   * they need. Errors are dropped: the parts are a cache.
   */
  async keepParts(id: string, text: string, checkpoints: Uint32Array): Promise<void> {
    const facts = this.facts(id);
    if (!facts || facts.chars !== text.length || checkpoints.length === 0) return;
    const parts = cutParts(text, checkpoints);
    await this.store.writeTextParts(id, facts.contentHash, parts).catch(() => false);
  }

  /**
   * Document `id`'s text to describe passages from: whole if held, else the parts held (parts
   * stored before they carried a place are not enough). Undefined when neither.
   */
  passageSource(id: string): PassageSource | undefined {
    const whole = this.whole(id);
    if (whole !== undefined) return wholeSource(whole);
    const facts = this.facts(id);
    const body = this.parts.body(id);
    if (!facts || !body) return undefined;
    return {
      length: facts.chars,
      body,
      slice: (from, to) => this.parts.slice(id, from, to),
      chapterBefore: (at) => this.parts.chapterBefore(id, at, body.start),
    };
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

  /** Runs `fn` with `reads` visible to `lookup` whatever the caches evict meanwhile. */
  withPinned<T>(reads: ScanReads, fn: () => T): T {
    this.pinned = reads.texts;
    this.pinnedParts = reads.parts;
    try {
      return fn();
    } finally {
      this.pinned = new Map();
      this.pinnedParts = new DocumentParts(Number.POSITIVE_INFINITY);
    }
  }
}
