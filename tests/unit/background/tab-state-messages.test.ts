import { describe, expect, it } from 'vitest';
import { createContentHandlers, createTabReportHandlers, replyKeyOf, spanIdOf, toReplySpans, type MessageSenderLike, type ReplyMatcher } from '../../../src/background/content-handlers';
import { classifySender, createMessageRouter } from '../../../src/background/message-router';
import { createTabState } from '../../../src/background/tab-state';
import type { ScanResult, Span } from '../../../src/core/index';
import type { Handlers, PopupToBackground } from '../../../src/shared/messages';
import { ok } from '../../../src/shared/result';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const TAB: MessageSenderLike = { id: ID, url: 'https://chatgpt.com/c/1', tab: { id: 9 } };

function span(replyStart: number, replyEnd: number, sourceWordStart = 0, docId = 'doc-1'): Span {
  return { replyStart, replyEnd, docId, sourceStart: 0, sourceEnd: 0, replyWordStart: 0, replyWordEnd: 0, sourceWordStart, sourceWordEnd: 0, words: 12, kind: 'exact', edits: 0, score: 24 };
}

/** A matcher whose scans resolve when the test says so, to reorder them. */
function controllableMatcher() {
  const calls: { key: string; text: string; resolve: (r: ScanResult) => void }[] = [];
  const forgotten: string[] = [];
  const matcher: ReplyMatcher = {
    scanReply: (key, text) => new Promise((resolve) => calls.push({ key, text, resolve })),
    forgetReply: (key) => void forgotten.push(key),
  };
  return { matcher, calls, forgotten };
}

