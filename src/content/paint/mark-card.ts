// A mark's hover card: hovering a mark (or moving the caret into one) shows its source's title
// and author, exact or near, and its length, with "Show in Recital". It lives in the overlay's
// closed shadow root and lets the pointer through like the marks, so the page's scripts see no
// element, event, focus or hit-test change. Its words are CSS generated content (`attr()`), not
// text nodes, so `window.find` in the page cannot find a title in it either.
import type { MarkCard } from '../../shared/messages';
import type { Box } from './box-geometry';
import type { Overlay, PaintedMark } from './overlay';

export interface MarkCardDeps {
  doc: Document;
  signal: AbortSignal;
  overlay: Pick<Overlay, 'markAt' | 'markAtCaret' | 'cardLayer'>;
  /** The reply and span a painted Range stands for. */
  spanOf(range: Range): { replyId: string; spanId: string } | undefined;
  /** Asks the background; undefined when it knows no such span (any more). */
  describe(replyId: string, spanId: string): Promise<MarkCard | undefined>;
  /** Opens Recital's view of the passage. */
  show(replyId: string, spanId: string): void;
}

/** Pointer off both mark and card this long hides the card: time to move onto its button. */
const HIDE_MS = 400;
const GAP_PX = 6;
/** Kept short of the viewport's edges. */
const MARGIN_PX = 8;

function headline(card: MarkCard): string {
  const kind = card.kind === 'exact' ? 'Exact copy' : 'Near copy';
  const shared = card.sharedBy >= 3 ? ' · a common quotation' : '';
  return `${kind} · ${card.words} ${card.words === 1 ? 'word' : 'words'}${shared}`;
}

/** One element whose words are its `data-text`, drawn by the card's CSS. */
function piece(doc: Document, tag: string, className: string, text: string): HTMLElement {
  const el = doc.createElement(tag);
  el.className = className;
  el.setAttribute('data-text', text);
  return el;
}

function buildCard(doc: Document, card: MarkCard): HTMLElement {
  const root = doc.createElement('div');
  root.className = 'card';
  const source = doc.createElement('p');
  source.append(piece(doc, 'cite', 'title', card.title));
  if (card.author) source.append(piece(doc, 'span', 'author', ` by ${card.author}`));
  root.append(
    piece(doc, 'p', 'kind', headline(card)),
    source,
    piece(doc, 'span', 'show', 'Show in Recital'),
  );
  return root;
}

const isInside = (box: Box | undefined, x: number, y: number, slack = 0): boolean =>
  box !== undefined &&
  x >= box.left - slack &&
  x < box.right + slack &&
  y >= box.top - slack &&
  y < box.bottom + slack;

function toBox(rect: DOMRect): Box {
  return { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom };
}

/** Below the mark's last line, or above its first when there is no room below. */
function place(el: HTMLElement, boxes: readonly Box[], viewport: Box): void {
  const first = boxes[0];
  const last = boxes.at(-1);
  if (!first || !last) return;
  const { width, height } = el.getBoundingClientRect();
  const left = Math.max(MARGIN_PX, Math.min(last.left, viewport.right - width - MARGIN_PX));
  const below = last.bottom + GAP_PX;
  const top =
    below + height <= viewport.bottom - MARGIN_PX
      ? below
      : Math.max(MARGIN_PX, first.top - GAP_PX - height);
  el.style.left = `${left}px`;
  el.style.top = `${top}px`;
}

interface Shown {
  key: string;
  replyId: string;
  spanId: string;
  mark: PaintedMark;
  el: HTMLElement | undefined;
}

/** Starts the hover card until `signal` aborts. */
export function startMarkCards(deps: MarkCardDeps): void {
  const { doc, signal, overlay } = deps;
  const view = doc.defaultView;
  if (!view) return;
  const cards = new Map<string, Promise<MarkCard | undefined>>();
  let shown: Shown | undefined;
  let hideTimer: ReturnType<typeof setTimeout> | undefined;
  let frame = 0;
  let point: { x: number; y: number } | undefined;

  const hide = (): void => {
    clearTimeout(hideTimer);
    hideTimer = undefined;
    shown = undefined;
    overlay.cardLayer.replaceChildren();
  };

  const cardBox = (): Box | undefined =>
    shown?.el ? toBox(shown.el.getBoundingClientRect()) : undefined;

  async function open(mark: PaintedMark): Promise<void> {
    const ids = deps.spanOf(mark.range);
    if (!ids) return;
    const key = `${ids.replyId}\u0000${ids.spanId}`;
    clearTimeout(hideTimer);
    hideTimer = undefined;
    if (shown?.key === key) return;
    hide();
    const current: Shown = { key, ...ids, mark, el: undefined };
    shown = current;
    let card = cards.get(key);
    if (!card) cards.set(key, (card = deps.describe(ids.replyId, ids.spanId)));
    const described = await card.catch(() => undefined);
    if (shown !== current || signal.aborted) return;
    if (!described) {
      cards.delete(key);
      return;
    }
    current.el = buildCard(doc, described);
    overlay.cardLayer.replaceChildren(current.el);
    const root = doc.documentElement;
    place(current.el, mark.boxes, {
      left: 0,
      top: 0,
      right: root.clientWidth,
      bottom: root.clientHeight,
    });
  }

  function onFrame(): void {
    frame = 0;
    if (!point) return;
    const { x, y } = point;
    // On the card: it stays, even over another mark it covers (the way to its button).
    if (shown && isInside(cardBox(), x, y)) {
      clearTimeout(hideTimer);
      hideTimer = undefined;
      return;
    }
    const mark = overlay.markAt(x, y);
    if (mark) return void open(mark);
    // Between the mark and its card: keep it a moment.
    if (shown && !hideTimer) hideTimer = setTimeout(hide, HIDE_MS);
  }

  const listen = { capture: true, passive: true, signal };
  doc.addEventListener(
    'pointermove',
    (event) => {
      point = { x: event.clientX, y: event.clientY };
      if (frame === 0) frame = view.requestAnimationFrame(onFrame);
    },
    listen,
  );
  // The button lets the pointer through too: the click reaches the page as any click on its
  // text would, and is read here by where it landed.
  doc.addEventListener(
    'click',
    (event) => {
      const button = shown?.el?.querySelector('.show');
      if (!shown || !button) return;
      if (isInside(toBox(button.getBoundingClientRect()), event.clientX, event.clientY))
        deps.show(shown.replyId, shown.spanId);
    },
    listen,
  );
  doc.addEventListener(
    'selectionchange',
    () => {
      const selection = doc.getSelection();
      const node = selection?.focusNode;
      const mark = node ? overlay.markAtCaret(node, selection.focusOffset) : undefined;
      if (mark) void open(mark);
    },
    listen,
  );
  // The card stands beside a mark's place on screen: once the page moves, it is stale.
  doc.addEventListener('scroll', hide, listen);
  signal.addEventListener(
    'abort',
    () => {
      if (frame !== 0) view.cancelAnimationFrame(frame);
      hide();
    },
    { once: true },
  );
}
