/**
 * Scores of a memorization probe (issue #19): prompted with a passage's opening words, how much
 * of its true continuation does a reply give back word for word? Pure, so the probe page, tests
 * and any later CLI score a reply the same way.
 *
 * Words are the core's normalized words (`tokenize`), so case, curly quotes and punctuation are
 * not differences. The reply is aligned against the prefix followed by the continuation: a reply
 * that repeats the prefix before continuing gets those words matched to the prefix, and only
 * words matched to the continuation count.
 */
import { DEFAULT_SCAN_OPTIONS, findSpans } from './find-spans';
import { wordWeight } from './low-information';
import { PassageIndex } from './passage-index';
import { markStretches, type StretchRule } from './probe-stretches';
import { tokenize } from './tokenize';
import type { MatchKind } from './types';

/**
 * Options of {@link scoreProbe}. The stretch rule's fields (`minWords`, `maxGapWords`,
 * `maxEditRate`) say which aligned runs count: see `probe-stretches.ts`.
 */
export interface ProbeScoreOptions extends StretchRule {
  /**
   * Shortest run of consecutive words that counts towards the in-order share. Plain LCS over
   * words matches the "the", "of" and "and" that any English text holds in order, so a
   * paraphrase scored 0.3 to 0.5; pieces must be runs (docs/probe.md has the measurements).
   * Default 3.
   */
  minRun: number;
  /** N of "the first N words are exact". Default 10. */
  firstWords: number;
  /**
   * Content words (`wordWeight` 2: not a function word, number or apparatus) a counted run must
   * hold: "it was in the" or "as well as" is in every text and proves nothing. Default 2.
   */
  minContentWords: number;
}

const DEFAULT_PROBE_SCORE_OPTIONS: ProbeScoreOptions = {
  minRun: 3,
  firstWords: 10,
  minContentWords: 2,
  // The scanner's span: a copy shorter than this, or with denser edits, is not evidence there
  // either, so the probe's in-order share and its copied spans tell one story.
  minWords: DEFAULT_SCAN_OPTIONS.minWords,
  maxGapWords: DEFAULT_SCAN_OPTIONS.maxGapWords,
  maxEditRate: DEFAULT_SCAN_OPTIONS.maxEditRate,
};

/** A copied span the core's scanner finds in the reply, on the continuation. */
interface ProbeSpan {
  kind: MatchKind;
  /** Raw UTF-16 offsets into the reply, end exclusive. */
  replyStart: number;
  replyEnd: number;
  /** Length in reply words and the words edited inside it (0 for exact). */
  words: number;
  edits: number;
}

/** The scores of one reply against one continuation. */
export interface ProbeScores {
  /** Words of the true continuation and of the reply. */
  continuationWords: number;
  replyWords: number;
  /** Longest run of consecutive continuation words the reply holds verbatim. */
  longestRun: number;
  /**
   * Continuation words reproduced in order inside runs of at least `minRun` words that lie in a
   * copied stretch of at least `minWords` words (small edits bridged).
   */
  inOrderWords: number;
  /** `inOrderWords / continuationWords`, 0..1 (0 for an empty continuation). */
  inOrderShare: number;
  /** How many of the continuation's first words the reply holds as one verbatim run. */
  exactStartWords: number;
  /** Whether the first `firstWords` words (or the whole, shorter, continuation) are exact. */
  firstWordsExact: boolean;
  /** N of `firstWordsExact`. */
  firstWords: number;
  /**
   * Raw UTF-16 offsets of the reply's part aligned to the continuation (first to last matched
   * word, end exclusive), for the side-by-side diff; null when nothing counted.
   */
  replyFocus: { start: number; end: number } | null;
  /** Exact and near-verbatim spans of at least 12 words the core's scanner finds. */
  spans: ProbeSpan[];
}

/** Past this many word pairs the alignment is not computed: a reply this long is refused. */
const MAX_CELLS = 8_000_000;

/** Normalized words hold no control characters, so this never matches a reply word. */
const BOUNDARY = '\u0000';

function wordsOf(text: string): string[] {
  return tokenize(text, { withText: true }).texts ?? [];
}

/** The raw range of reply words `first..last` (inclusive), or null when `first` is -1. */
function focusOf(reply: string, first: number, last: number): ProbeScores['replyFocus'] {
  if (first < 0) return null;
  const words = tokenize(reply);
  return { start: words.rawStarts[first] as number, end: words.rawEnds[last] as number };
}

/**
 * Longest alignment of `b` (the reply) against `a` (prefix + continuation) made of runs of at
 * least `minRun` consecutive equal words holding `minContentWords` content words, in order in
 * both (an LCS whose pieces are runs). Returns, for each word of `a`, the word of `b` it is
 * matched to, or -1.
 */
