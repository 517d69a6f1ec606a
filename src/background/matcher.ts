// Scans replies against the library: one streaming ReplyScanner per reply over the store's
// posting pages. At wake only the pages' filters are loaded; each scan reads the pages and the
// document texts it needs. Documents not merged into the pages yet (a paste, a restore, an import
// whose page closed) are merged here in the background, then the index is loaded again.
import {
  ReplyScanner,
  titleLineLookup,
  warmUpScanning,
  type PassageIndex,
  type ScanOptions,
  type ScanResult,
} from '../core/index';
import type { LibraryDocument, LibraryStore, PagedIndex } from '../library/store/index';
import { BackgroundMerges } from './background-merges';
import type { PassageSource } from './describe-passage';
import { DocumentTexts, noReads, type ScanReads } from './document-texts';
import { loadMatcherIndex } from './load-matcher-index';
import { ReplyScanners } from './reply-scanners';

/** The part of the store the matcher uses. */
export type MatcherStore = Pick<
  LibraryStore,
  | 'loadPagedIndex'
  | 'mergePostings'
  | 'listDocuments'
  | 'docsEpoch'
  | 'getDocumentText'
  | 'readTextParts'
  | 'writeTextParts'
  | 'keepFileParts'
  | 'getSettings'
>;

export interface MatcherOptions {
  now?: () => number;
  /** Upper bound of cached document text, in bytes (UTF-16). Default 64 MiB. */
  textCacheBytes?: number;
  /** A reply's scanner is dropped after this long without an update. Default 30 minutes. */
  idleReplyMs?: number;
  /**
   * Documents not merged into the posting pages are merged once no document was written for this
   * long after a load that found them: an import still writing merges its documents itself at
   * its end. Default 3 s.
   */
  mergeDelayMs?: number;
  /**
   * The pages' second filters are read only while the first ones hold at most this many bytes.
   * Default 64 MiB: libraries up to about 5.6 GB, whose two sets then hold 128 MiB; a larger
   * library's first set alone is 128 MiB, and a second would double it.
   */
  secondFiltersUpToBytes?: number;
}

interface MatcherStats {
  documents: number;
  replies: number;
  cachedTextBytes: number;
  /** Index loads since this matcher was created (the first one included). */
  loads: number;
  /** Active documents not merged into the posting pages at the last load. */
  unmerged: number;
  /** Bytes of the page filters (the second ones once read) and of the pages held in memory. */
  filterBytes: number;
  pageBytes: number;
  /** Merge passes this matcher ran. */
  merges: number;
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
  /** Loads the index now (at wake), instead of at the first scan. */
  prepare(): Promise<void>;
  /**
   * Runs the core's made-up scan (`warmUpScanning`) so the first real one runs compiled code,
   * unless a scan was asked for since this matcher was made: for a worker woken with time to
   * spare (by the user's activity in a chat page, or an extension page). Then reads the pages'
   * second filters. True when it ran.
   */
  warmUp(): boolean;
  /**
   * Re-reads the library after it changed (the pages' filters and metadata), then merges any
   * documents not in the pages yet.
   */
  reload(): Promise<void>;
  /** Runs the merge of documents not in the pages yet now (instead of after the delay). */
  mergeNow(): Promise<void>;
  /** Metadata of an active document, once the library has loaded. */
  documentMeta(id: string): LibraryDocument | undefined;
  /** The text of a document if the matcher holds it (read for a recent scan). */
  documentText(id: string): string | undefined;
  /** A document's text to describe a passage from, whole or in the parts held, if any. */
  passageSource(id: string): PassageSource | undefined;
  stats(): MatcherStats;
}

interface Loaded {
  index: PassageIndex;
  paged: PagedIndex;
  meta: Map<string, LibraryDocument>;
  scanOptions: Partial<ScanOptions>;
  /** The pages' second filters were asked for (after this load's first answer or warm-up). */
  secondAsked?: boolean;
  /** The most bytes of first filters for which the second ones are read. */
  secondUpTo: number;
}

