import {
  DEFAULT_INFORMATION,
  isInformative,
  summarizeInformation,
  type InformationThresholds,
} from './low-information';
import { BLOCK_WORDS } from './document-record';
import type { Seed } from './lookup-table';
import type { PassageIndex } from './passage-index';
import { tokenize, type WordList } from './tokenize';
import type { MatchKind, ScanResult, Span } from './types';

/** Returns a document's full text by id, or undefined when it is not available. */
export type TextLookup = (docId: string) => string | undefined;

/** Options of a scan. */
export interface ScanOptions {
  /** Shortest span reported, in reply words. Default 12. */
  minWords: number;
  /** Report near-verbatim spans (copies with small edits). Default true. */
  includeNear: boolean;
  /** Largest edit bridged inside a near-verbatim span, in words. Default 3. */
  maxGapWords: number;
  /** Words that must match exactly after an edit before the span goes on. Default 3. */
  anchorWords: number;
  /** Most edits a near-verbatim span may have per word; denser ones are paraphrase. Default 1/8. */
  maxEditRate: number;
  /**
   * Shortest near-verbatim span, in reply words; a shorter one is reported as its longest exact
   * run (if that is long enough). Edits weaken the evidence, so near spans must be longer. Default 20.
   */
  minNearWords: number;
  /** Evidence a span must carry (see low-information.ts). */
  information: InformationThresholds;
}

export const DEFAULT_SCAN_OPTIONS: ScanOptions = {
  minWords: 12,
  includeNear: true,
  maxGapWords: 3,
  anchorWords: 3,
  maxEditRate: 1 / 8,
  minNearWords: 20,
  information: DEFAULT_INFORMATION,
};

/**
 * Lazily tokenized view of one document: words are read block by block from the stored
 * checkpoints, so verifying a hit costs one block (128 words), not the whole document.
 */
export class DocumentCursor {
  private readonly blocks = new Map<number, WordList | null>();

  constructor(
    readonly id: string,
    private readonly text: string,
    private readonly checkpoints: Uint32Array,
    readonly words: number,
  ) {}

  private block(b: number): WordList | null {
    let list = this.blocks.get(b);
    if (list === undefined) {
      const from = this.checkpoints[b];
      const expected = Math.min(BLOCK_WORDS, this.words - b * BLOCK_WORDS);
      list = null;
      if (from !== undefined && expected > 0) {
        const to = this.checkpoints[b + 1] ?? this.text.length;
        const read = tokenize(this.text, { from, to, withText: true });
        // A text that no longer matches its index entry yields no matches rather than wrong ones.
        if (read.count === expected) list = read;
      }
      this.blocks.set(b, list);
    }
    return list;
  }

  /** Normalized word `i`, or undefined outside the document or when the text does not fit. */
  word(i: number): string | undefined {
    if (i < 0 || i >= this.words) return undefined;
    return this.block((i / BLOCK_WORDS) | 0)?.texts?.[i % BLOCK_WORDS];
  }

  /** Raw start offset of word `i` (the caller checked `word(i)` first). */
  rawStart(i: number): number {
    return this.block((i / BLOCK_WORDS) | 0)?.rawStarts[i % BLOCK_WORDS] ?? 0;
  }

  /** Raw end offset of word `i`, exclusive. */
  rawEnd(i: number): number {
    return this.block((i / BLOCK_WORDS) | 0)?.rawEnds[i % BLOCK_WORDS] ?? 0;
  }
}

/** An alignment of reply words to document words, as matched pairs in increasing order. */
interface Alignment {
  doc: number;
  docOrder: number;
  replyWords: number[];
  docWords: number[];
}

/**
 * Grows an exact seed into a maximal alignment: exact extension both ways, then across edits of
 * at most `maxGap` words on either side when `anchor` words match again right after the edit.
 */
