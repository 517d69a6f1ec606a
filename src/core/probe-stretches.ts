/**
 * Which of a probe's aligned continuation words count as given back: only those inside a copied
 * stretch, the probe's version of the scanner's near-verbatim span. A close paraphrase keeps
 * many three- to ten-word phrases of the original in order ("the wisdom of experience", "had
 * already tried the same"), with rewritten words between them; a copy, even with a few words
 * changed, gives back long stretches whose only gaps are small edits. The thresholds are the
 * scanner's own (`DEFAULT_SCAN_OPTIONS`): 12 words, edits of at most 3 words, at most one edit
 * per 8 words (docs/probe.md has the measurements on the development corpus).
 */

/** What makes a stretch, in words. */
export interface StretchRule {
  /** Shortest stretch that counts, in continuation words from its first to its last matched word. */
  minWords: number;
  /** Largest edit bridged between two matched runs, in words on either side. */
  maxGapWords: number;
  /** Most edit words per stretch word; a denser stretch is a paraphrase keeping phrases. */
  maxEditRate: number;
}

/** Matched runs: consecutive continuation words matched to consecutive reply words. */
interface Run {
  /** Continuation word indices `[start, end)`, and the reply word of `start`. */
  start: number;
  end: number;
  replyStart: number;
}

function runsOf(matched: Int32Array, from: number, to: number): Run[] {
  const runs: Run[] = [];
  for (let i = from; i < to; i++) {
    const j = matched[i] as number;
    if (j < 0) continue;
    const last = runs.at(-1);
    if (last && last.end === i && last.replyStart + (i - last.start) === j) last.end++;
    else runs.push({ start: i, end: i + 1, replyStart: j });
  }
  return runs;
}

/**
 * Marks the words of `matched[from, to)` (the continuation's part of an alignment: for each
 * word, its reply word or -1, increasing) that lie in a copied stretch: matched runs chained
 * across gaps of at most `maxGapWords` words on each side, spanning at least `minWords`
 * continuation words (or the whole continuation, when it is shorter), with at most
 * `maxEditRate` edit words per spanned word (a gap costs the larger of its two sides, as in the
 * scanner). A chain too dense in edits counts only those of its runs that are long enough
 * alone. Returns one flag per word of `[from, to)`, 1 when it counts. Never throws.
 */
export function markStretches(
  matched: Int32Array,
  from: number,
  to: number,
  rule: StretchRule,
): Uint8Array {
  const counted = new Uint8Array(Math.max(0, to - from));
  const need = Math.min(rule.minWords, to - from);
  const mark = (runs: Run[]) => {
    for (const run of runs) counted.fill(1, run.start - from, run.end - from);
  };
  const close = (chain: Run[], edits: number) => {
    const first = chain[0];
    const last = chain.at(-1);
    if (!first || !last || last.end - first.start < need) return;
    if (edits <= rule.maxEditRate * (last.end - first.start)) mark(chain);
    else mark(chain.filter((run) => run.end - run.start >= need));
  };
  let chain: Run[] = [];
  let edits = 0;
  for (const run of runsOf(matched, from, to)) {
    const last = chain.at(-1);
    const skipped = last ? run.start - last.end : Infinity;
    const inserted = last ? run.replyStart - (last.replyStart + last.end - last.start) : Infinity;
    if (skipped <= rule.maxGapWords && inserted <= rule.maxGapWords) {
      edits += Math.max(skipped, inserted);
      chain.push(run);
      continue;
    }
    close(chain, edits);
    chain = [run];
    edits = 0;
  }
  close(chain, edits);
  return counted;
}
