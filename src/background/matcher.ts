// Scans replies against the library: one streaming ReplyScanner per reply, the index loaded from
// the store (the saved lookup table, not rebuilt) when the service worker wakes, document texts
// loaded on demand. After a library change the lookup table is merged and saved in idle time.
import {
  ReplyScanner,
  titleLineLookup,
  type PassageIndex,
  type ScanOptions,
  type ScanResult,
} from '../core/index';
import type { IndexLoadReport, LibraryDocument, LibraryStore } from '../library/store/index';
import { DocumentTexts } from './document-texts';
import { loadMatcherIndex } from './load-matcher-index';
import { ReplyScanners } from './reply-scanners';
import { TableSaver } from './table-saver';

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

interface MatcherStats {
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
  /** Reads one slice of a long reply (a prefix of its text) without finding spans yet. */
  readReply(replyKey: string, text: string, keep: number): Promise<void>;
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

interface Loaded {
  index: PassageIndex;
  meta: Map<string, LibraryDocument>;
  scanOptions: Partial<ScanOptions>;
}

// A reload between loading texts and rescanning starts the scan over; give up after a few.
const MAX_ATTEMPTS = 3;

export function createMatcher(store: MatcherStore, options: MatcherOptions = {}): Matcher {
  const now = options.now ?? Date.now;
  const idleReplyMs = options.idleReplyMs ?? 30 * 60_000;
  const saveDelayMs = options.saveDelayMs ?? 300;
  const texts = new DocumentTexts(store, options.textCacheBytes ?? 64 * 1024 * 1024);
  const replies = new ReplyScanners(now, idleReplyMs);
  let loaded: Loaded | undefined;
  let generation = 0;
  let loads = 0;
  let queue: Promise<void> = Promise.resolve();
  let firstLoad: Promise<void> | undefined;
  let lastLoad: IndexLoadReport = { reused: 0, read: 0, rebuilt: 0, fromTable: 0 };
  const tables = new TableSaver(store, () => loaded?.index);

  const load = async (added?: readonly string[]): Promise<void> => {
    const settings = store.getSettings();
    // Awaited below; a failed load is reported there, not as an unhandled rejection.
    settings.catch(() => undefined);
    const { index, active, report } = await loadMatcherIndex(store, loaded, added);
    lastLoad = report;
    if (report.fromTable > 0) tables.markSaved(index.tableVersions);
    const { minWords, includeNear } = await settings;
    // A span that is only its source's own title and author line is not a copy (title-lines.ts);
    // read from this load's metadata, so a renamed document's new title counts after its reload.
    const titleLines = titleLineLookup((id) => active.get(id));
    // Nothing below awaits: the new state, the generation and the scanners change together.
    loaded = { index, meta: active, scanOptions: { minWords, includeNear, titleLines } };
    // Scanners hold index hits by document number, which a changed index may renumber.
    generation++;
    replies.clear();
    texts.keepOnly(new Set(active.keys()));
    loads++;
    tables.schedule(saveDelayMs);
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

  /** Runs `update`, loads the texts it was missing, and runs it again on the same scanner. */
  const scan = async (
    text: string,
    keep: number,
    scannerFor: (state: Loaded) => ReplyScanner,
  ): Promise<ScanResult> => {
    let result: ScanResult | undefined;
    try {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const state = await ready();
        const gen = generation;
        const scanner = scannerFor(state);
        result = scanner.update(text, keep);
        const missing = scanner.missingDocuments();
        if (missing.length === 0) return result;
        const loadedTexts = await texts.load(missing);
        if (gen !== generation) continue;
        // The first update read this very text: all of it is kept.
        return texts.withPinned(loadedTexts, () => scanner.update(text, text.length));
      }
      return result as ScanResult;
    } finally {
      // The first scan after a change may have rebuilt a table: save it once the scan is done.
      tables.saveIfRebuilt();
    }
  };

  const newScanner = (state: Loaded): ReplyScanner =>
    new ReplyScanner(state.index, texts.lookup, state.scanOptions);
  const replyScanner = (replyKey: string, state: Loaded): ReplyScanner => {
    replies.sweep();
    return replies.get(replyKey, () => newScanner(state));
  };

  return {
    scanReply: (replyKey, text, keep = 0) =>
      scan(text, keep, (state) => replyScanner(replyKey, state)),

    async readReply(replyKey, text, keep) {
      replyScanner(replyKey, await ready()).read(text, keep);
    },

    forgetReply(replyKey) {
      replies.delete(replyKey);
    },

    scanText: (text) => scan(text, 0, newScanner),

    reload,

    saveTable: () => tables.save(),

    documentMeta(id) {
      return loaded?.meta.get(id);
    },

    stats() {
      return {
        documents: loaded?.index.size ?? 0,
        replies: replies.size,
        cachedTextBytes: texts.bytes,
        loads,
        lastLoad: { ...lastLoad },
        tableSaves: tables.saves,
      };
    },
  };
}
