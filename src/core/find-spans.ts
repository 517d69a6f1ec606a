/**
 * Finding copied spans: look up the reply's shingles, verify each hit against the document
 * text, grow it into an alignment, keep the spans long and informative enough, resolve overlaps.
 */
import { align, countEdits, densestAcceptable, longestExactRun, type Alignment } from './align';
import { countHolders } from './common-quotations';
import { CursorCache, type TextLookup } from './document-cursor';
import type { Seed } from './lookup-table';
import {
  DEFAULT_INFORMATION,
  isInformative,
  summarizeInformation,
  type InformationThresholds,
} from './low-information';
import type { PassageIndex } from './passage-index';
import { trimTitleLine, type TitleLookup } from './title-lines';
import { tokenize, type WordList } from './tokenize';
import type { MatchKind, ScanResult, Span } from './types';

export {
  blockStartIn,
  CursorCache,
  partBlocks,
  partCount,
  partCountOfWords,
  partRange,
  type DocumentTextLookup,
  type PartialText,
  type TextLookup,
} from './document-cursor';

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
  /**
   * Each document's title line (see title-lines.ts): a span's leading or trailing words that are
   * only its own source's title and author are not reported. None given: nothing is trimmed.
   */
  titleLines?: TitleLookup | undefined;
  /**
   * Tie-break rank of a document by id, lower first, between equally long alignments of
   * different documents. Default: the document's number, i.e. the order documents were added.
   * A caller whose index was loaded from a saved table and then patched gives its own order here
   * so the spans are those of an index built afresh in that order.
   */
  documentOrder?: ((docId: string) => number) | undefined;
}

/** The scan options used where none are given (see each field's default). */
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
    const order = options.documentOrder?.(cursor.id);
    const found: Alignment[] = [];
    // Alignments that may still cover a later seed: seeds come in reply order, so one that ends
    // before this seed's reply word covers none of the rest (without this, a reply repeating a
    // short passage thousands of times checks every seed against every alignment).
    let open: Alignment[] = [];
    docSeeds.sort((a, b) => a.replyWord - b.replyWord || a.docWord - b.docWord);
    for (const seed of docSeeds) {
      open = open.filter((a) => (a.replyWords.at(-1) as number) >= seed.replyWord);
      const covered = open.some(
        (a) =>
          seed.replyWord >= (a.replyWords[0] as number) &&
          seed.replyWord <= (a.replyWords.at(-1) as number) &&
          seed.docWord >= (a.docWords[0] as number) &&
          seed.docWord <= (a.docWords.at(-1) as number),
      );
      if (covered) continue;
      const a = align(reply, texts, cursor, seed, k, options);
      if (a) {
        if (order !== undefined) a.docOrder = order;
        found.push(a);
        open.push(a);
      }
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
  countHolders(alignments, spans);
  spans.sort(
    (x, y) => x.replyStart - y.replyStart || (x.docId < y.docId ? -1 : x.docId > y.docId ? 1 : 0),
  );
  return { words: reply.count, coverage: reply.count > 0 ? coveredWords / reply.count : 0, spans };
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
  const cursor = cursors.get(index, a.doc);
  if (!cursor) return undefined;
  const titleLine = options.titleLines?.(cursor.id);
  const wordAt = (i: number): string => texts[a.replyWords[i] as number] as string;
  const endsLineAfter = (i: number): boolean => cursor.endsLineAfter(a.docWords[i] as number);
  const trim = (range: [number, number]): [number, number] =>
    titleLine ? trimTitleLine(titleLine, range[0], range[1], wordAt, endsLineAfter) : range;
  let [from, to] = trim(densestAcceptable(a, runFrom, runTo, options.maxEditRate));
  if (to <= from) return undefined;
  const replyLength = (a.replyWords[to - 1] as number) + 1 - (a.replyWords[from] as number);
  const sourceLength = (a.docWords[to - 1] as number) + 1 - (a.docWords[from] as number);
  if (Math.max(replyLength, sourceLength) < options.minNearWords)
    [from, to] = trim(longestExactRun(a, from, to));
  if (to <= from) return undefined;
  const replyWordStart = a.replyWords[from] as number;
  const replyWordEnd = (a.replyWords[to - 1] as number) + 1;
  const words = replyWordEnd - replyWordStart;
  if (words < options.minWords) return undefined;
  const info = summarizeInformation(texts, replyWordStart, replyWordEnd);
  if (!isInformative(info, options.information)) return undefined;
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
      sharedBy: 1,
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
