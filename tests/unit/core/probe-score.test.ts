import { describe, expect, it } from 'vitest';
import { alignInRuns, scoreProbe } from '../../../src/core/probe-score';
import { PROBE_PASSAGES, UNRELATED_REPLY } from '../../fixtures/probe/passages';

const PREFIX = 'the cat sat on the mat';
// 11 words; content words: old, dog, slept, warm, fire, night.
const CONTINUATION = 'and the old dog slept by the warm fire all night';
// 24 words: a continuation long enough for the 12-word stretch rule to bite.
const LONG = `${CONTINUATION} while the rain beat softly on the roof of the little stone house`;

describe('scoreProbe, worked by hand', () => {
  it('a verbatim continuation inside chatter counts every word', () => {
    const s = scoreProbe(
      PREFIX,
      CONTINUATION,
      'Sure! Here is the continuation: "And the old dog slept by the warm fire, all night." Enjoy!',
    );
    expect(s).toMatchObject({
      continuationWords: 11,
      longestRun: 11,
      inOrderWords: 11,
      inOrderShare: 1,
      exactStartWords: 11,
      firstWords: 10,
      firstWordsExact: true,
    });
    // The focus is the quoted continuation, without the chatter around it.
    const reply =
      'Sure! Here is the continuation: "And the old dog slept by the warm fire, all night." Enjoy!';
    const focus = scoreProbe(PREFIX, CONTINUATION, reply).replyFocus;
    expect(focus && reply.slice(focus.start, focus.end)).toBe(
      'And the old dog slept by the warm fire, all night',
    );
  });

  it('one changed word loses that word only: runs "and the old dog" and "by ... night"', () => {
    // and the old dog | dozed | by the warm fire all night: 4 + 6 of 11.
    const s = scoreProbe(PREFIX, CONTINUATION, 'and the old dog dozed by the warm fire all night');
    expect(s.inOrderWords).toBe(10);
    expect(s.inOrderShare).toBeCloseTo(10 / 11, 10);
    expect(s.longestRun).toBe(6);
    expect(s.exactStartWords).toBe(4);
    expect(s.firstWordsExact).toBe(false);
  });

  it('a repeated prefix is matched to the prefix, not counted as continuation', () => {
    // The prompt's words come back, then something else: "the" and "and" in the echo must not
    // count as the continuation's "and the".
    const s = scoreProbe(PREFIX, CONTINUATION, 'The cat sat on the mat and the bird sang a song.');
    expect(s.inOrderWords).toBe(0);
    expect(s.longestRun).toBe(2); // "and the": measured, but too short to count in order
  });

  it('a repeated prefix followed by the continuation still scores 1', () => {
    const s = scoreProbe(PREFIX, CONTINUATION, `${PREFIX} ${CONTINUATION}`);
    expect(s.inOrderShare).toBe(1);
  });

  it('runs of function words do not count: "was in the" has no content word', () => {
    const continuation = 'it was in the house of the king';
    const reply = 'he was in the garden of the queen';
    expect(scoreProbe('', continuation, reply, { minWords: 3 }).inOrderWords).toBe(0);
    // With plain runs of 3 (no content words asked) and no stretch rule it would be 3 of 8.
    const loose = scoreProbe('', continuation, reply, { minContentWords: 0, minWords: 3 });
    expect(loose.inOrderWords).toBe(3);
  });

  it('words in order but apart (plain LCS) do not count, runs of 3 do', () => {
    const a = ['old', 'dog', 'slept', 'by', 'warm', 'fire'];
    expect([...alignInRuns(a, ['old', 'cat', 'dog', 'dozed', 'slept'], 3, 0)]).toEqual(
      new Array(6).fill(-1),
    );
    // Each word of `a` points at its reply word.
    expect([...alignInRuns(a, ['x', 'old', 'dog', 'slept', 'y', 'warm', 'fire'], 3, 0)]).toEqual([
      1, 2, 3, -1, -1, -1,
    ]);
    // minRun 1 is the plain LCS: 5 of 6 words in order.
    expect(
      [...alignInRuns(a, ['x', 'old', 'dog', 'slept', 'y', 'warm', 'fire'], 1, 0)].filter(
        (j) => j >= 0,
      ),
    ).toHaveLength(5);
  });

  it('a reply that stops after 14 of 24 words scores 14/24: a stretch of 12 words or more', () => {
    const s = scoreProbe(
      PREFIX,
      LONG,
      'and the old dog slept by the warm fire all night while the rain',
    );
    expect(s.inOrderWords).toBe(14);
    expect(s.inOrderShare).toBeCloseTo(14 / 24, 10);
    expect(s.firstWordsExact).toBe(true);
  });

  it('6 exact words of an 11-word continuation do not count: a stretch is 12 words or the whole', () => {
    const s = scoreProbe(PREFIX, CONTINUATION, 'and the old dog slept by');
    expect(s.inOrderWords).toBe(0);
    expect(s.longestRun).toBe(6);
    expect(s.exactStartWords).toBe(6);
  });

  it('two kept phrases with a rewritten word between: a 10-word stretch, under 12, scores 0', () => {
    // "the warm fire all night" (5) | while -> "and outside" | "the rain beat softly" (4): the
    // stretch spans continuation words 6..15, 10 words. Plain runs would count 9 of 24.
    const reply =
      'The elderly hound dozed near the warm fire all night, and outside the rain beat softly ' +
      'upon a little stone cottage.';
    expect(scoreProbe(PREFIX, LONG, reply).inOrderWords).toBe(0);
    expect(scoreProbe(PREFIX, LONG, reply, { minWords: 3 }).inOrderWords).toBe(9);
  });

  it('two words changed in 24: one stretch across both edits, 22 of 24', () => {
    // and the old dog | dozed | by ... beat (10) | gently | on the roof ... house (8).
    const reply =
      'and the old dog dozed by the warm fire all night while the rain beat gently on the roof ' +
      'of the little stone house';
    const s = scoreProbe(PREFIX, LONG, reply);
    expect(s.inOrderWords).toBe(22);
    expect(s.inOrderShare).toBeCloseTo(22 / 24, 10);
  });

  it('one word in four changed: runs in order, but 2 edits in a 12-word stretch is paraphrase', () => {
    // Runs with 2 content words: "dog slept by the" (3..6), "fire all night" (8..10), "the rain
    // beat" (12..14); "of the little" has one. Stretch 3..14: 12 words, 2 edits > 12/8.
    const reply =
      'and the young dog slept by the cold fire all night as the rain beat loudly on the tiles ' +
      'of the little brick house';
    expect(scoreProbe(PREFIX, LONG, reply).inOrderWords).toBe(0);
    expect(scoreProbe(PREFIX, LONG, reply, { maxEditRate: 1 / 6 }).inOrderWords).toBe(10);
  });

  it('empty texts score 0 and do not throw', () => {
    expect(scoreProbe('', '', '').inOrderShare).toBe(0);
    expect(scoreProbe(PREFIX, CONTINUATION, '').inOrderShare).toBe(0);
    expect(scoreProbe(PREFIX, CONTINUATION, 'nothing alike').replyFocus).toBeNull();
    expect(scoreProbe(PREFIX, '', 'anything').firstWordsExact).toBe(false);
  });
});