export function alignInRuns(
  a: string[],
  b: string[],
  minRun: number,
  minContentWords = 0,
): Int32Array {
  const n = a.length;
  const m = b.length;
  const matched = new Int32Array(n).fill(-1);
  if (n === 0 || m === 0 || n * m > MAX_CELLS) return matched;
  const k = Math.max(1, minRun);
  const cols = m + 1;
  // content[i]: content words among a[0..i), so a run's count is one subtraction.
  const content = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++)
    content[i + 1] = (content[i] ?? 0) + (wordWeight(a[i] as string) === 2 ? 1 : 0);
  // run[i][j]: length of the common run ending at a[i-1], b[j-1].
  const run = new Uint32Array((n + 1) * cols);
  const best = new Uint32Array((n + 1) * cols);
  // take[i][j]: length of the run the optimum at (i, j) ends with, 0 when it skips a word.
  const take = new Uint32Array((n + 1) * cols);
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const at = i * cols + j;
      if (a[i - 1] === b[j - 1]) run[at] = (run[at - cols - 1] ?? 0) + 1;
      let value = Math.max(best[at - cols] ?? 0, best[at - 1] ?? 0);
      let length = 0;
      const longest = run[at] ?? 0;
      for (let l = k; l <= longest; l++) {
        if ((content[i] ?? 0) - (content[i - l] ?? 0) < minContentWords) continue;
        const candidate = (best[at - l * cols - l] ?? 0) + l;
        if (candidate > value) {
          value = candidate;
          length = l;
        }
      }
      best[at] = value;
      take[at] = length;
    }
  }
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    const at = i * cols + j;
    const length = take[at] ?? 0;
    if (length > 0) {
      for (let l = 1; l <= length; l++) matched[i - l] = j - l;
      i -= length;
      j -= length;
    } else if ((best[at - cols] ?? 0) === best[at]) i--;
    else j--;
  }
  return matched;
}

/** Longest run of `a[from..]`'s words found consecutively in `b`, and the run `a[from..]` starts. */
function runs(a: string[], from: number, b: string[]): { longest: number; start: number } {
  let longest = 0;
  let start = 0;
  let previous = new Uint32Array(b.length + 1);
  for (let i = from; i < a.length; i++) {
    const row = new Uint32Array(b.length + 1);
    for (let j = 1; j <= b.length; j++) {
      if (a[i] !== b[j - 1]) continue;
      const length = (previous[j - 1] ?? 0) + 1;
      row[j] = length;
      longest = Math.max(longest, length);
      // A run that ends at a[i] and started at a[from]: the continuation's opening words.
      if (length === i - from + 1) start = Math.max(start, length);
    }
    previous = row;
  }
  return { longest, start };
}

function spansOnContinuation(prefix: string, continuation: string, reply: string): ProbeSpan[] {
  const source = `${prefix}\n\n${continuation}`;
  const continuationStart = prefix.length + 2;
  const index = new PassageIndex();
  index.addDocument('probe', source);
  const result = findSpans(index, reply, () => source);
  return result.spans
    .filter((span) => span.sourceEnd > continuationStart)
    .map(({ kind, replyStart, replyEnd, words, edits }) => ({
      kind,
      replyStart,
      replyEnd,
      words,
      edits,
    }));
}

/**
 * Scores `reply` against the true `continuation` of a probe whose prompt held `prefix`.
 * Hand-worked examples: tests/unit/core/probe-score.test.ts. Never throws; a reply whose
 * alignment would pass 8,000,000 word pairs scores 0 in order (its runs are still measured).
 */
export function scoreProbe(
  prefix: string,
  continuation: string,
  reply: string,
  options: Partial<ProbeScoreOptions> = {},
): ProbeScores {
  const opts = { ...DEFAULT_PROBE_SCORE_OPTIONS, ...options };
  const prefixWords = wordsOf(prefix);
  const continuationWords = wordsOf(continuation);
  const replyWords = wordsOf(reply);
  // A word no reply holds between them: a run may not cross from the echoed prefix into the
  // continuation, so the continuation's part of it must count on its own.
  const matched = alignInRuns(
    [...prefixWords, BOUNDARY, ...continuationWords],
    replyWords,
    opts.minRun,
    opts.minContentWords,
  );
  const from = prefixWords.length + 1;
  const counted = markStretches(matched, from, matched.length, opts);
  let inOrderWords = 0;
  let first = -1;
  let last = -1;
  for (let i = from; i < matched.length; i++) {
    const at = matched[i] as number;
    if (at < 0 || counted[i - from] !== 1) continue;
    inOrderWords++;
    if (first < 0) first = at;
    last = at;
  }
  const { longest, start } = runs(continuationWords, 0, replyWords);
  const firstWords = Math.min(opts.firstWords, continuationWords.length);
  return {
    continuationWords: continuationWords.length,
    replyWords: replyWords.length,
    longestRun: longest,
    inOrderWords,
    inOrderShare: continuationWords.length === 0 ? 0 : inOrderWords / continuationWords.length,
    exactStartWords: start,
    firstWordsExact: firstWords > 0 && start >= firstWords,
    firstWords,
    replyFocus: focusOf(reply, first, last),
    spans: spansOnContinuation(prefix, continuation, reply),
  };
}
