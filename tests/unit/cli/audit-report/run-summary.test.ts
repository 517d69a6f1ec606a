import { describe, expect, it } from 'vitest';
import { RunSummary } from '../../../../src/cli/audit-report/run-summary';
import { REPLIES } from '../../../fixtures/audit-report/audit-run';

// Hand-worked from the fixture: reply 1 copies 12 words of the lighthouse; reply 2 copies
// nothing; reply 3 copies 24 words of the ledger (near) and 8 of the lighthouse; reply 4 copies
// 14 words of the ledger.
function summarize(): RunSummary {
  const summary = new RunSummary();
  REPLIES.forEach((reply, i) => summary.add(reply, i + 1));
  return summary;
}

describe('RunSummary', () => {
  it('totals the run', () => {
    expect(summarize().totals).toEqual({
      repliesScanned: 4,
      repliesFlagged: 3,
      replyWords: REPLIES.reduce((sum, r) => sum + r.words, 0),
      spans: 4,
      exactSpans: 3,
      wordsCopied: 58,
    });
  });

  it('sums each work, most words copied first, with its longest copy and that reply', () => {
    expect(summarize().sources()).toEqual([
      {
        source: 'ledger.txt',
        title: 'The Ledger',
        author: undefined,
        replies: 2,
        spans: 2,
        exactSpans: 1,
        words: 38,
        longestWords: 24,
        longestReply: 3,
      },
      {
        source: 'sea/lighthouse.md',
        title: 'The Lighthouse Keeper',
        author: 'Ada Marsh',
        replies: 2,
        spans: 2,
        exactSpans: 2,
        words: 20,
        longestWords: 12,
        longestReply: 1,
      },
    ]);
  });

  it('counts a reply once per work even when it copies the work twice', () => {
    const summary = new RunSummary();
    const [first] = REPLIES;
    const twice = {
      ...first!,
      matches: [first!.matches[0]!, { ...first!.matches[0]!, words: 15 }],
    };
    summary.add(twice, 1);
    expect(summary.sources()[0]).toMatchObject({
      replies: 1,
      spans: 2,
      words: 27,
      longestWords: 15,
    });
  });

  it('lists flagged conversations by words copied; a file without conversations is one', () => {
    const summary = summarize();
    expect(summary.conversationCount()).toBe(3);
    expect(
      summary
        .conversations()
        .map((c) => [c.title, c.repliesFlagged, c.repliesScanned, c.words, c.firstFlagged]),
    ).toEqual([
      ['Accounts', 1, 1, 32, 3],
      ['replies/plain.txt', 1, 1, 14, 4],
      ['Tides and lights', 1, 2, 12, 1],
    ]);
  });

  it('keeps conversations of the same id in different files apart and leaves out quiet ones', () => {
    const summary = new RunSummary();
    const [flagged, quiet] = REPLIES;
    summary.add({ ...flagged!, file: 'a.json' }, 1);
    summary.add({ ...quiet!, file: 'b.json' }, 2);
    expect(summary.conversationCount()).toBe(2);
    expect(summary.conversations().map((c) => c.file)).toEqual(['a.json']);
  });

  it('is empty for a run without replies', () => {
    const summary = new RunSummary();
    expect([summary.sources(), summary.conversations(), summary.totals.repliesScanned]).toEqual([
      [],
      [],
      0,
    ]);
  });
});
