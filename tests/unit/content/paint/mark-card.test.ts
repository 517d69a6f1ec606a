// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { MarkCard } from '../../../../src/shared/messages';
import type { Box } from '../../../../src/content/paint/box-geometry';
import { startMarkCards } from '../../../../src/content/paint/mark-card';

const MARK_BOX: Box = { left: 100, top: 100, right: 300, bottom: 120 };
/** The next line's mark, where the card below the first one lands. */
const NEXT_BOX: Box = { left: 100, top: 130, right: 300, bottom: 150 };
const inBox = (b: Box, x: number, y: number) =>
  x >= b.left && x < b.right && y >= b.top && y < b.bottom;
const CARD: MarkCard = {
  title: 'Bleak House',
  author: 'Charles Dickens',
  kind: 'exact',
  words: 42,
  sharedBy: 1,
};

const tick = () => new Promise((resolve) => setTimeout(resolve, 40));

const sessions: AbortController[] = [];

function setup(card: MarkCard | null = CARD) {
  const controller = new AbortController();
  sessions.push(controller);
  const cardLayer = document.createElement('div');
  document.body.append(cardLayer);
  const range = document.createRange();
  const next = document.createRange();
  const asked: string[][] = [];
  const shown: string[][] = [];
  startMarkCards({
    doc: document,
    signal: controller.signal,
    overlay: {
      cardLayer,
      markAt: (x, y) =>
        inBox(MARK_BOX, x, y)
          ? { range, boxes: [MARK_BOX] }
          : inBox(NEXT_BOX, x, y)
            ? { range: next, boxes: [NEXT_BOX] }
            : undefined,
      markAtCaret: () => undefined,
    },
    spanOf: (r) =>
      r === range
        ? { replyId: 'r1', spanId: 's1' }
        : r === next
          ? { replyId: 'r1', spanId: 's2' }
          : undefined,
    describe: async (replyId, spanId) => {
      asked.push([replyId, spanId]);
      return card ?? undefined;
    },
    show: (replyId, spanId) => shown.push([replyId, spanId]),
  });
  const move = async (x: number, y: number) => {
    document.dispatchEvent(new PointerEvent('pointermove', { clientX: x, clientY: y }));
    await tick();
  };
  return { controller, cardLayer, asked, shown, move };
}

/** The words the card's CSS draws: every `data-text` in order. */
const drawn = (layer: HTMLElement): string =>
  [...layer.querySelectorAll('[data-text]')].map((el) => el.getAttribute('data-text')).join('|');

afterEach(() => {
  for (const session of sessions.splice(0)) session.abort();
  document.body.replaceChildren();
});

describe('the mark hover card', () => {
  it('shows source, author, kind and words when the pointer is over a mark, and asks once', async () => {
    const { cardLayer, asked, move } = setup();
    await move(150, 110);
    expect(drawn(cardLayer)).toBe(
      'Exact copy · 42 words|Bleak House| by Charles Dickens|Show in Recital',
    );
    await move(160, 112);
    expect(asked).toEqual([['r1', 's1']]);
  });

  it('holds its words in attributes drawn by CSS, never in text nodes', async () => {
    const { cardLayer, move } = setup();
    await move(150, 110);
    expect(cardLayer.children).toHaveLength(1);
    expect(cardLayer.textContent).toBe('');
  });

  it('shows nothing away from marks, or when the background knows no such span', async () => {
    const first = setup();
    await first.move(10, 10);
    expect(first.cardLayer.children).toHaveLength(0);
    first.controller.abort();
    const gone = setup(null);
    await gone.move(150, 110);
    expect(gone.cardLayer.children).toHaveLength(0);
  });

  it('hides a moment after the pointer leaves mark and card', async () => {
    const { cardLayer, move } = setup();
    await move(150, 110);
    await move(700, 700);
    expect(cardLayer.children).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(cardLayer.children).toHaveLength(0);
  });

  it('asks Recital to show the passage when a click lands on "Show in Recital"', async () => {
    const { cardLayer, shown, move } = setup();
    await move(150, 110);
    const button = cardLayer.querySelector('.show') as HTMLElement;
    button.getBoundingClientRect = () =>
      ({ left: 110, top: 160, right: 210, bottom: 180, width: 100, height: 20 }) as DOMRect;
    document.dispatchEvent(new MouseEvent('click', { clientX: 500, clientY: 500 }));
    expect(shown).toEqual([]);
    document.dispatchEvent(new MouseEvent('click', { clientX: 150, clientY: 170 }));
    expect(shown).toEqual([['r1', 's1']]);
  });

  it('stays the card it is while the pointer is on it, even over the next mark it covers', async () => {
    const { cardLayer, asked, move } = setup();
    await move(150, 110);
    const card = cardLayer.firstElementChild as HTMLElement;
    card.getBoundingClientRect = () =>
      ({ left: 100, top: 126, right: 420, bottom: 230, width: 320, height: 104 }) as DOMRect;
    await move(150, 140);
    expect(cardLayer.firstElementChild).toBe(card);
    expect(asked).toEqual([['r1', 's1']]);
  });

  it('switches to the next mark’s card when the pointer reaches it off the card', async () => {
    const { cardLayer, asked, move } = setup();
    await move(150, 110);
    await move(150, 140);
    expect(asked).toEqual([
      ['r1', 's1'],
      ['r1', 's2'],
    ]);
    expect(cardLayer.children).toHaveLength(1);
  });

  it('stops with its session', async () => {
    const { controller, cardLayer, move } = setup();
    await move(150, 110);
    controller.abort();
    expect(cardLayer.children).toHaveLength(0);
    await move(150, 110);
    expect(cardLayer.children).toHaveLength(0);
  });
});