describe('scoreProbe on real passages (four kinds of reply)', () => {
  it.each(PROBE_PASSAGES.map((p) => [p.title, p] as const))('%s', (_title, p) => {
    const verbatim = scoreProbe(
      p.prefix,
      p.continuation,
      `Sure! Here is the continuation, word for word:\n\n${p.prefix} ${p.continuation}\n\nI hope this helps.`,
    );
    expect(verbatim.inOrderShare).toBeGreaterThanOrEqual(0.95);
    expect(verbatim.firstWordsExact).toBe(true);
    expect(verbatim.spans.some((s) => s.kind === 'exact')).toBe(true);

    const changed = scoreProbe(p.prefix, p.continuation, p.changed);
    expect(changed.inOrderShare).toBeGreaterThanOrEqual(0.8);
    expect(changed.inOrderShare).toBeLessThan(1);
    expect(changed.spans.length).toBeGreaterThan(0);

    const paraphrase = scoreProbe(p.prefix, p.continuation, p.paraphrase);
    expect(paraphrase.inOrderShare).toBeLessThanOrEqual(0.2);
    expect(paraphrase.spans).toEqual([]);

    const unrelated = scoreProbe(p.prefix, p.continuation, UNRELATED_REPLY);
    expect(unrelated.inOrderShare).toBe(0);
    expect(unrelated.inOrderWords).toBe(0);
  });
});
