// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { start, chatgptTurn } from './watch-harness';

// happy-dom computes style from the page's stylesheets (no layout): enough for display/opacity.

function addStyle(css: string): HTMLStyleElement {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  return style;
}

function setText(turn: HTMLElement, text: string): void {
  (turn.querySelector('p') as HTMLElement).textContent = text;
}

const sentIds = (h: ReturnType<typeof start>): string[] => h.sent.map((s) => s.id);

describe('the reply watcher and replies nobody can see', () => {
  beforeEach(() => {
    document.head.replaceChildren();
    document.body.replaceChildren();
  });
  afterEach(() => vi.restoreAllMocks());

  it('sends nothing of a reply a stylesheet hides, and counts only the visible replies', async () => {
    addStyle('.gone { display: none }');
    const hidden = chatgptTurn('a-hidden', 'A guessed passage.');
    hidden.classList.add('gone');
    document.body.append(chatgptTurn('a-shown', 'A visible answer.'), hidden);
    const h = start();
    await h.frame();
    expect(sentIds(h)).toEqual(['a-shown']);
    expect(h.counts).toEqual([1]);
  });

  it('reads a hidden reply once a class change shows it', async () => {
    addStyle('.gone { opacity: 0 }');
    const hidden = chatgptTurn('a-hidden', 'Shown later.');
    hidden.classList.add('gone');
    document.body.append(hidden);
    const h = start();
    await h.frame();
    expect(h.sent).toEqual([]);
    hidden.classList.remove('gone');
    await h.advance(16);
    expect(h.sent.map((s) => s.text)).toEqual(['Shown later.']);
    expect(h.counts.at(-1)).toBe(1);
  });

  it('no longer updates a reply once it is hidden: text written while hidden is not sent', async () => {
    const turn = chatgptTurn('a-1', 'Seen by the user.');
    document.body.append(turn);
    const h = start();
    await h.frame();
    expect(h.sent.map((s) => s.text)).toEqual(['Seen by the user.']);
    turn.setAttribute('style', 'display: none');
    await h.advance(16);
    setText(turn, 'A guess written while nobody sees it.');
    await h.advance(16);
    await h.advance(1600);
    expect(h.sent.map((s) => s.text)).not.toContain('A guess written while nobody sees it.');
    expect(h.counts.at(-1)).toBe(0);
  });

  it('reads every reply again when a stylesheet is added: one it hides sends no more text', async () => {
    const turn = chatgptTurn('a-1', 'Seen by the user.');
    turn.classList.add('later-hidden');
    document.body.append(turn);
    const h = start();
    await h.frame();
    expect(h.sent.map((s) => s.text)).toEqual(['Seen by the user.']);
    addStyle('.later-hidden { opacity: 0 }');
    await h.advance(16);
    setText(turn, 'A guess written while nobody sees it.');
    await h.advance(16);
    expect(h.sent.map((s) => s.text)).not.toContain('A guess written while nobody sees it.');
  });

  it('reads a reply whose fade-in ends without a mutation it observes', async () => {
    addStyle('[data-state="closed"] { opacity: 0 }');
    const turn = chatgptTurn('a-1', 'Faded in.');
    turn.setAttribute('data-state', 'closed');
    document.body.append(turn);
    const h = start();
    await h.frame();
    expect(h.sent).toEqual([]);
    // An attribute the watcher does not observe (as a fade's opacity, which changes none).
    turn.setAttribute('data-state', 'open');
    await h.advance(16);
    expect(h.sent).toEqual([]);
    turn.dispatchEvent(new Event('animationend', { bubbles: true }));
    await h.advance(16);
    expect(h.sent.map((s) => s.text)).toEqual(['Faded in.']);
  });
});
