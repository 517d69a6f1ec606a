import { describe, expect, it } from 'vitest';
import { markStretches, type StretchRule } from '../../../src/core/probe-stretches';

const RULE: StretchRule = { minWords: 12, maxGapWords: 3, maxEditRate: 1 / 8 };

/**
 * An alignment of `length` continuation words from runs given as [start, end, replyStart]:
 * continuation words start..end-1 matched to reply words replyStart.. in order.
 */
function alignment(length: number, runs: [number, number, number][]): Int32Array {
  const matched = new Int32Array(length).fill(-1);
  for (const [start, end, replyStart] of runs)
    for (let i = start; i < end; i++) matched[i] = replyStart + (i - start);
  return matched;
}

/** The counted words as [start, end) ranges, for reading. */
function ranges(flags: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  flags.forEach((flag, i) => {
    const last = out.at(-1);
    if (flag !== 1) return;
    if (last && last[1] === i) last[1]++;
    else out.push([i, i + 1]);
  });
  return out;
}

describe('markStretches, worked by hand', () => {
  it('one exact run of 12 words counts; of 11 words in a 30-word continuation it does not', () => {
    expect(ranges(markStretches(alignment(30, [[5, 17, 40]]), 0, 30, RULE))).toEqual([[5, 17]]);
    expect(ranges(markStretches(alignment(30, [[5, 16, 40]]), 0, 30, RULE))).toEqual([]);
  });

  it('runs chained across a replaced word span 0..20: 20 words, 1 edit, all 19 matched count', () => {
    // 0..9 -> 0..9, word 10 replaced (reply word 10 is another), 11..20 -> 11..20.
    const matched = alignment(20, [
      [0, 10, 0],
      [11, 20, 11],
    ]);
    expect(ranges(markStretches(matched, 0, 20, RULE))).toEqual([
      [0, 10],
      [11, 20],
    ]);
  });

  it('an insertion of 3 reply words is bridged, of 4 is not', () => {
    // 0..7 -> 0..7, then 8..15 -> 11..18 (3 words inserted) or 12..19 (4 inserted). 3 edit
    // words in a 16-word stretch are more than 16/8, so the rate is relaxed to 1/4 here.
    const loose = { ...RULE, maxEditRate: 1 / 4 };
    const three = alignment(16, [
      [0, 8, 0],
      [8, 16, 11],
    ]);
    expect(ranges(markStretches(three, 0, 16, loose))).toEqual([[0, 16]]);
    expect(ranges(markStretches(three, 0, 16, RULE))).toEqual([]);
    const four = alignment(16, [
      [0, 8, 0],
      [8, 16, 12],
    ]);
    expect(ranges(markStretches(four, 0, 16, loose))).toEqual([]);
  });

  it('a deletion of 4 continuation words breaks the chain: two 8-word runs, nothing counts', () => {
    const matched = alignment(20, [
      [0, 8, 0],
      [12, 20, 8],
    ]);
    expect(ranges(markStretches(matched, 0, 20, RULE))).toEqual([]);
  });

  it('a chain too dense in edits keeps only its runs of 12 or more', () => {
    // 0..14 (14), gap 2, 16..19 (3), gap 2, 21..24 (3): spans 24 words with 4 edit words, more
    // than 24/8 = 3. Only the 14-word run is long enough alone.
    const matched = alignment(30, [
      [0, 14, 0],
      [16, 19, 16],
      [21, 24, 21],
    ]);
    expect(ranges(markStretches(matched, 0, 30, RULE))).toEqual([[0, 14]]);
    // Allowing one edit per 6 words (4 <= 24/6), the whole chain counts.
    expect(ranges(markStretches(matched, 0, 30, { ...RULE, maxEditRate: 1 / 6 })).flat()).toEqual([
      0, 14, 16, 19, 21, 24,
    ]);
  });

  it('a continuation shorter than 12 words needs a stretch over all of it', () => {
    // 8 words: 0..3 and 4..8 with one replaced word between (3 is missing): spans 0..8.
    const whole = alignment(8, [
      [0, 3, 0],
      [4, 8, 4],
    ]);
    expect(ranges(markStretches(whole, 0, 8, RULE))).toEqual([
      [0, 3],
      [4, 8],
    ]);
    expect(ranges(markStretches(alignment(8, [[0, 6, 0]]), 0, 8, RULE))).toEqual([]);
  });

  it('reads only [from, to): the prefix part of an alignment is neither chained nor marked', () => {
    // Words 0..9 are the prefix (echoed), 10 the boundary, 11..24 the continuation (14 words).
    const matched = alignment(25, [
      [0, 10, 0],
      [11, 17, 12],
    ]);
    const flags = markStretches(matched, 11, 25, RULE);
    expect(flags).toHaveLength(14);
    // 6 words only: the echoed prefix before them does not make the stretch 12.
    expect(ranges(flags)).toEqual([]);
  });

  it('an empty range or an empty alignment marks nothing and does not throw', () => {
    expect(markStretches(new Int32Array(0), 0, 0, RULE)).toHaveLength(0);
    expect(ranges(markStretches(new Int32Array(5).fill(-1), 0, 5, RULE))).toEqual([]);
  });
});