function align(
  reply: WordList,
  texts: string[],
  cursor: DocumentCursor,
  seed: Seed,
  k: number,
  options: ScanOptions,
): Alignment | undefined {
  const same = (r: number, p: number): boolean =>
    r >= 0 && r < reply.count && texts[r] === cursor.word(p);
  for (let j = 0; j < k; j++) if (!same(seed.replyWord + j, seed.docWord + j)) return undefined;
  let r0 = seed.replyWord;
  let p0 = seed.docWord;
  while (same(r0 - 1, p0 - 1)) {
    r0--;
    p0--;
  }
  let r1 = seed.replyWord + k;
  let p1 = seed.docWord + k;
  while (same(r1, p1)) {
    r1++;
    p1++;
  }
  const replyWords: number[] = [];
  const docWords: number[] = [];
  for (let i = 0; i < r1 - r0; i++) {
    replyWords.push(r0 + i);
    docWords.push(p0 + i);
  }
  if (!options.includeNear) return { doc: seed.doc, docOrder: seed.doc, replyWords, docWords };

  const anchorAt = (r: number, p: number, dir: 1 | -1): boolean => {
    for (let t = 0; t < options.anchorWords; t++) if (!same(r + dir * t, p + dir * t)) return false;
    return true;
  };
  const steps = gapSteps(options.maxGapWords);
  // Rightwards across edits.
  for (;;) {
    const step = steps.find(([i, j]) => anchorAt(r1 + i, p1 + j, 1));
    if (!step) break;
    r1 += step[0];
    p1 += step[1];
    while (same(r1, p1)) {
      replyWords.push(r1++);
      docWords.push(p1++);
    }
  }
  // Leftwards across edits.
  const left: [number, number][] = [];
  for (;;) {
    const step = steps.find(([i, j]) => anchorAt(r0 - 1 - i, p0 - 1 - j, -1));
    if (!step) break;
    r0 -= step[0];
    p0 -= step[1];
    while (same(r0 - 1, p0 - 1)) left.push([--r0, --p0]);
  }
  left.reverse();
  return {
    doc: seed.doc,
    docOrder: seed.doc,
    replyWords: [...left.map((x) => x[0]), ...replyWords],
    docWords: [...left.map((x) => x[1]), ...docWords],
  };
}

const stepCache = new Map<number, [number, number][]>();

/** Edits to try, cheapest first: (reply words skipped, document words skipped). */
function gapSteps(maxGap: number): [number, number][] {
  let steps = stepCache.get(maxGap);
  if (!steps) {
    steps = [];
    for (let cost = 1; cost <= maxGap; cost++) {
      steps.push([cost, cost]);
      for (let other = 0; other < cost; other++) steps.push([cost, other], [other, cost]);
    }
    stepCache.set(maxGap, steps);
  }
  return steps;
}

/** Edits between consecutive matched pairs: each gap costs the larger of its two sides. */
function countEdits(replyWords: number[], docWords: number[], from: number, to: number): number {
  let edits = 0;
  for (let i = from + 1; i < to; i++) {
    edits +=
      Math.max(
        (replyWords[i] as number) - (replyWords[i - 1] as number),
        (docWords[i] as number) - (docWords[i - 1] as number),
      ) - 1;
  }
  return edits;
}

/**
 * Caches the cursors of one scan (or of one streaming reply) by document id. A document whose
 * text the lookup did not have is remembered in {@link missing} and asked for again next time,
 * so an asynchronous caller can load those texts and scan again.
 */
export class CursorCache {
  private readonly cursors = new Map<string, DocumentCursor>();
  /** Ids of documents that had hits but whose text was unavailable in the last scan. */
  readonly missing = new Set<string>();

  constructor(private readonly getText: TextLookup) {}

  get(index: PassageIndex, doc: number): DocumentCursor | null {
    const info = index.seedDocument(doc);
    let cursor = this.cursors.get(info.id);
    if (cursor === undefined) {
      const text = this.getText(info.id);
      if (text === undefined) {
        this.missing.add(info.id);
        return null;
      }
      this.missing.delete(info.id);
      cursor = new DocumentCursor(info.id, text, info.checkpoints, info.words);
      this.cursors.set(info.id, cursor);
    }
    return cursor;
  }
}

/**
 * Turns index hits into reported spans: verifies each hit word by word against the document
 * text (so hash collisions never produce a span), grows it into a maximal alignment, drops
 * spans that are too short or carry too little evidence, and resolves overlaps (longest first;
 * a later span keeps only the part of the reply not yet claimed).
 *
 * @param reply the reply's words, tokenized `withText`
 * @param seeds hits from {@link PassageIndex.findSeeds}
 * @returns spans in reply order with raw reply offsets and raw source offsets, plus coverage
 */
