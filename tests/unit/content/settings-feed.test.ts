import { describe, expect, it } from 'vitest';
import { createSettingsFeed, requestPageSettings } from '../../../src/content/settings-feed';
import type { ContentToBackground, Send } from '../../../src/shared/messages';
import type { PaintSettings } from '../../../src/shared/page-settings';
import { err, ok, type Result } from '../../../src/shared/result';

const A: PaintSettings = {
  highlightColors: { exact: '#111111', near: '#222222' },
  markReplies: true,
};
const B: PaintSettings = { ...A, markReplies: false };

describe('the content script settings feed', () => {
  it('gives a watcher the settings once known, then each change, until its signal aborts', () => {
    const feed = createSettingsFeed();
    const seen: PaintSettings[] = [];
    const life = new AbortController();
    feed.watch(life.signal, (s) => seen.push(s));
    expect(seen).toEqual([]);
    feed.offer(A);
    feed.set(B);
    life.abort();
    feed.set(A);
    expect(seen).toEqual([A, B]);
  });

  it('ignores the startup answer once a push arrived, since the push may be newer', () => {
    const feed = createSettingsFeed();
    const seen: PaintSettings[] = [];
    feed.set(B);
    feed.offer(A);
    feed.watch(new AbortController().signal, (s) => seen.push(s));
    expect(seen).toEqual([B]);
  });

  it('does not repaint for a push that changes nothing it paints with', () => {
    const feed = createSettingsFeed();
    const seen: PaintSettings[] = [];
    feed.set(A);
    feed.watch(new AbortController().signal, (s) => seen.push(s));
    feed.set({ ...A, highlightColors: { ...A.highlightColors } });
    expect(seen).toEqual([A]);
  });

  it('keeps only the paint fields of the startup answer', () => {
    const feed = createSettingsFeed();
    const seen: unknown[] = [];
    feed.offer({ ...A, userSite: null } as PaintSettings);
    feed.watch(new AbortController().signal, (s) => seen.push(s));
    expect(seen).toEqual([A]);
  });
});

describe('asking the background for the page settings', () => {
  const answer = { ...A, userSite: { origin: 'https://bot.test', replySelector: '.r' } };

  function background(replies: Result<unknown>[]) {
    const asked: string[] = [];
    const waits: number[] = [];
    const send = (async (type: string) => {
      asked.push(type);
      return replies.shift() ?? err('unreachable', 'no worker');
    }) as Send<ContentToBackground>;
    return { send, asked, waits, wait: async (ms: number) => void waits.push(ms) };
  }

  it('returns the answer', async () => {
    const bg = background([ok(answer)]);
    expect(await requestPageSettings(bg.send, bg.wait)).toEqual(answer);
    expect(bg.asked).toEqual(['getPageSettings']);
  });

  it('asks again while the service worker is unreachable, then gives up', async () => {
    const bg = background([err('unreachable', 'starting'), ok(answer)]);
    expect(await requestPageSettings(bg.send, bg.wait)).toEqual(answer);
    const never = background([]);
    expect(await requestPageSettings(never.send, never.wait)).toBeUndefined();
    expect(never.asked).toHaveLength(4);
  });

  it.each([
    ['a refusal', err('bad-sender', 'no')],
    ['an answer of the wrong shape', ok({ markReplies: 'yes' })],
  ])('gives up at once on %s', async (_name, reply) => {
    const bg = background([reply, ok(answer)]);
    expect(await requestPageSettings(bg.send, bg.wait)).toBeUndefined();
    expect(bg.asked).toHaveLength(1);
  });
});
