import { describe, expect, it } from 'vitest';
import {
  createContentHandlers,
  createTabReportHandlers,
  replyKeyOf,
  spanIdOf,
  toReplySpans,
  type MessageSenderLike,
  type ReplyMatcher,
} from '../../../src/background/content-handlers';
import { classifySender, createMessageRouter } from '../../../src/background/message-router';
import { ScanScheduler } from '../../../src/background/scan-scheduler';
import { createTabState } from '../../../src/background/tab-state';
import type { ScanResult, Span } from '../../../src/core/index';
import type { Handlers, PopupToBackground, ReplyTextChange } from '../../../src/shared/messages';
import { ok } from '../../../src/shared/result';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const PAINT = { highlightColors: { exact: '#000000', near: '#ffffff' }, markReplies: true };
const TAB: MessageSenderLike = { id: ID, url: 'https://chatgpt.com/c/1', tab: { id: 9 } };

function span(replyStart: number, replyEnd: number, sourceWordStart = 0, docId = 'doc-1'): Span {
  return {
    replyStart,
    replyEnd,
    docId,
    sourceStart: 0,
    sourceEnd: 0,
    replyWordStart: 0,
    replyWordEnd: 0,
    sourceWordStart,
    sourceWordEnd: 0,
    words: 12,
    kind: 'exact',
    edits: 0,
    score: 24,
    sharedBy: 1,
  };
}

/** A matcher whose scans resolve when the test says so, to reorder them. */
function controllableMatcher() {
  const calls: {
    key: string;
    text: string;
    keep: number | undefined;
    resolve: (r: ScanResult) => void;
  }[] = [];
  const forgotten: string[] = [];
  const matcher: ReplyMatcher = {
    scanReply: (key, text, keep) =>
      new Promise((resolve) => calls.push({ key, text, keep, resolve })),
    readReply: () => Promise.resolve(),
    forgetReply: (key) => void forgotten.push(key),
  };
  const scheduler = new ScanScheduler(matcher, {
    sliceChars: Number.MAX_SAFE_INTEGER,
    nextTurn: () => Promise.resolve(),
  });
  return { matcher, scheduler, calls, forgotten };
}

