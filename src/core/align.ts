/** Growing a verified hit into an alignment across small edits, and measuring its edits. */
import type { DocumentCursor } from './document-cursor';
import type { ScanOptions } from './find-spans';
import type { Seed } from './lookup-table';
import type { WordList } from './tokenize';

/** An alignment of reply words to document words, as matched pairs in increasing order. */
export interface Alignment {
  /** Number of the aligned document (a seed's `doc`). */
  doc: number;
  /** Tie-break order between alignments of equal length: the document number, unless the scan gives an order. */
  docOrder: number;
  /** Reply word of each matched pair, increasing. */
  replyWords: number[];
  /** Document word of each matched pair, increasing. */
  docWords: number[];
}

/**
 * Grows an exact seed into a maximal alignment: exact extension both ways, then across edits of
 * at most `maxGap` words on either side when `anchor` words match again right after the edit.
 */
export function align(
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
export function countEdits(
  replyWords: number[],
  docWords: number[],
  from: number,
  to: number,
): number {
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
 * The longest stretch of pairs `[from, to)` whose edits stay within `maxEditRate` per word.
 * A paraphrase keeps many short runs of the original's words; a copy with small edits keeps
 * long runs between them. Stretches start and end at exact runs.
 */
export function densestAcceptable(
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
export function longestExactRun(a: Alignment, from: number, to: number): [number, number] {
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