/** {@link MatcherOptions.secondFiltersUpToBytes}'s default. */
const SECOND_FILTERS_UP_TO_BYTES = 64 * 1024 * 1024;

/**
 * Reads the pages' second filters in a task of their own, once per load: after a scan has
 * answered or the warm-up ran, never before a waiting scan, and only while the first filters
 * hold at most `upTo` bytes. Until they are in, a scan reads the pages of about one shingle in
 * eleven not stored (the first filter's strangers); after, one in a hundred.
 */
function readSecondFiltersSoon(state: Loaded): void {
  if (state.secondAsked) return;
  state.secondAsked = true;
  if (state.paged.pages.filterBytes > state.secondUpTo) return;
  setTimeout(() => void state.paged.readSecondFilters(), 0);
}

// Rounds of a scan: read the pages it needs, then the parts of the texts its hits need (parts
// carry their own checkpoints), or whole texts where no parts are stored; a reload in between
// starts the scan over. Give up after a few.
const MAX_ATTEMPTS = 8;

/**
 * Reads what the scanner's last update missed: the pages; the parts it asked for, or the whole
 * text (and the checkpoints stored with its postings) where they are not stored; the whole text
 * of a document it had no view of. Returns the texts read whole, or undefined when nothing was
 * missing.
 */
async function readMissing(
  state: Loaded,
  scanner: ReplyScanner,
  texts: DocumentTexts,
  reads: ScanReads,
): Promise<Map<string, string> | undefined> {
  const pages = scanner.missingPages();
  const missing = scanner.missingDocuments();
  const parts = scanner.missingParts();
  if (pages.length === 0 && missing.length === 0 && parts.size === 0) return undefined;
  const [, partless] = await Promise.all([
    state.paged.readPages(pages),
    texts.loadParts(parts, reads.parts),
  ]);
  const whole = [...missing, ...partless];
  // Beside a whole text, its checkpoints from its index record: cheaper than a pass over the
  // text in a freshly woken worker, and needed to store it in parts.
  const [got, checkpoints] = await Promise.all([
    texts.load(whole),
    state.paged.readCheckpoints(
      whole.flatMap((id) => {
        const doc = state.meta.get(id);
        return doc && !state.index.checkpointsOf(id) ? [{ id, contentHash: doc.contentHash }] : [];
      }),
    ),
  ]);
  for (const [id, c] of checkpoints) state.index.knowCheckpoints(id, c);
  return got;
}

/**
 * Runs the scanner's `update`, reads what it was missing, and runs it again on the same scanner
 * until nothing is missing; a reload in between starts over. Texts read whole are then stored in
 * parts (after the answer), so the next wake reads only the parts it needs.
 */
async function scanWithReads(
  context: { ready: () => Promise<Loaded>; generation: () => number; texts: DocumentTexts },
  text: string,
  keep: number,
  scannerFor: (state: Loaded) => ReplyScanner,
): Promise<ScanResult> {
  const { ready, texts } = context;
  let result: ScanResult | undefined;
  let unchanged = keep;
  let reads = noReads();
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const state = await ready();
    const gen = context.generation();
    const scanner = scannerFor(state);
    result = texts.withPinned(reads, () => scanner.update(text, unchanged));
    const got = await readMissing(state, scanner, texts, reads);
    if (!got) {
      keepInParts(state, texts, reads.texts);
      readSecondFiltersSoon(state);
      return result;
    }
    if (gen !== context.generation()) {
      unchanged = 0;
      reads = noReads();
      continue;
    }
    for (const [id, t] of got) reads.texts.set(id, t);
    // The update read this very text: all of it is kept.
    unchanged = text.length;
  }
  return result as ScanResult;
}

/**
 * Once the scan has answered: stores the texts it read whole in parts, and the parts it read
 * from kept files.
 */
function keepInParts(state: Loaded, texts: DocumentTexts, read: Map<string, string>): void {
  // Most scans (each streamed update) read nothing new: no timer for them.
  if (read.size === 0 && !texts.hasFileParts) return;
  setTimeout(() => {
    void texts.saveFileParts();
    for (const [id, text] of read) {
      const checkpoints = state.index.checkpointsOf(id);
      if (checkpoints) void texts.keepParts(id, text, checkpoints);
    }
  }, 0);
}

