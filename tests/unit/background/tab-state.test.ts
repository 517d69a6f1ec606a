import { describe, expect, it } from 'vitest';
import { badgeTextFor, createTabState } from '../../../src/background/tab-state';
import type { ReplySpan } from '../../../src/shared/messages';

function spans(n: number, kind: ReplySpan['kind'] = 'exact'): ReplySpan[] {
  return Array.from({ length: n }, (_, i) => ({
    spanId: `s${i}`,
    replyStart: i * 10,
    replyEnd: i * 10 + 5,
    kind,
  }));
}

function setup() {
  const badges: [number, string][] = [];
  const dropped: [number, string[]][] = [];
  const state = createTabState({
    setBadgeText: (tabId, text) => badges.push([tabId, text]),
    onRepliesDropped: (tabId, ids) => dropped.push([tabId, ids]),
  });
  return { state, badges, dropped };
}

describe('tab state', () => {
  it.each([
    [0, ''],
    [1, '1'],
    [42, '42'],
  ])('shows %i flagged spans as badge text %j', (n, text) => {
    expect(badgeTextFor(n)).toBe(text);
  });

  it('counts the flagged spans of all replies of a tab and sets the badge only when it changes', () => {
    const { state, badges } = setup();
    state.openPage(7, { siteId: 'chatgpt', url: 'https://chatgpt.com/c/a' });
    const epoch = state.epochOf(7);
    expect(state.setReplySpans(7, epoch, 'r1', spans(2), false)).toBe(true);
    expect(state.setReplySpans(7, epoch, 'r1', spans(2), true)).toBe(true);
    expect(state.setReplySpans(7, epoch, 'r2', spans(3), true)).toBe(true);
    expect(badges).toEqual([
      [7, '2'],
      [7, '5'],
    ]);
    expect(state.report(7)).toMatchObject({ flaggedSpans: 5, siteId: 'chatgpt' });
    expect(state.report(7)?.replies.map((r) => [r.replyId, r.spans.length, r.isComplete])).toEqual([
      ['r1', 2, true],
      ['r2', 3, true],
    ]);
  });

  it('counts a reply sent again (streaming, remounted) once, with its latest spans', () => {
    const { state } = setup();
    const epoch = state.epochOf(1);
    state.setReplySpans(1, epoch, 'r1', spans(1), false);
    state.setReplySpans(1, epoch, 'r1', spans(4), false);
    state.setReplySpans(1, epoch, 'r1', spans(3), true);
    expect(state.report(1)?.flaggedSpans).toBe(3);
  });

  it('keeps tabs apart', () => {
    const { state } = setup();
    state.setReplySpans(1, state.epochOf(1), 'r1', spans(2), true);
    state.setReplySpans(2, state.epochOf(2), 'r1', spans(5), true);
    expect(state.report(1)?.flaggedSpans).toBe(2);
    expect(state.report(2)?.flaggedSpans).toBe(5);
  });

  it('clears the badge and drops the replies when the page changes, and refuses scans started before', () => {
    const { state, badges, dropped } = setup();
    const before = state.epochOf(3);
    state.setReplySpans(3, before, 'r1', spans(2), true);
    state.openPage(3, { siteId: 'claude', url: 'https://claude.ai/chat/b' });
    expect(badges.at(-1)).toEqual([3, '']);
    expect(dropped).toEqual([[3, ['r1']]]);
    expect(state.setReplySpans(3, before, 'r9', spans(1), true)).toBe(false);
    expect(state.report(3)).toMatchObject({
      flaggedSpans: 0,
      replies: [],
      siteId: 'claude',
      replyCount: undefined,
    });
  });

  it('records how many replies the adapter found, including zero', () => {
    const { state } = setup();
    state.pageScanned(4, { siteId: 'poe', url: 'https://poe.com/chat/x', replyCount: 0 });
    expect(state.report(4)?.replyCount).toBe(0);
  });

  it('notes replies missing until a reply is found or the page starts over', () => {
    const { state } = setup();
    const page = { siteId: 'gemini', url: 'https://gemini.google.com/app/1' };
    const kinds = () => state.report(4)?.notes.map((note) => note.kind);
    state.pageScanned(4, { ...page, replyCount: 0 });
    expect(kinds()).toEqual([]);
    state.pageScanned(4, { ...page, replyCount: 0, repliesMissing: true });
    expect(kinds()).toEqual(['replies-missing']);
    state.pageScanned(4, { ...page, replyCount: 0 });
    expect(kinds()).toEqual(['replies-missing']);
    state.pageScanned(4, { ...page, replyCount: 2 });
    expect(kinds()).toEqual([]);
    state.pageScanned(4, { ...page, replyCount: 0, repliesMissing: true });
    state.openPage(4, page);
    expect(kinds()).toEqual([]);
  });

  it('forgets a closed tab without touching its badge', () => {
    const { state, badges } = setup();
    state.setReplySpans(5, state.epochOf(5), 'r1', spans(1), true);
    state.closeTab(5);
    expect(state.report(5)).toBeUndefined();
    expect(badges).toEqual([[5, '1']]);
  });

  it('clears a tab on a new document but keeps it known', () => {
    const { state, badges } = setup();
    state.setReplySpans(6, state.epochOf(6), 'r1', spans(1), true);
    state.clearTab(6);
    expect(badges.at(-1)).toEqual([6, '']);
    expect(state.tabIds()).toEqual([6]);
  });
});
