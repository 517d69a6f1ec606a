// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchMissingReplies } from '../../../../src/content/replies/missing-replies';

// Fake timers drive the wait: the assertions are about order of events, not elapsed time.
beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  document.body.replaceChildren();
});

function watch(replyCount: () => number = () => 0) {
  const life = new AbortController();
  const onMissing = vi.fn();
  watchMissingReplies({ doc: document, signal: life.signal, replyCount, onMissing, waitMs: 1000 });
  return { life, onMissing };
}

function pressEnterInComposer(): void {
  const composer = document.createElement('textarea');
  document.body.append(composer);
  composer.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
}

describe('a built-in page that shows no reply Recital can read', () => {
  it('is reported once, after the wait, when the user sent a message and no reply was found', () => {
    const { onMissing } = watch();
    vi.advanceTimersByTime(300);
    pressEnterInComposer();
    vi.advanceTimersByTime(999);
    expect(onMissing).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onMissing).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    pressEnterInComposer();
    vi.advanceTimersByTime(10_000);
    expect(onMissing).toHaveBeenCalledTimes(1);
  });

  it('counts a user turn on the page as a message sent (a conversation opened from history)', () => {
    const turn = document.createElement('user-query');
    turn.textContent = 'My question';
    document.body.append(turn);
    const { onMissing } = watch();
    vi.advanceTimersByTime(1000);
    expect(onMissing).toHaveBeenCalledTimes(1);
  });

  it('says nothing while nobody asked anything, or when a reply was found, or after the page ended', () => {
    const idle = watch();
    vi.advanceTimersByTime(5000);
    expect(idle.onMissing).not.toHaveBeenCalled();

    const found = watch(() => 1);
    pressEnterInComposer();
    vi.advanceTimersByTime(5000);
    expect(found.onMissing).not.toHaveBeenCalled();

    idle.life.abort();
    found.life.abort();
    const ended = watch();
    pressEnterInComposer();
    ended.life.abort();
    vi.advanceTimersByTime(5000);
    expect(ended.onMissing).not.toHaveBeenCalled();
  });

  it('does not take Shift+Enter (a new line) for a message sent', () => {
    const { onMissing } = watch();
    const composer = document.createElement('textarea');
    document.body.append(composer);
    composer.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true }),
    );
    vi.advanceTimersByTime(5000);
    expect(onMissing).not.toHaveBeenCalled();
  });
});
