// Scans replies against the library: one streaming ReplyScanner per reply, the index loaded from
// the store (the saved lookup table, not rebuilt) when the service worker wakes, document texts
// loaded on demand. After a library change the lookup table is merged and saved in idle time.
import {
  ReplyScanner,
  type PassageIndex,
  type ScanOptions,
  type ScanResult,
  type TableSegment,
} from '../core/index';
import type { IndexLoadReport, LibraryDocument, LibraryStore } from '../library/store/index';

/** The part of the store the matcher uses. */
export type MatcherStore = Pick<
  LibraryStore,
  | 'loadIndex'
  | 'lastIndexLoad'
  | 'listDocuments'
  | 'getDocument'
  | 'getDocumentText'
  | 'getSettings'
  | 'saveIndexTable'
>;

export interface MatcherOptions {
  now?: () => number;
  /** Upper bound of cached document text, in bytes (UTF-16). Default 64 MiB. */
  textCacheBytes?: number;
  /** A reply's scanner is dropped after this long without an update. Default 30 minutes. */
  idleReplyMs?: number;
  /**
   * After a library change, the lookup table is brought up to date and saved once no other
   * change came for this long, so an import of many files saves it once. Default 300 ms.
   */
  saveDelayMs?: number;
}

export interface MatcherStats {
  documents: number;
  replies: number;
  cachedTextBytes: number;
  /** Index loads since this matcher was created (the first one included). */
  loads: number;
  lastLoad: IndexLoadReport;
  /** Lookup tables saved to the store by this matcher. */
  tableSaves: number;
}

