import { describe, expect, it } from 'vitest';
import type { PopupSpan } from '../../../src/shared/messages';
import { formatCitation } from '../../../src/ui/format-citation';

function span(sharedBy: number): PopupSpan {
  return {
    spanId: 's1',
    kind: 'exact',
    words: 24,
    score: 30,
    edits: 0,
    replyText: 'All that glisters is not gold',
    sharedBy,
    source: {
      docId: 'd1',
      title: 'The Salt Keeper of Orrin Bay',
      author: 'Mara Quill',
      sourceStart: 10,
      sourceEnd: 40,
      percent: 1.5,
      before: '',
      passage: 'All that glisters is not gold',
      after: '',
    },
    diff: [],
  };
}

const page = { siteLabel: 'ChatGPT', url: 'https://chatgpt.com/c/1' };
const at = new Date('2026-12-01T00:00:00Z');

describe('formatCitation', () => {
  it.each([
    [1, '— Mara Quill, The Salt Keeper of Orrin Bay (1.5% through'],
    [2, '— Mara Quill, The Salt Keeper of Orrin Bay (1.5% through'],
    [3, '— a common quotation, in 3 library documents; one is Mara Quill, The Salt Keeper'],
    [40, '— a common quotation, in 40 library documents; one is Mara Quill, The Salt Keeper'],
  ])('cites a span that %i library documents hold as %s', (sharedBy, line) => {
    expect(formatCitation(span(sharedBy), page, at).split('\n')[1]).toContain(line);
  });
});