export function spansFromSeeds(
  index: PassageIndex,
  reply: WordList,
  seeds: readonly Seed[],
  cursors: CursorCache,
  options: ScanOptions = DEFAULT_SCAN_OPTIONS,
): ScanResult {
  const texts = reply.texts;
  if (!texts) throw new Error('spansFromSeeds needs a reply tokenized withText');
  const k = index.options.shingleWords;
  const alignments: Alignment[] = [];
  const byDoc = new Map<number, Seed[]>();
  for (const s of seeds) {
    const list = byDoc.get(s.doc);
    if (list) list.push(s);
    else byDoc.set(s.doc, [s]);
  }
  for (const [doc, docSeeds] of byDoc) {
    const cursor = cursors.get(index, doc);
    if (!cursor) continue;
    const found: Alignment[] = [];
    docSeeds.sort((a, b) => a.replyWord - b.replyWord || a.docWord - b.docWord);
    for (const seed of docSeeds) {
      const covered = found.some(
        (a) =>
          seed.replyWord >= (a.replyWords[0] as number) &&
          seed.replyWord <= (a.replyWords.at(-1) as number) &&
          seed.docWord >= (a.docWords[0] as number) &&
          seed.docWord <= (a.docWords.at(-1) as number),
      );
      if (covered) continue;
      const a = align(reply, texts, cursor, seed, k, options);
      if (a) found.push(a);
    }
    alignments.push(...found);
  }

  alignments.sort(
    (a, b) =>
      b.replyWords.length - a.replyWords.length ||
      a.docOrder - b.docOrder ||
      (a.replyWords[0] as number) - (b.replyWords[0] as number) ||
      (a.docWords[0] as number) - (b.docWords[0] as number),
  );
  const taken = new Uint8Array(reply.count);
  const spans: Span[] = [];
  let coveredWords = 0;
  for (const a of alignments) {
    // Split the alignment where it meets reply words already claimed by a longer span.
    let runStart = -1;
    const flush = (end: number): void => {
      if (runStart < 0) return;
      const span = makeSpan(index, reply, texts, a, runStart, end, cursors, options);
      runStart = -1;
      if (!span) return;
      spans.push(span.span);
      for (let r = span.replyWordStart; r < span.replyWordEnd; r++) taken[r] = 1;
      coveredWords += span.replyWordEnd - span.replyWordStart;
    };
    for (let i = 0; i < a.replyWords.length; i++) {
      const r = a.replyWords[i] as number;
      const prev = i > 0 ? (a.replyWords[i - 1] as number) : r;
      let blocked = taken[r] === 1;
      for (let g = prev + 1; !blocked && g < r; g++) blocked = taken[g] === 1;
      if (blocked) {
        flush(i);
        if (taken[r] === 1) continue;
      }
      if (runStart < 0) runStart = i;
    }
    flush(a.replyWords.length);
  }
  spans.sort(
    (x, y) => x.replyStart - y.replyStart || (x.docId < y.docId ? -1 : x.docId > y.docId ? 1 : 0),
  );
  return { words: reply.count, coverage: reply.count > 0 ? coveredWords / reply.count : 0, spans };
}

/**
 * The longest stretch of pairs `[from, to)` whose edits stay within `maxEditRate` per word.
 * A paraphrase keeps many short runs of the original's words; a copy with small edits keeps
 * long runs between them. Stretches start and end at exact runs.
 */
function densestAcceptable(
  a: Alignment,
  from: number,
  to: number,
  maxEditRate: number,
): [number, number] {
  const runs: [number, number][] = [];
  for (let i = from; i < to; i++) {
    const last = runs.at(-1);
    const continues =
      last !== undefined &&
      (a.replyWords[i] as number) - (a.replyWords[i - 1] as number) === 1 &&
      (a.docWords[i] as number) - (a.docWords[i - 1] as number) === 1;
    if (continues) last[1] = i + 1;
    else runs.push([i, i + 1]);
  }
  if (runs.length <= 1) return [from, to];
  let best: [number, number] = [from, from];
  let bestWords = -1;
  for (let i = 0; i < runs.length; i++) {
    for (let j = i; j < runs.length; j++) {
      const start = (runs[i] as [number, number])[0];
      const end = (runs[j] as [number, number])[1];
      const words = (a.replyWords[end - 1] as number) - (a.replyWords[start] as number) + 1;
      if (words <= bestWords) continue;
      if (countEdits(a.replyWords, a.docWords, start, end) > words * maxEditRate) continue;
      best = [start, end];
      bestWords = words;
    }
  }
  return best;
}