export interface Matcher {
  /**
   * Scans the whole current text of a reply; `keep` leading code units of it equal the text of
   * this reply's previous scan (0 when unknown), whose work is reused.
   */
  scanReply(replyKey: string, text: string, keep?: number): Promise<ScanResult>;
  forgetReply(replyKey: string): void;
  /** One-off scan of any text (selected text, the popup's check box). */
  scanText(text: string): Promise<ScanResult>;
  /**
   * Re-reads the library after it changed; unchanged documents are not read again. `added`:
   * the only change was adding these documents (an import), so only they are read.
   */
  reload(added?: readonly string[]): Promise<void>;
  /** Saves the lookup table now if the saved one is not current (instead of after the delay). */
  saveTable(): Promise<void>;
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

type TableVersions = Readonly<Record<TableSegment, number>>;

function isSame(a: TableVersions, b: TableVersions | undefined): boolean {
  return a.base === b?.base && a.delta === b.delta;
}

export function createMatcher(store: MatcherStore, options: MatcherOptions = {}): Matcher {
  const now = options.now ?? Date.now;
  const idleReplyMs = options.idleReplyMs ?? 30 * 60_000;
  const saveDelayMs = options.saveDelayMs ?? 300;
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

  let lastLoad: IndexLoadReport = { reused: 0, read: 0, rebuilt: 0, fromTable: 0 };
  // Table versions of the index as saved in the store, when known, and of the last attempt.
  let savedTables: TableVersions | undefined;
  let triedTables: TableVersions | undefined;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let saving: Promise<void> = Promise.resolve();
  let tableSaves = 0;

  const lookup = (id: string): string | undefined => pinned.get(id) ?? cache.get(id);

  const saveTable = (): Promise<void> => {
    if (saveTimer !== undefined) clearTimeout(saveTimer);
    saveTimer = undefined;
    const run = saving.then(async () => {
      const index = loaded?.index;
      if (!index) return;
      // Adds pending documents (or merges) now, so the saved tables cover the library as it is.
      index.prepare();
      const versions = index.tableVersions;
      if (isSame(versions, savedTables)) return;
      triedTables = versions;
      await store.saveIndexTable(index, { base: versions.base !== savedTables?.base });
      // The index object outlives reloads, so its versions still name what was saved.
      if (loaded?.index === index) savedTables = versions;
      tableSaves++;
    });
    saving = run.catch(() => undefined);
    return run;
  };

  const scheduleSave = (delayMs: number): void => {
    if (saveTimer !== undefined) clearTimeout(saveTimer);
    // A failed save (a full disk) leaves the old table, which loadIndex checks: nothing is lost.
    saveTimer = setTimeout(() => void saveTable().catch(() => undefined), delayMs);
  };

  /**
   * Changes the live index in place: removing a document only marks it, and additions go to the
   * small delta table, so nothing is rebuilt whole and numbers of kept documents do not change.
   * `added`: the page says only these documents were added, so the library is not listed.
   */
  const update = async (
    index: PassageIndex,
    previous: Map<string, LibraryDocument>,
    added: readonly string[] | undefined,
  ): Promise<Map<string, LibraryDocument>> => {
    let active: Map<string, LibraryDocument>;
    let wanted: LibraryDocument[];
    if (added) {
      const got = await Promise.all(added.map((id) => store.getDocument(id)));
      wanted = got.filter((d): d is LibraryDocument => d?.status === 'active' && !index.has(d.id));
      active = new Map([...previous, ...wanted.map((d): [string, LibraryDocument] => [d.id, d])]);
    } else {
      const docs = await store.listDocuments();
      active = new Map(docs.map((d) => [d.id, d]));
      for (const d of index.documents())
        if (active.get(d.id)?.contentHash !== d.contentHash) index.removeDocument(d.id);
      wanted = docs.filter((d) => !index.has(d.id));
    }
    const kept = index.size;
    if (wanted.length > 0)
      await store.loadIndex({ only: wanted.map((d) => d.id), into: index, documents: wanted });
    const report = wanted.length > 0 ? store.lastIndexLoad() : undefined;
    lastLoad = {
      reused: kept,
      read: report?.read ?? 0,
      rebuilt: report?.rebuilt ?? 0,
      fromTable: 0,
    };
    return active;
  };

  const load = async (added?: readonly string[]): Promise<void> => {
    const previous = loaded;
    const settings = store.getSettings();
    // Awaited below; a failed load is reported there, not as an unhandled rejection.
    settings.catch(() => undefined);
    let index: PassageIndex;
    let active: Map<string, LibraryDocument>;
    if (previous) {
      index = previous.index;
      active = await update(index, previous.meta, added);
    } else {
      const listing = store.listDocuments();
      // The saved table is read while the documents are listed.
      index = await store.loadIndex({ documents: listing });
      active = new Map((await listing).map((d) => [d.id, d]));
      lastLoad = store.lastIndexLoad();
      if (lastLoad.fromTable > 0) savedTables = index.tableVersions;
    }
    const { minWords, includeNear } = await settings;
    // Nothing below awaits: the new state, the generation and the scanners change together.
    loaded = { index, meta: active, scanOptions: { minWords, includeNear } };
    // Scanners hold index hits by document number, which a changed index may renumber.
    generation++;
    replies.clear();
    cache.keepOnly(new Set(active.keys()));
    loads++;
    scheduleSave(saveDelayMs);
  };

  // Reloads run one after another, so the last one always sees the latest library.
  const reload = (added?: readonly string[]): Promise<void> => {
    const run = queue.then(() => load(added));
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

  /** The first scan after a change rebuilt a table: save it once the scan is done. */
  const saveIfRebuilt = (): void => {
    const versions = loaded?.index.tableVersions;
    if (versions && !isSame(versions, savedTables) && !isSame(versions, triedTables))
      scheduleSave(0);
  };

  const scan = async (
    text: string,
    keep: number,
    scannerFor: (state: Loaded) => ReplyScanner,
  ): Promise<ScanResult> => {
    try {
      return await scanOnce(text, keep, scannerFor);
    } finally {
      saveIfRebuilt();
    }
  };

  /** Runs `update`, loads the texts it was missing, and runs it again on the same scanner. */
  const scanOnce = async (
    text: string,
    keep: number,
    scannerFor: (state: Loaded) => ReplyScanner,
  ): Promise<ScanResult> => {
    let result: ScanResult | undefined;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const state = await ready();
      const gen = generation;
      const scanner = scannerFor(state);
      result = scanner.update(text, keep);
      const missing = scanner.missingDocuments();
      if (missing.length === 0) return result;
      const texts = await loadTexts(missing);
      if (gen !== generation) continue;
      pinned = texts;
      try {
        // The first update read this very text: all of it is kept.
        return scanner.update(text, text.length);
      } finally {
        pinned = new Map();
      }
    }
    return result as ScanResult;
  };

  return {
    async scanReply(replyKey, text, keep = 0) {
      sweep();
      return scan(text, keep, (state) => {
        let entry = replies.get(replyKey);
        if (!entry) {
          entry = {
            scanner: new ReplyScanner(state.index, lookup, state.scanOptions),
            usedAt: now(),
          };
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
      return scan(text, 0, (state) => new ReplyScanner(state.index, lookup, state.scanOptions));
    },

    reload,

    saveTable,

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
        tableSaves,
      };
    },
  };
}
