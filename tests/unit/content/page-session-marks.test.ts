// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { createContentHandlers } from '../../../src/content/content-handlers';
import { startPageSession } from '../../../src/content/page-session';
import { createSettingsFeed } from '../../../src/content/settings-feed';
import type { ReplySpan } from '../../../src/shared/messages';
import { ok } from '../../../src/shared/result';
import { addReply, fakeBackground, frames, site } from './page-session-harness';

const COLORS = { exact: '#f59e0b', near: '#0ea5e9' };
const SPANS: ReplySpan[] = [{ spanId: 'abc1', replyStart: 4, replyEnd: 10, kind: 'exact' }];

function setup(markReplies: boolean) {
  const bg = fakeBackground();
  const f = frames();
  const feed = createSettingsFeed();
  feed.set({ highlightColors: COLORS, markReplies });
  addReply('The keeper climbed the steps.');
  const session = startPageSession({
    site,
    doc: document,
    openSend: () => bg.send,
    watchSettings: feed.watch,
    watcherOptions: { requestFrame: f.requestFrame, setTimer: () => undefined, now: () => 0 },
  });
  /** Answers every replyChanged still waiting with the one span. */
  const answerAll = async () => {
    const waiting = bg.pending.filter((p) => p.message.type === 'replyChanged');
    bg.pending.length = 0;
    waiting.forEach((p) => p.resolve(ok({ status: 'scanned', spans: SPANS })));
    await f.run();
    return waiting.length;
  };
  const handlers = createContentHandlers(() => session, undefined, feed.set);
  const marks = () =>
    session
      .highlighter()
      .rangesOf('w1')
      .map((r) => r.toString());
  return { session, feed, f, answerAll, handlers, marks };
}

describe('a page session with marks turned off ("Don\'t mark replies in the page")', () => {
  beforeEach(() => {
    document.body.replaceChildren();
    history.replaceState({}, '', '/chat/one');
  });

  it('still sends replies for scanning but paints none of the spans', async () => {
    const s = setup(false);
    await s.f.run();
    expect(await s.answerAll()).toBe(1);
    expect(s.marks()).toEqual([]);
    expect(document.querySelectorAll('mark')).toHaveLength(0);
    s.session.stop();
  });

  it('paints the spans when marks are on', async () => {
    const s = setup(true);
    await s.f.run();
    await s.answerAll();
    expect(s.marks()).toEqual(['keeper']);
    s.session.stop();
  });

  it('clears the marks when turned off and paints them again when turned back on', async () => {
    const s = setup(true);
    await s.f.run();
    await s.answerAll();
    expect(s.marks()).toEqual(['keeper']);

    expect(
      await s.handlers.paintSettingsChanged({ highlightColors: COLORS, markReplies: false }, {}),
    ).toEqual(ok(null));
    expect(s.marks()).toEqual([]);
    expect(document.querySelectorAll('mark')).toHaveLength(0);

    s.feed.set({ highlightColors: COLORS, markReplies: true });
    await s.f.run();
    // Back on: the replies go again, and the answers paint.
    expect(await s.answerAll()).toBe(1);
    expect(s.marks()).toEqual(['keeper']);
    s.session.stop();
  });

  it('answers "show in page" with marks off instead of flashing', async () => {
    const s = setup(false);
    await s.f.run();
    await s.answerAll();
    expect(await s.handlers.highlightSpan({ replyId: 'w1', spanId: 'abc1' }, undefined)).toEqual(
      ok({ found: false, marksOff: true }),
    );
    s.session.stop();
  });

  it('refuses a settings push that is not paint settings, keeping the marks as they are', async () => {
    const s = setup(true);
    await s.f.run();
    await s.answerAll();
    const bad = { highlightColors: { exact: 'red', near: '#000000' }, markReplies: false };
    const result = await s.handlers.paintSettingsChanged(bad, {});
    expect(result.ok).toBe(false);
    expect(s.marks()).toEqual(['keeper']);
    s.session.stop();
  });
});
