// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createWakeGate,
  HOLD_MS,
  wakeOnActivity,
  WAKE_GAP_MS,
} from '../../../../src/content/send/wake-on-activity';

/** An event as the browser makes it for the user's own input (a script's has isTrusted false). */
function userEvent(type: string): Event {
  const event = type.startsWith('key') ? new KeyboardEvent(type, { key: 'a' }) : new Event(type);
  Object.defineProperty(event, 'isTrusted', { value: true });
  return event;
}

describe('the wake gate', () => {
  it('opens once per gap, measured from the last time it opened', () => {
    let now = 1000;
    const isOpen = createWakeGate(20_000, () => now);
    const opened: number[] = [];
    for (const at of [1000, 1500, 20_999, 21_000, 30_000, 40_999, 41_000, 41_001]) {
      now = at;
      if (isOpen()) opened.push(at);
    }
    expect(opened).toEqual([1000, 21_000, 41_000]);
  });
});

describe('waking on the user’s activity', () => {
  const controller = new AbortController();
  afterEach(() => controller.abort());

  function start() {
    let now = 0;
    const wakes: number[] = [];
    const life = new AbortController();
    controller.signal.addEventListener('abort', () => life.abort());
    wakeOnActivity(document, () => wakes.push(now), life.signal, { now: () => now });
    return {
      wakes,
      life,
      at: (ms: number) => (now = ms),
    };
  }

  it('wakes on a key press, a click or the tab shown again, at most once per gap', () => {
    const { wakes, at } = start();
    const input = document.createElement('textarea');
    document.body.append(input);
    input.dispatchEvent(userEvent('keydown'));
    at(1000);
    input.dispatchEvent(userEvent('keydown'));
    document.dispatchEvent(userEvent('pointerdown'));
    at(WAKE_GAP_MS);
    document.body.dispatchEvent(userEvent('pointerdown'));
    at(2 * WAKE_GAP_MS + 5);
    document.dispatchEvent(userEvent('visibilitychange'));
    expect(wakes).toEqual([0, WAKE_GAP_MS, 2 * WAKE_GAP_MS + 5]);
  });

  it('ignores events a page script dispatches, and everything once stopped', () => {
    const { wakes, at, life } = start();
    // A hostile page could fire these as often as it likes.
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    document.dispatchEvent(new Event('pointerdown'));
    expect(wakes).toEqual([]);
    life.abort();
    at(10 * WAKE_GAP_MS);
    document.dispatchEvent(userEvent('keydown'));
    expect(wakes).toEqual([]);
  });

  it('does not wake for the tab being hidden', () => {
    const { wakes } = start();
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    try {
      document.dispatchEvent(userEvent('visibilitychange'));
    } finally {
      delete (document as { visibilityState?: string }).visibilityState;
    }
    expect(document.visibilityState).toBe('visible');
    document.dispatchEvent(userEvent('visibilitychange'));
    expect(wakes).toEqual([0]);
  });
});

describe('keeping the worker up while the chatbot thinks', () => {
  afterEach(() => vi.useRealTimers());

  /** Activity handling with fake timers; `now` follows them. */
  function startTimed() {
    vi.useFakeTimers();
    const t0 = Date.now();
    const wakes: number[] = [];
    const life = new AbortController();
    const now = () => Date.now() - t0;
    wakeOnActivity(document, () => wakes.push(now()), life.signal, { now });
    return { wakes, life, now };
  }

  it('wakes again every gap after the last activity until the hold runs out, then stops', () => {
    const { wakes, life } = startTimed();
    document.dispatchEvent(userEvent('keydown'));
    vi.advanceTimersByTime(HOLD_MS + 3 * WAKE_GAP_MS);
    const expected = [];
    for (let at = 0; at < HOLD_MS; at += WAKE_GAP_MS) expected.push(at);
    expect(wakes).toEqual(expected);
    // Never more than a gap between two wakes during the hold: the 30 s idle stop never comes.
    // The next activity starts it again.
    wakes.length = 0;
    document.dispatchEvent(userEvent('pointerdown'));
    const from = HOLD_MS + 3 * WAKE_GAP_MS;
    vi.advanceTimersByTime(2 * WAKE_GAP_MS);
    expect(wakes).toEqual([from, from + WAKE_GAP_MS, from + 2 * WAKE_GAP_MS]);
    life.abort();
    vi.advanceTimersByTime(HOLD_MS);
    expect(wakes).toHaveLength(3);
  });

  it('counts the hold from the last activity, with one timer however many events', () => {
    const { wakes, life } = startTimed();
    for (let i = 0; i < 50; i++) {
      document.dispatchEvent(userEvent('keydown'));
      vi.advanceTimersByTime(1000);
    }
    // Typed for 50 s, then nothing: the hold runs out HOLD_MS after the last key.
    vi.advanceTimersByTime(2 * HOLD_MS);
    const last = 49_000;
    expect(wakes[0]).toBe(0);
    expect(wakes.at(-1)).toBeLessThan(last + HOLD_MS);
    expect(wakes.at(-1)).toBeGreaterThanOrEqual(last + HOLD_MS - WAKE_GAP_MS);
    for (let i = 1; i < wakes.length; i++)
      expect((wakes[i] as number) - (wakes[i - 1] as number)).toBe(WAKE_GAP_MS);
    life.abort();
  });

  it('does not wake while the tab is hidden, nor after a script’s events alone', () => {
    const { wakes, life } = startTimed();
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    vi.advanceTimersByTime(HOLD_MS);
    expect(wakes).toEqual([]);
    document.dispatchEvent(userEvent('keydown'));
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    try {
      vi.advanceTimersByTime(HOLD_MS);
    } finally {
      delete (document as { visibilityState?: string }).visibilityState;
    }
    expect(wakes).toEqual([HOLD_MS]);
    life.abort();
  });
});