/** The longest run of consecutive pairs in `[from, to)` with no edit between them. */
function longestExactRun(a: Alignment, from: number, to: number): [number, number] {
  let best: [number, number] = [from, from + 1];
  let start = from;
  for (let i = from + 1; i <= to; i++) {
    const continues =
      i < to &&
      (a.replyWords[i] as number) - (a.replyWords[i - 1] as number) === 1 &&
      (a.docWords[i] as number) - (a.docWords[i - 1] as number) === 1;
    if (continues) continue;
    if (i - start > best[1] - best[0]) best = [start, i];
    start = i;
  }
  return best;
}

function makeSpan(
  index: PassageIndex,
  reply: WordList,
  texts: string[],
  a: Alignment,
  runFrom: number,
  runTo: number,
  cursors: CursorCache,
  options: ScanOptions,
): { span: Span; replyWordStart: number; replyWordEnd: number } | undefined {
  let [from, to] = densestAcceptable(a, runFrom, runTo, options.maxEditRate);
  if (to <= from) return undefined;
  const replyLength = (a.replyWords[to - 1] as number) + 1 - (a.replyWords[from] as number);
  const sourceLength = (a.docWords[to - 1] as number) + 1 - (a.docWords[from] as number);
  if (Math.max(replyLength, sourceLength) < options.minNearWords)
    [from, to] = longestExactRun(a, from, to);
  const replyWordStart = a.replyWords[from] as number;
  const replyWordEnd = (a.replyWords[to - 1] as number) + 1;
  const words = replyWordEnd - replyWordStart;
  if (words < options.minWords) return undefined;
  const info = summarizeInformation(texts, replyWordStart, replyWordEnd);
  if (!isInformative(info, options.information)) return undefined;
  const cursor = cursors.get(index, a.doc);
  if (!cursor) return undefined;
  const docWordStart = a.docWords[from] as number;
  const docWordEnd = (a.docWords[to - 1] as number) + 1;
  const edits = countEdits(a.replyWords, a.docWords, from, to);
  const kind: MatchKind = edits === 0 ? 'exact' : 'near';
  const score = Math.round(info.weight * Math.max(0, 1 - (2 * edits) / words) * 10) / 10;
  return {
    replyWordStart,
    replyWordEnd,
    span: {
      replyStart: reply.rawStarts[replyWordStart] as number,
      replyEnd: reply.rawEnds[replyWordEnd - 1] as number,
      docId: cursor.id,
      sourceStart: cursor.rawStart(docWordStart),
      sourceEnd: cursor.rawEnd(docWordEnd - 1),
      replyWordStart,
      replyWordEnd,
      sourceWordStart: docWordStart,
      sourceWordEnd: docWordEnd,
      words,
      kind,
      edits,
      score,
    },
  };
}

/**
 * Finds every span of `replyText` that copies a library document word for word (`exact`) or
 * with small edits (`near`).
 *
 * @param index the library index
 * @param replyText the reply as the reader sees it (raw UTF-16 text)
 * @param getText the full text of a document by id, used to verify and locate matches; a
 *   document whose text is unavailable yields no spans
 * @returns spans sorted by raw reply offset; offsets are UTF-16 code units, end exclusive
 */
export function findSpans(
  index: PassageIndex,
  replyText: string,
  getText: TextLookup,
  options: Partial<ScanOptions> = {},
): ScanResult {
  const opts = { ...DEFAULT_SCAN_OPTIONS, ...options };
  const reply = tokenize(replyText, { withText: true });
  return spansFromSeeds(index, reply, index.findSeeds(reply), new CursorCache(getText), opts);
}
