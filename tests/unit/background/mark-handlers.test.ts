import { describe, expect, it } from 'vitest';
import type { Span } from '../../../src/core/index';
import { toReplySpans } from '../../../src/background/content-handlers';
import { createMarkHandlers } from '../../../src/background/mark-handlers';
import { createReplyDetails } from '../../../src/background/reply-details';

function span(docId: string, sourceWordStart: number, words: number): Span {
  return {
    replyStart: 0,
    replyEnd: 10,
    docId,
    sourceStart: 0,
    sourceEnd: 10,
    replyWordStart: 0,
    replyWordEnd: words,
    sourceWordStart,
    sourceWordEnd: sourceWordStart + words,
    words,
    kind: 'near',
    edits: 1,
    score: words,
    sharedBy: 1,
  };
}

async function setup() {
  const details = createReplyDetails();
  const spans = [span('d1', 5, 12), span('d2', 9, 30)];
  const matcher = details.wrap({
    scanReply: async () => ({ words: 50, coverage: 0.5, spans }),
    readReply: async () => undefined,
    forgetReply: () => undefined,
  });
  await matcher.scanReply('7:r1', 'reply text');
  const opened: [number, string][] = [];
  const handlers = createMarkHandlers({
    details,
    store: {
      getDocument: async (id) =>
        id === 'd2'
          ? ({ id, title: 'Bleak House', author: 'Charles Dickens' } as never)
          : undefined,
    },
    openPopup: async (tabId, path) => void opened.push([tabId, path]),
  });
  const ids = toReplySpans(spans).map((s) => s.spanId);
  return { handlers, ids, opened };
}

const TAB_7 = { tab: { id: 7 }, url: 'https://chatgpt.com/c/1' };

describe('the mark card handlers', () => {
  it("describe a mark of the sender's own tab: title, author, kind, words", async () => {
    const { handlers, ids } = await setup();
    expect(await handlers.describeMark({ replyId: 'r1', spanId: ids[1] ?? '' }, TAB_7)).toEqual({
      ok: true,
      value: {
        title: 'Bleak House',
        author: 'Charles Dickens',
        kind: 'near',
        words: 30,
        sharedBy: 1,
      },
    });
    const removed = await handlers.describeMark({ replyId: 'r1', spanId: ids[0] ?? '' }, TAB_7);
    expect(removed.ok && removed.value.title).toBe('A removed document');
  });

  it("refuse another tab's marks, unknown spans and bad ids", async () => {
    const { handlers, ids } = await setup();
    const other = { tab: { id: 8 }, url: 'https://chatgpt.com/c/1' };
    const spanId = ids[1] ?? '';
    expect((await handlers.describeMark({ replyId: 'r1', spanId }, other)).ok).toBe(false);
    expect((await handlers.describeMark({ replyId: 'r1', spanId: 'zzz' }, TAB_7)).ok).toBe(false);
    expect((await handlers.describeMark({ replyId: '', spanId }, TAB_7)).ok).toBe(false);
    expect((await handlers.describeMark({ replyId: 'r1', spanId }, {})).ok).toBe(false);
  });

  it('open the popup at the passage for the sender’s tab', async () => {
    const { handlers, ids, opened } = await setup();
    const spanId = ids[0] ?? '';
    expect((await handlers.showInRecital({ replyId: 'r1', spanId }, TAB_7)).ok).toBe(true);
    expect(opened).toEqual([[7, `src/popup/index.html?tabId=7&reply=r1&span=${spanId}`]]);
    expect((await handlers.showInRecital({ replyId: 'r1' } as never, TAB_7)).ok).toBe(false);
    expect(opened).toHaveLength(1);
  });
});
