// Scans replies against the library: one streaming ReplyScanner per reply, the index loaded from
// the store (not rebuilt) when the service worker wakes, document texts loaded on demand.
import { ReplyScanner, type PassageIndex, type ScanOptions, type ScanResult } from '../core/index';
import type { IndexLoadReport, LibraryDocument, LibraryStore } from '../library/library-store';

/** The part of the store the matcher reads. */
export type MatcherStore = Pick<LibraryStore, 'loadIndex' | 'lastIndexLoad' | 'listDocuments' | 'getDocumentText' | 'getSettings'>;

export interface MatcherOptions {
  now?: () => number;
  /** Upper bound of cached document text, in bytes (UTF-16). Default 64 MiB. */
  textCacheBytes?: number;
  /** A reply's scanner is dropped after this long without an update. Default 30 minutes. */
  idleReplyMs?: number;
}

export interface MatcherStats {
  documents: number;
  replies: number;
  cachedTextBytes: number;
  /** Index loads since this matcher was created (the first one included). */
  loads: number;
  lastLoad: IndexLoadReport;
}

export interface Matcher {
  /** Scans the whole current text of a reply; successive texts of one reply reuse earlier work. */
  scanReply(replyKey: string, text: string): Promise<ScanResult>;
  forgetReply(replyKey: string): void;
  /** One-off scan of any text (selected text, the popup's check box). */
  scanText(text: string): Promise<ScanResult>;
  /** Re-reads the library after it changed; unchanged documents are not read again. */
  reload(): Promise<void>;
  /** Metadata of an active document, once the library has loaded. */
  documentMeta(id: string): LibraryDocument | undefined;
  stats(): MatcherStats;
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

interface Loaded {
  index: PassageIndex;
  meta: Map<string, LibraryDocument>;
  scanOptions: Partial<ScanOptions>;
}

interface ReplyEntry {
  scanner: ReplyScanner;
  usedAt: number;
}

const SWEEP_EVERY_MS = 60_000;
// A reload between loading texts and rescanning starts the scan over; give up after a few.
const MAX_ATTEMPTS = 3;

export function createMatcher(store: MatcherStore, options: MatcherOptions = {}): Matcher {
  const now = options.now ?? Date.now;
  const idleReplyMs = options.idleReplyMs ?? 30 * 60_000;
  const cache = new TextCache(options.textCacheBytes ?? 64 * 1024 * 1024);
  const replies = new Map<string, ReplyEntry>();
  let loaded: Loaded | undefined;
  let generation = 0;
  let loads = 0;
  let queue: Promise<void> = Promise.resolve();
  let firstLoad: Promise<void> | undefined;
  let lastSweep = now();
  // Texts loaded for the scan in progress; they stay visible even if the cache evicted them.
  let pinned = new Map<string, string>();

  let lastLoad: IndexLoadReport = { reused: 0, read: 0, rebuilt: 0 };

  const lookup = (id: string): string | undefined => pinned.get(id) ?? cache.get(id);

  const load = async (): Promise<void> => {
    const previous = loaded;
    const [docs, settings] = await Promise.all([store.listDocuments(), store.getSettings()]);
    const active = new Map(docs.map((d) => [d.id, d]));
    let index: PassageIndex;
    if (previous && previous.index.documents().every((d) => active.get(d.id)?.contentHash === d.contentHash)) {
      // Only additions: append them to the live index instead of copying it. Appending keeps
      // the numbers of existing documents, and the generation bump below restarts any scan.
      const added = await store.loadIndex({ only: docs.filter((d) => !previous.index.has(d.id)).map((d) => d.id) });
      const report = store.lastIndexLoad();
      index = previous.index;
      for (const doc of added.documents()) index.addSerializedDocument(added.serializeDocument(doc.id));
      lastLoad = { reused: index.size - added.size, read: report.read, rebuilt: report.rebuilt };
    } else {
      index = await store.loadIndex(previous ? { reuse: previous.index } : {});
      lastLoad = store.lastIndexLoad();
    }
    // Nothing below awaits: the new state, the generation and the scanners change together.
    loaded = { index, meta: active, scanOptions: { minWords: settings.minWords, includeNear: settings.includeNear } };
    // Scanners hold index hits by document number, which a changed index may renumber.
    generation++;
    replies.clear();
    cache.keepOnly(new Set(active.keys()));
    loads++;
  };

  // Reloads run one after another, so the last one always sees the latest library.
  const reload = (): Promise<void> => {
    const run = queue.then(load);
    queue = run.catch(() => undefined);
    return run;
  };

  const ready = async (): Promise<Loaded> => {
    if (!loaded) {
      firstLoad ??= reload().catch((e: unknown) => {
        firstLoad = undefined;
        throw e;
      });
      await firstLoad;
    }
    return loaded as Loaded;
  };

  const loadTexts = async (ids: readonly string[]): Promise<Map<string, string>> => {
    const texts = new Map<string, string>();
    await Promise.all(
      ids.map(async (id) => {
        const text = await store.getDocumentText(id);
        if (text === undefined) return;
        texts.set(id, text);
        cache.set(id, text);
      }),
    );
    return texts;
  };

  const sweep = (): void => {
    const t = now();
    if (t - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = t;
    for (const [key, entry] of replies) if (t - entry.usedAt > idleReplyMs) replies.delete(key);
  };

  /** Runs `update`, loads the texts it was missing, and runs it again on the same scanner. */
  const scan = async (text: string, scannerFor: (state: Loaded) => ReplyScanner): Promise<ScanResult> => {
    let result: ScanResult | undefined;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const state = await ready();
      const gen = generation;
      const scanner = scannerFor(state);
      result = scanner.update(text);
      const missing = scanner.missingDocuments();
      if (missing.length === 0) return result;
      const texts = await loadTexts(missing);
      if (gen !== generation) continue;
      pinned = texts;
      try {
        return scanner.update(text);
      } finally {
        pinned = new Map();
      }
    }
    return result as ScanResult;
  };

  return {
    async scanReply(replyKey, text) {
      sweep();
      return scan(text, (state) => {
        let entry = replies.get(replyKey);
        if (!entry) {
          entry = { scanner: new ReplyScanner(state.index, lookup, state.scanOptions), usedAt: now() };
          replies.set(replyKey, entry);
        }
        entry.usedAt = now();
        return entry.scanner;
      });
    },

    forgetReply(replyKey) {
      replies.delete(replyKey);
    },

    async scanText(text) {
      return scan(text, (state) => new ReplyScanner(state.index, lookup, state.scanOptions));
    },

    reload,

    documentMeta(id) {
      return loaded?.meta.get(id);
    },

    stats() {
      return {
        documents: loaded?.index.size ?? 0,
        replies: replies.size,
        cachedTextBytes: cache.bytes,
        loads,
        lastLoad: { ...lastLoad },
      };
    },
  };
}