function setup() {
  const badges: [number, string][] = [];
  const m = controllableMatcher();
  const tabState = createTabState({
    setBadgeText: (tabId, text) => badges.push([tabId, text]),
    onRepliesDropped: (tabId, ids) =>
      ids.forEach((id) => m.matcher.forgetReply(replyKeyOf(tabId, id))),
  });
  const handlers = createContentHandlers({ tabState, scheduler: m.scheduler });
  return { ...m, badges, tabState, handlers };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

let lastRevision = 0;

/** A replyChanged payload carrying the whole text. */
function whole(
  replyId: string,
  text: string,
  isComplete: boolean,
  url = 'https://chatgpt.com/c/1',
) {
  return {
    siteId: 'chatgpt',
    replyId,
    revision: ++lastRevision,
    change: { kind: 'whole', text } as const,
    isComplete,
    url,
  };
}

describe('content-script messages in the background', () => {
  it("answers replyChanged with offsets and kinds only, and sets the badge to the tab's span count", async () => {
    const s = setup();
    const reply = s.handlers.replyChanged(whole('a-1', 'copied words here', true, TAB.url), TAB);
    await flush();
    s.calls[0]?.resolve({ words: 3, coverage: 1, spans: [span(0, 6, 4), span(7, 12, 9)] });
    const result = await reply;
    expect(s.calls[0]?.key).toBe('9:a-1');
    expect(result.ok && result.value).toEqual({
      status: 'scanned',
      spans: [
        { spanId: expect.any(String), replyStart: 0, replyEnd: 6, kind: 'exact' },
        { spanId: expect.any(String), replyStart: 7, replyEnd: 12, kind: 'exact' },
      ],
    });
    expect(s.badges).toEqual([[9, '2']]);
  });

  it("scans one reply's texts in order, so a slow early scan never overwrites a later one", async () => {
    const s = setup();
    const first = s.handlers.replyChanged(whole('a-1', 'short', false), TAB);
    const second = s.handlers.replyChanged(whole('a-1', 'short and longer', true), TAB);
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

  it("tells the matcher how much of a reply's text is unchanged since its last scan", async () => {
    const s = setup();
    const first = whole('a-1', 'The keeper', false);
    const scanned = s.handlers.replyChanged(first, TAB);
    await flush();
    s.calls[0]?.resolve({ words: 2, coverage: 0, spans: [] });
    await scanned;
    const tail = (base: number, baseLength: number, keep: number, text: string) => ({
      ...whole('a-1', '', false),
      change: { kind: 'tail', baseRevision: base, baseLength, keep, tail: text } as const,
    });
    const second = tail(first.revision, 10, 10, ' climbed');
    const grown = s.handlers.replyChanged(second, TAB);
    await flush();
    expect(s.calls[1]).toMatchObject({ text: 'The keeper climbed', keep: 10 });
    // The next text waits for the scan of `second`, then keeps what that scan read.
    const third = s.handlers.replyChanged(tail(second.revision, 18, 18, ' up'), TAB);
    await flush();
    expect(s.calls).toHaveLength(2);
    s.calls[1]?.resolve({ words: 3, coverage: 0, spans: [] });
    await grown;
    await flush();
    expect(s.calls[2]).toMatchObject({ text: 'The keeper climbed up', keep: 18 });
    s.calls[2]?.resolve({ words: 4, coverage: 0, spans: [] });
    await third;
    expect(s.calls.map((c) => c.keep)).toEqual([0, 10, 18]);
  });

  it('drops a scan that finishes after the tab moved to another conversation', async () => {
    const s = setup();
    const pending = s.handlers.replyChanged(whole('a-1', 'old page', true), TAB);
    await flush();
    expect(
      s.handlers.pageOpened({ siteId: 'chatgpt', url: 'https://chatgpt.com/c/2' }, TAB),
    ).toEqual(ok(null));
    s.calls[0]?.resolve({ words: 2, coverage: 1, spans: [span(0, 3)] });
    const result = await pending;
    expect(result.ok && result.value).toEqual({ status: 'scanned', spans: [] });
    expect(s.tabState.report(9)?.flaggedSpans).toBe(0);
  });

  it.each([
    ['no payload', undefined],
    [
      'a missing reply id',
      {
        siteId: 'chatgpt',
        revision: 1,
        change: { kind: 'whole', text: 'x' },
        isComplete: true,
        url: 'https://chatgpt.com/c/1',
      },
    ],
    [
      'a missing revision',
      {
        siteId: 'chatgpt',
        replyId: 'a',
        change: { kind: 'whole', text: 'x' },
        isComplete: true,
        url: 'https://chatgpt.com/c/1',
      },
    ],
    [
      'a fractional revision',
      {
        siteId: 'chatgpt',
        replyId: 'a',
        revision: 1.5,
        change: { kind: 'whole', text: 'x' },
        isComplete: true,
        url: 'https://chatgpt.com/c/1',
      },
    ],
    [
      'the old whole-text shape',
      {
        siteId: 'chatgpt',
        replyId: 'a',
        revision: 1,
        text: 'x',
        isComplete: true,
        url: 'https://chatgpt.com/c/1',
      },
    ],
    [
      'text that is not a string',
      {
        siteId: 'chatgpt',
        replyId: 'a',
        revision: 1,
        change: { kind: 'whole', text: 5 },
        isComplete: true,
        url: 'https://chatgpt.com/c/1',
      },
    ],
    [
      'an unknown change kind',
      {
        siteId: 'chatgpt',
        replyId: 'a',
        revision: 1,
        change: { kind: 'diff', text: 'x' },
        isComplete: true,
        url: 'https://chatgpt.com/c/1',
      },
    ],
    [
      'a tail with a negative keep',
      {
        siteId: 'chatgpt',
        replyId: 'a',
        revision: 1,
        change: { kind: 'tail', baseRevision: 0, baseLength: 0, keep: -1, tail: 'x' },
        isComplete: true,
        url: 'https://chatgpt.com/c/1',
      },
    ],
    [
      'a tail that is not a string',
      {
        siteId: 'chatgpt',
        replyId: 'a',
        revision: 1,
        change: { kind: 'tail', baseRevision: 0, baseLength: 0, keep: 0, tail: null },
        isComplete: true,
        url: 'https://chatgpt.com/c/1',
      },
    ],
    [
      'a text over the size limit',
      {
        siteId: 'chatgpt',
        replyId: 'a',
        revision: 1,
        change: {
          kind: 'tail',
          baseRevision: 0,
          baseLength: 16_000_000,
          keep: 16_000_000,
          tail: 'x',
        },
        isComplete: true,
        url: 'https://chatgpt.com/c/1',
      },
    ],
    [
      'isComplete that is not a boolean',
      {
        siteId: 'chatgpt',
        replyId: 'a',
        revision: 1,
        change: { kind: 'whole', text: 'x' },
        isComplete: 'yes',
        url: 'https://chatgpt.com/c/1',
      },
    ],
  ])(
    'answers a replyChanged with %s with an error Result, never a throw',
    async (_name, payload) => {
      const s = setup();
      const result = await s.handlers.replyChanged(payload as never, TAB);
      expect(result.ok).toBe(false);
      expect(s.calls).toHaveLength(0);
    },
  );

  it('neither scans nor counts the replies of a site the user switched off', async () => {
    const s = setup();
    const handlers = createContentHandlers({
      tabState: s.tabState,
      scheduler: s.scheduler,
      isSiteEnabled: async (id) => id !== 'chatgpt',
    });
    const result = await handlers.replyChanged(whole('a-1', 'copied words', true), TAB);
    expect(result).toEqual(ok({ status: 'scanned', spans: [] }));
    expect(s.calls).toHaveLength(0);
    expect(s.badges).toEqual([]);
  });

  it('answers userActive from a page in a tab, changing nothing, and refuses it from elsewhere', async () => {
    const s = setup();
    expect(await s.handlers.userActive({}, TAB)).toEqual(ok(null));
    expect((await s.handlers.userActive({}, { id: ID, url: TAB.url })).ok).toBe(false);
    expect(s.calls).toHaveLength(0);
    expect(s.tabState.report(9)).toBeUndefined();
  });

  it('rejects pageScanned with a negative or fractional count', async () => {
    const s = setup();
    expect(
      (
        await s.handlers.pageScanned(
          { siteId: 'chatgpt', url: 'https://chatgpt.com/c/1', replyCount: -1 },
          TAB,
        )
      ).ok,
    ).toBe(false);
    expect(
      (
        await s.handlers.pageScanned(
          { siteId: 'chatgpt', url: 'https://chatgpt.com/c/1', replyCount: 1.5 },
          TAB,
        )
      ).ok,
    ).toBe(false);
    expect(
      (
        await s.handlers.pageScanned(
          { siteId: 'chatgpt', url: 'https://chatgpt.com/c/1', replyCount: 0 },
          TAB,
        )
      ).ok,
    ).toBe(true);
    expect(s.tabState.report(9)?.replyCount).toBe(0);
  });

  it('reports a tab to the popup with offsets only, and null for a tab it never heard from', async () => {
    const s = setup();
    const report = createTabReportHandlers(s.tabState);
    expect(report.getTabReport({ tabId: 9 }, {})).toEqual(ok(null));
    s.handlers.pageScanned(
      { siteId: 'chatgpt', url: 'https://chatgpt.com/c/1', replyCount: 0 },
      TAB,
    );
    expect(report.getTabReport({ tabId: 9 }, {})).toEqual(
      ok({
        siteId: 'chatgpt',
        url: 'https://chatgpt.com/c/1',
        replyCount: 0,
        flaggedSpans: 0,
        replies: [],
        notes: [],
      }),
    );
    expect((await report.getTabReport({ tabId: 'x' } as never, {})).ok).toBe(false);
  });

  it('derives span ids from the source position, never from text, unique within a reply', () => {
    expect(spanIdOf(span(0, 5, 10))).toBe(spanIdOf(span(50, 60, 10)));
    expect(spanIdOf(span(0, 5, 10))).not.toBe(spanIdOf(span(0, 5, 11)));
    const ids = toReplySpans([span(0, 5, 10), span(20, 25, 10)]).map((s) => s.spanId);
    expect(new Set(ids).size).toBe(2);
  });
});

describe('reply text changes in the background', () => {
  /** Sends one change of reply a-1 and answers its scan (if any) with no spans. */
  async function change(
    s: ReturnType<typeof setup>,
    revision: number,
    change: ReplyTextChange,
    sender: MessageSenderLike = TAB,
  ) {
    const calls = s.calls.length;
    const pending = s.handlers.replyChanged(
      {
        siteId: 'chatgpt',
        replyId: 'a-1',
        revision,
        change,
        isComplete: false,
        url: 'https://chatgpt.com/c/1',
      },
      sender,
    );
    await flush();
    s.calls[calls]?.resolve({ words: 0, coverage: 0, spans: [] });
    const result = await pending;
    return { answer: result.ok ? result.value : result.error.code, scanned: s.calls[calls]?.text };
  }

  it('scans the whole text rebuilt from an appended tail and from a rewritten end', async () => {
    const s = setup();
    expect(await change(s, 1, { kind: 'whole', text: 'The keeper' })).toEqual({
      answer: { status: 'scanned', spans: [] },
      scanned: 'The keeper',
    });
    expect(
      (
        await change(s, 2, {
          kind: 'tail',
          baseRevision: 1,
          baseLength: 10,
          keep: 10,
          tail: ' climbed **the',
        })
      ).scanned,
    ).toBe('The keeper climbed **the');
    expect(
      (
        await change(s, 5, {
          kind: 'tail',
          baseRevision: 2,
          baseLength: 24,
          keep: 19,
          tail: 'the steps',
        })
      ).scanned,
    ).toBe('The keeper climbed the steps');
    expect(
      (await change(s, 6, { kind: 'tail', baseRevision: 5, baseLength: 28, keep: 28, tail: '' }))
        .scanned,
    ).toBe('The keeper climbed the steps');
    expect(s.tabState.replyText(9, 'a-1', 6)).toBe('The keeper climbed the steps');
    expect(s.calls.map((c) => c.key)).toEqual(['9:a-1', '9:a-1', '9:a-1', '9:a-1']);
  });

  it.each([
    [
      'names a revision the background never answered',
      { kind: 'tail', baseRevision: 7, baseLength: 10, keep: 10, tail: ' more' },
    ],
    [
      'names the right revision with another length',
      { kind: 'tail', baseRevision: 1, baseLength: 9, keep: 9, tail: ' more' },
    ],
  ] as const)('asks for the whole text, scanning nothing, when a tail %s', async (_name, tail) => {
    const s = setup();
    await change(s, 1, { kind: 'whole', text: 'The keeper' });
    expect(await change(s, 2, tail)).toEqual({
      answer: { status: 'needs-whole-text' },
      scanned: undefined,
    });

    // Nothing of the refused change is kept: only a whole text continues the reply.
    expect(
      (await change(s, 3, { kind: 'tail', baseRevision: 1, baseLength: 10, keep: 10, tail: '!' }))
        .answer,
    ).toEqual({ status: 'needs-whole-text' });
    expect((await change(s, 4, { kind: 'whole', text: 'The keeper climbed' })).scanned).toBe(
      'The keeper climbed',
    );
    expect(
      (await change(s, 5, { kind: 'tail', baseRevision: 4, baseLength: 18, keep: 18, tail: '.' }))
        .scanned,
    ).toBe('The keeper climbed.');
  });

  it('refuses a tail that keeps more than its base, and keeps the text it had', async () => {
    const s = setup();
    await change(s, 1, { kind: 'whole', text: 'The keeper' });
    const refused = await s.handlers.replyChanged(
      {
        siteId: 'chatgpt',
        replyId: 'a-1',
        revision: 2,
        change: { kind: 'tail', baseRevision: 1, baseLength: 10, keep: 11, tail: ' more' },
        isComplete: false,
        url: 'https://chatgpt.com/c/1',
      },
      TAB,
    );
    expect(refused.ok === false && refused.error.code).toBe('bad-payload');
    expect(
      (await change(s, 3, { kind: 'tail', baseRevision: 1, baseLength: 10, keep: 10, tail: '!' }))
        .scanned,
    ).toBe('The keeper!');
  });

  it('asks for the whole text after a service-worker restart (a fresh tab state) and after the page changed', async () => {
    const s = setup();
    await change(s, 1, { kind: 'whole', text: 'The keeper' });
    const restarted = setup();
    expect(
      (
        await change(restarted, 2, {
          kind: 'tail',
          baseRevision: 1,
          baseLength: 10,
          keep: 10,
          tail: ' climbed',
        })
      ).answer,
    ).toEqual({ status: 'needs-whole-text' });
    s.handlers.pageOpened({ siteId: 'chatgpt', url: 'https://chatgpt.com/c/2' }, TAB);
    expect(
      (
        await change(s, 2, {
          kind: 'tail',
          baseRevision: 1,
          baseLength: 10,
          keep: 10,
          tail: ' climbed',
        })
      ).answer,
    ).toEqual({ status: 'needs-whole-text' });
    await change(s, 3, { kind: 'whole', text: 'Another' });
    s.tabState.clearTab(9);
    expect(
      (await change(s, 4, { kind: 'tail', baseRevision: 3, baseLength: 7, keep: 7, tail: '!' }))
        .answer,
    ).toEqual({ status: 'needs-whole-text' });
  });

  it('keeps reply texts across a library rescan, and apart per tab', async () => {
    const s = setup();
    await change(s, 1, { kind: 'whole', text: 'The keeper' });
    s.tabState.resetSpans(9);
    expect(
      (await change(s, 2, { kind: 'tail', baseRevision: 1, baseLength: 10, keep: 10, tail: '' }))
        .scanned,
    ).toBe('The keeper');
    const otherTab: MessageSenderLike = { ...TAB, tab: { id: 10 } };
    expect(
      (
        await change(
          s,
          3,
          { kind: 'tail', baseRevision: 2, baseLength: 10, keep: 10, tail: '!' },
          otherTab,
        )
      ).answer,
    ).toEqual({ status: 'needs-whole-text' });
  });
});

describe('the background message router', () => {
  it.each([
    ['a content script', TAB, 'content'],
    ['the popup', { id: ID, url: `chrome-extension://${ID}/src/popup/index.html` }, 'page'],
    [
      'the options page open in a tab',
      { id: ID, url: `chrome-extension://${ID}/src/options/index.html`, tab: { id: 3 } },
      'page',
    ],
    [
      'another extension',
      { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: 'https://chatgpt.com/', tab: { id: 3 } },
      'foreign',
    ],
    [
      'the practice chat in a tab',
      { id: ID, url: `chrome-extension://${ID}/src/practice/index.html`, tab: { id: 4 } },
      'practice',
    ],
    [
      "another extension's page at the practice path",
      {
        id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz',
        url: 'chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/src/practice/index.html',
        tab: { id: 4 },
      },
      'foreign',
    ],
    ['a sender without a tab or page URL', { id: ID }, 'foreign'],
    [
      "another extension's page",
      {
        id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz',
        url: 'chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/x.html',
      },
      'foreign',
    ],
  ] as const)('classifies %s as %s', (_name, sender, kind) => {
    expect(classifySender(sender, ID)).toBe(kind);
  });

  it('sends each sender only to its own handlers and refuses foreign senders', async () => {
    const s = setup();
    const pages: Handlers<PopupToBackground, MessageSenderLike> = {
      getTabReport: () => ok(null),
      getReplyTexts: () => ok(null),
      getPopupReport: () => ok({ libraryDocuments: 0, page: null, replies: [] }),
      settingsChanged: () => ok(null),
      libraryChanged: () => ok(null),
      enableSite: () => ok(null),
      removeSite: () => ok(null),
      checkText: () => ok({ words: 0, coverage: 0, spans: [] }),
    };
    const route = createMessageRouter({
      extensionId: ID,
      content: {
        ...s.handlers,
        replyPicked: () => ok(null),
        getPageSettings: () => ok({ ...PAINT, userSite: null }),
        describeMark: () => ok({ title: 't', kind: 'exact', words: 1, sharedBy: 1 }),
        showInRecital: () => ok(null),
      },
      pages,
    });
    const popup = { id: ID, url: `chrome-extension://${ID}/src/popup/index.html` };
    expect(await route({ type: 'checkText', payload: { text: 'x' } }, popup)).toEqual(
      ok({ words: 0, coverage: 0, spans: [] }),
    );
    expect((await route({ type: 'checkText', payload: { text: 'x' } }, TAB)).ok).toBe(false);
    expect(
      (
        await route(
          { type: 'pageOpened', payload: { siteId: 'chatgpt', url: 'https://chatgpt.com/c/1' } },
          popup,
        )
      ).ok,
    ).toBe(false);
    expect(
      await route(
        { type: 'pageOpened', payload: { siteId: 'chatgpt', url: 'https://chatgpt.com/c/1' } },
        TAB,
      ),
    ).toEqual(ok(null));
    const foreign = await route(
      { type: 'pageOpened', payload: { siteId: 'chatgpt', url: 'https://chatgpt.com/c/1' } },
      { id: 'other', url: 'https://x.com/', tab: { id: 1 } },
    );
    expect(foreign.ok === false && foreign.error.code).toBe('forbidden-sender');
    expect((await route('not a message', TAB)).ok).toBe(false);
    expect((await route({ type: 'getTabReport', payload: { tabId: 9 } }, TAB)).ok).toBe(false);
  });
});