function statsOf(
  loaded: Loaded | undefined,
  held: { replies: number; texts: DocumentTexts; loads: number; merges: number },
): MatcherStats {
  return {
    documents: loaded?.index.size ?? 0,
    replies: held.replies,
    cachedTextBytes: held.texts.bytes,
    loads: held.loads,
    unmerged: loaded?.paged.unmerged ?? 0,
    filterBytes: loaded?.paged.pages.filterBytes ?? 0,
    pageBytes: loaded?.paged.pages.cachedBytes ?? 0,
    merges: held.merges,
  };
}

export function createMatcher(store: MatcherStore, options: MatcherOptions = {}): Matcher {
  const now = options.now ?? Date.now;
  const idleReplyMs = options.idleReplyMs ?? 30 * 60_000;
  const mergeDelayMs = options.mergeDelayMs ?? 3000;
  let loaded: Loaded | undefined;
  const texts = new DocumentTexts(store, options.textCacheBytes ?? 64 * 1024 * 1024, (id) =>
    loaded?.meta.get(id),
  );
  const replies = new ReplyScanners(now, idleReplyMs);
  let generation = 0;
  let loads = 0;
  let queue: Promise<void> = Promise.resolve();
  let firstLoad: Promise<void> | undefined;

  const load = async (): Promise<void> => {
    const settings = store.getSettings();
    // Awaited below; a failed load is reported there, not as an unhandled rejection.
    settings.catch(() => undefined);
    const { paged, active } = await loadMatcherIndex(store);
    const { minWords, includeNear } = await settings;
    // A span that is only its source's own title and author line is not a copy (title-lines.ts);
    // read from this load's metadata, so a renamed document's new title counts after its reload.
    const titleLines = titleLineLookup((id) => active.get(id));
    // Nothing below awaits: the new state, the generation and the scanners change together.
    loaded = {
      index: paged.index,
      paged,
      meta: active,
      scanOptions: { minWords, includeNear, titleLines },
      secondUpTo: options.secondFiltersUpToBytes ?? SECOND_FILTERS_UP_TO_BYTES,
    };
    // Scanners hold index hits by document number and pages of the old generation.
    generation++;
    replies.clear();
    texts.keepOnly(new Set(active.keys()));
    loads++;
    if (paged.unmerged > 0) merges.schedule(mergeDelayMs);
  };

  // Loads and merges run one after another, so the last load always sees the latest library.
  const enqueue = (job: () => Promise<void>): Promise<void> => {
    const run = queue.then(job);
    queue = run.catch(() => undefined);
    return run;
  };
  const reload = (): Promise<void> => enqueue(load);
  const merges = new BackgroundMerges(store, enqueue, load);

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

  // Scans and reads asked for so far: once there is one, a warm-up would only delay it.
  let scansAsked = 0;
  const scan = (
    text: string,
    keep: number,
    scannerFor: (state: Loaded) => ReplyScanner,
  ): Promise<ScanResult> => {
    scansAsked++;
    return scanWithReads({ ready, generation: () => generation, texts }, text, keep, scannerFor);
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
      scansAsked++;
      replyScanner(replyKey, await ready()).read(text, keep);
    },

    forgetReply(replyKey) {
      replies.delete(replyKey);
    },

    scanText: (text) => scan(text, 0, newScanner),

    reload,

    prepare: async () => {
      await ready();
    },

    warmUp() {
      if (scansAsked > 0) return false;
      warmUpScanning();
      if (loaded) readSecondFiltersSoon(loaded);
      return true;
    },

    mergeNow: () => merges.now(),

    documentMeta(id) {
      return loaded?.meta.get(id);
    },

    documentText: (id) => texts.whole(id),

    passageSource: (id) => texts.passageSource(id),

    stats: () => statsOf(loaded, { replies: replies.size, texts, loads, merges: merges.passes }),
  };
}
