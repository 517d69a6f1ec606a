import { describe, expect, it } from 'vitest';
import type { PopupReply, PopupSpan } from '../../../src/shared/messages';
import { sourceSummaryParts, summarizeSources } from '../../../src/popup/source-summary';

function span(
  id: string,
  words: number,
  source?: { docId: string; title: string; author?: string },
): PopupSpan {
  return {
    spanId: id,
    kind: 'exact',
    words,
    score: words,
    edits: 0,
    replyText: 'x',
    sharedBy: 1,
    source: source
      ? { ...source, sourceStart: 0, sourceEnd: 1, percent: 0, before: '', passage: 'x', after: '' }
      : null,
    diff: [],
  };
}

function reply(id: string, spans: PopupSpan[]): PopupReply {
  return { replyId: id, position: 1, isComplete: true, words: 100, coverage: 0.5, spans };
}

const BLEAK = { docId: 'd1', title: 'Bleak House', author: 'Charles Dickens' };
const EMMA = { docId: 'd2', title: 'Emma' };

describe('the per-source summary', () => {
  it('adds up passages and words per source over every reply, most words first', () => {
    const summaries = summarizeSources([
      reply('r1', [span('a', 40, BLEAK), span('b', 50, EMMA)]),
      reply('r2', [span('c', 30, BLEAK), span('d', 42, BLEAK)]),
    ]);
    expect(summaries.map((s) => [s.title, s.passages, s.words])).toEqual([
      ['Bleak House', 3, 112],
      ['Emma', 1, 50],
    ]);
  });

  it('says it as a sentence, with the author when known and singulars for one', () => {
    const [bleak, emma] = summarizeSources([
      reply('r1', [span('a', 40, BLEAK), span('c', 30, BLEAK), span('d', 42, BLEAK)]),
      reply('r2', [span('b', 1, EMMA)]),
    ]);
    const text = (s: typeof bleak) => {
      const { lead, tail } = sourceSummaryParts(s as NonNullable<typeof bleak>);
      return `${lead}${s?.title}${tail}`;
    };
    expect(text(bleak)).toBe('3 passages from Bleak House by Charles Dickens, 112 words');
    expect(text(emma)).toBe('1 passage from Emma, 1 word');
  });

  it('groups spans whose document left the library under one line, and is empty with no spans', () => {
    const summaries = summarizeSources([reply('r1', [span('a', 9), span('b', 8)])]);
    expect(summaries).toEqual([
      { docId: null, title: 'A document no longer in your library', passages: 2, words: 17 },
    ]);
    expect(summarizeSources([])).toEqual([]);
  });

  it('writes large counts with separators', () => {
    const [s] = summarizeSources([reply('r1', [span('a', 12_345, BLEAK)])]);
    expect(s && sourceSummaryParts(s).tail).toBe(' by Charles Dickens, 12,345 words');
  });
});
