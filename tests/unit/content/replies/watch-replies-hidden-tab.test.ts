// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { site as chatgpt } from '../../../../src/sites/chatgpt';
import { watchReplies } from '../../../../src/content/replies/watch-replies';
import { chatgptTurn } from './watch-harness';

describe('the reply watcher in a tab that gets no animation frames', () => {
  let isHidden = false;
  beforeEach(() => {
    document.body.replaceChildren();
    isHidden = false;
    vi.spyOn(document, 'hidden', 'get').mockImplementation(() => isHidden);
    // A hidden tab: requested frames never come.
    vi.spyOn(globalThis, 'requestAnimationFrame').mockImplementation(() => 0);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  function watch(): string[] {
    const sent: string[] = [];
    watchReplies(chatgpt, document, new AbortController().signal, {
      replyChanged: (reply) => sent.push(reply.text.text),
      repliesRendered: () => undefined,
      pageScanned: () => undefined,
    });
    return sent;
  }

  it.each([
    ['hidden from the start', true],
    ['hidden while the watcher waits for a frame', false],
  ])(
    'reads the page on a timer instead when %s, and arms no timer while visible',
    async (_name, isHiddenAtStart) => {
      isHidden = isHiddenAtStart;
      const timersBefore = vi.getTimerCount();
      const sent = watch();
      if (!isHiddenAtStart) expect(vi.getTimerCount()).toBe(timersBefore);
      document.body.append(chatgptTurn('a1', 'A reply in a background tab.'));
      await Promise.resolve();
      if (!isHiddenAtStart) {
        isHidden = true;
        document.dispatchEvent(new Event('visibilitychange'));
      }
      expect(sent).toEqual([]);
      await vi.advanceTimersByTimeAsync(200);
      expect(sent).toEqual(['A reply in a background tab.']);
    },
  );
});