function setup() {
  const badges: [number, string][] = [];
  const m = controllableMatcher();
  const tabState = createTabState({ setBadgeText: (tabId, text) => badges.push([tabId, text]), onRepliesDropped: (tabId, ids) => ids.forEach((id) => m.matcher.forgetReply(replyKeyOf(tabId, id))) });
  const handlers = createContentHandlers({ tabState, matcher: m.matcher });
  return { ...m, badges, tabState, handlers };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('content-script messages in the background', () => {
  it('answers replyChanged with offsets and kinds only, and sets the badge to the tab\'s span count', async () => {
    const s = setup();
    const reply = s.handlers.replyChanged({ siteId: 'chatgpt', replyId: 'a-1', text: 'copied words here', isComplete: true, url: TAB.url ?? '' }, TAB);
    await flush();
    s.calls[0]?.resolve({ words: 3, coverage: 1, spans: [span(0, 6, 4), span(7, 12, 9)] });
    const result = await reply;
    expect(s.calls[0]?.key).toBe('9:a-1');
    expect(result.ok && result.value.spans).toEqual([
      { spanId: expect.any(String), replyStart: 0, replyEnd: 6, kind: 'exact' },
      { spanId: expect.any(String), replyStart: 7, replyEnd: 12, kind: 'exact' },
    ]);
    expect(s.badges).toEqual([[9, '2']]);
  });

  it('scans one reply\'s texts in order, so a slow early scan never overwrites a later one', async () => {
    const s = setup();
    const first = s.handlers.replyChanged({ siteId: 'chatgpt', replyId: 'a-1', text: 'short', isComplete: false, url: 'u' }, TAB);
    const second = s.handlers.replyChanged({ siteId: 'chatgpt', replyId: 'a-1', text: 'short and longer', isComplete: true, url: 'u' }, TAB);
    await flush();
    expect(s.calls).toHaveLength(1);
    s.calls[0]?.resolve({ words: 1, coverage: 0, spans: [] });
    await first;
    await flush();
    expect(s.calls).toHaveLength(2);
    s.calls[1]?.resolve({ words: 3, coverage: 1, spans: [span(0, 5)] });
    await second;
    expect(s.tabState.report(9)?.flaggedSpans).toBe(1);
  });

  it('drops a scan that finishes after the tab moved to another conversation', async () => {
    const s = setup();
    const pending = s.handlers.replyChanged({ siteId: 'chatgpt', replyId: 'a-1', text: 'old page', isComplete: true, url: 'u' }, TAB);
    await flush();
    expect(s.handlers.pageOpened({ siteId: 'chatgpt', url: 'https://chatgpt.com/c/2' }, TAB)).toEqual(ok(null));
    s.calls[0]?.resolve({ words: 2, coverage: 1, spans: [span(0, 3)] });
    const result = await pending;
    expect(result.ok && result.value.spans).toEqual([]);
    expect(s.tabState.report(9)?.flaggedSpans).toBe(0);
  });

  it.each([
    ['no payload', undefined],
    ['a missing reply id', { siteId: 'chatgpt', text: 'x', isComplete: true, url: 'u' }],
    ['text that is not a string', { siteId: 'chatgpt', replyId: 'a', text: 5, isComplete: true, url: 'u' }],
    ['isComplete that is not a boolean', { siteId: 'chatgpt', replyId: 'a', text: 'x', isComplete: 'yes', url: 'u' }],
  ])('answers a replyChanged with %s with an error Result, never a throw', async (_name, payload) => {
    const s = setup();
    const result = await s.handlers.replyChanged(payload as never, TAB);
    expect(result.ok).toBe(false);
    expect(s.calls).toHaveLength(0);
  });

  it('neither scans nor counts the replies of a site the user switched off', async () => {
    const s = setup();
    const handlers = createContentHandlers({ tabState: s.tabState, matcher: s.matcher, isSiteEnabled: async (id) => id !== 'chatgpt' });
    const result = await handlers.replyChanged({ siteId: 'chatgpt', replyId: 'a-1', text: 'copied words', isComplete: true, url: 'u' }, TAB);
    expect(result).toEqual(ok({ spans: [] }));
    expect(s.calls).toHaveLength(0);
    expect(s.badges).toEqual([]);
  });

  it('rejects pageScanned with a negative or fractional count', async () => {
    const s = setup();
    expect((await s.handlers.pageScanned({ siteId: 'x', url: 'u', replyCount: -1 }, TAB)).ok).toBe(false);
    expect((await s.handlers.pageScanned({ siteId: 'x', url: 'u', replyCount: 1.5 }, TAB)).ok).toBe(false);
    expect((await s.handlers.pageScanned({ siteId: 'x', url: 'u', replyCount: 0 }, TAB)).ok).toBe(true);
    expect(s.tabState.report(9)?.replyCount).toBe(0);
  });

  it('reports a tab to the popup with offsets only, and null for a tab it never heard from', async () => {
    const s = setup();
    const report = createTabReportHandlers(s.tabState);
    expect(report.getTabReport({ tabId: 9 }, {})).toEqual(ok(null));
    s.handlers.pageScanned({ siteId: 'chatgpt', url: 'https://chatgpt.com/c/1', replyCount: 0 }, TAB);
    expect(report.getTabReport({ tabId: 9 }, {})).toEqual(ok({ siteId: 'chatgpt', url: 'https://chatgpt.com/c/1', replyCount: 0, flaggedSpans: 0, replies: [] }));
    expect((await report.getTabReport({ tabId: 'x' } as never, {})).ok).toBe(false);
  });

  it('derives span ids from the source position, never from text, unique within a reply', () => {
    expect(spanIdOf(span(0, 5, 10))).toBe(spanIdOf(span(50, 60, 10)));
    expect(spanIdOf(span(0, 5, 10))).not.toBe(spanIdOf(span(0, 5, 11)));
    const ids = toReplySpans([span(0, 5, 10), span(20, 25, 10)]).map((s) => s.spanId);
    expect(new Set(ids).size).toBe(2);
  });
});

describe('the background message router', () => {
  it.each([
    ['a content script', TAB, 'content'],
    ['the popup', { id: ID, url: `chrome-extension://${ID}/src/popup/index.html` }, 'page'],
    ['the options page open in a tab', { id: ID, url: `chrome-extension://${ID}/src/options/index.html`, tab: { id: 3 } }, 'page'],
    ['another extension', { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: 'https://chatgpt.com/', tab: { id: 3 } }, 'foreign'],
    ['a sender without a tab or page URL', { id: ID }, 'foreign'],
    ['another extension\'s page', { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: 'chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/x.html' }, 'foreign'],
  ] as const)('classifies %s as %s', (_name, sender, kind) => {
    expect(classifySender(sender, ID)).toBe(kind);
  });

  it('sends each sender only to its own handlers and refuses foreign senders', async () => {
    const s = setup();
    const pages: Handlers<PopupToBackground, MessageSenderLike> = {
      getTabReport: () => ok(null),
      getPopupReport: () => ok({ libraryDocuments: 0, page: null, replies: [] }),
      settingsChanged: () => ok(null),
      addText: () => ok({ docId: 'd', duplicate: false }),
      libraryChanged: () => ok(null),
      scanText: () => ok({ words: 0, coverage: 0, spans: [] }),
      enableSite: () => ok(null),
      removeSite: () => ok(null),
      checkText: () => ok({ words: 0, coverage: 0, spans: [] }),
    };
    const route = createMessageRouter({ extensionId: ID, content: { ...s.handlers, replyPicked: () => ok(null) }, pages });
    const popup = { id: ID, url: `chrome-extension://${ID}/src/popup/index.html` };
    expect(await route({ type: 'addText', payload: { title: 't', text: 'x' } }, popup)).toEqual(ok({ docId: 'd', duplicate: false }));
    expect((await route({ type: 'addText', payload: { title: 't', text: 'x' } }, TAB)).ok).toBe(false);
    expect((await route({ type: 'pageOpened', payload: { siteId: 's', url: 'u' } }, popup)).ok).toBe(false);
    expect(await route({ type: 'pageOpened', payload: { siteId: 's', url: 'u' } }, TAB)).toEqual(ok(null));
    const foreign = await route({ type: 'pageOpened', payload: { siteId: 's', url: 'u' } }, { id: 'other', url: 'https://x.com/', tab: { id: 1 } });
    expect(foreign.ok === false && foreign.error.code).toBe('forbidden-sender');
    expect((await route('not a message', TAB)).ok).toBe(false);
    expect((await route({ type: 'getTabReport', payload: { tabId: 9 } }, TAB)).ok).toBe(false);
  });
});
