// Paints marks as boxes in a closed shadow root over the page, so the page's own scripts can
// neither enumerate nor read back which text matched (CSS.highlights and adopted stylesheets
// are shared with the page's world). See docs/privacy.md.
import type { HighlightColors } from '../../shared/highlight-colors';
import { clipArea, clipBoxes, isSameBoxes, mergeLineBoxes, type Box } from './box-geometry';
import { clippingAncestors, contentBox, textRects } from './measure-range';
import { HOST_STYLE, overlayCss } from './overlay-style';

export type MarkKind = 'exact' | 'near' | 'flash';

/** Where the highlighter's Ranges are painted. */
export interface Painter {
  add(kind: MarkKind, range: Range): void;
  remove(kind: MarkKind, range: Range): void;
  /** The page around the painted Ranges may have moved: measure them again. */
  remeasure(): void;
}

/** A painted exact or near mark as the hover card finds it: its Range and its line boxes. */
export interface PaintedMark {
  range: Range;
  boxes: readonly Box[];
}

export interface Overlay extends Painter {
  /** Repaints in these colours; `undefined`: the defaults. */
  setColors(colors: HighlightColors | undefined): void;
  /** The exact or near mark drawn under a client point, if any: marks let the pointer through. */
  markAt(x: number, y: number): PaintedMark | undefined;
  /** The mark whose Range holds this caret position (keyboard users move a caret into one). */
  markAtCaret(node: Node, offset: number): PaintedMark | undefined;
  /** The closed root's layer for the hover card, above every mark. */
  readonly cardLayer: HTMLElement;
}

interface Mark {
  /** One element per Range; its children are the Range's boxes, one per line. */
  group: HTMLElement;
  boxes: Box[];
  /** The Range's clipping ancestors, read at its first measure. */
  clips: Element[] | undefined;
  /** The element around the Range whose intersection with the viewport the browser reports. */
  anchor: Element | null;
}

/** Layers in paint order: the flash lies over the match colours. */
const KINDS: readonly MarkKind[] = ['near', 'exact', 'flash'];

function writeBoxes(doc: Document, group: HTMLElement, boxes: readonly Box[]): void {
  while (group.children.length > boxes.length) group.lastElementChild?.remove();
  while (group.children.length < boxes.length) group.append(doc.createElement('div'));
  boxes.forEach((box, i) => {
    (group.children[i] as HTMLElement).style.cssText =
      `left: ${box.left}px; top: ${box.top}px; width: ${box.right - box.left}px; height: ${box.bottom - box.top}px;`;
  });
}

/**
 * Buys: while a chat page scrolls (it follows a streaming reply every frame), marks out of view
 * cost no measuring; the browser says when their elements come near the viewport.
 * Without IntersectionObserver every mark counts as in view.
 */
function watchAnchors(view: Window | null, onChange: () => void) {
  const counts = new Map<Element, number>();
  const inView = new Set<Element>();
  // Until its first report an element counts as in view: a new mark is drawn in the next frame.
  const reported = new Set<Element>();
  const Observer = (view as (Window & typeof globalThis) | null)?.IntersectionObserver;
  const observer =
    typeof Observer === 'function'
      ? new Observer((entries) => {
          for (const entry of entries) {
            reported.add(entry.target);
            if (entry.isIntersecting) inView.add(entry.target);
            else inView.delete(entry.target);
          }
          onChange();
        })
      : undefined;
  return {
    isInView: (anchor: Element | null): boolean =>
      !observer || (anchor !== null && (inView.has(anchor) || !reported.has(anchor))),
    observe(anchor: Element | null): void {
      if (!anchor) return;
      const count = counts.get(anchor) ?? 0;
      counts.set(anchor, count + 1);
      if (count === 0) observer?.observe(anchor);
    },
    unobserve(anchor: Element | null): void {
      if (!anchor) return;
      const count = (counts.get(anchor) ?? 1) - 1;
      if (count > 0) return void counts.set(anchor, count);
      counts.delete(anchor);
      inView.delete(anchor);
      reported.delete(anchor);
      observer?.unobserve(anchor);
    },
    disconnect: () => observer?.disconnect(),
  };
}

/**
 * Appends `host` to the root element and puts it back whenever it is removed: a page that
 * rebuilds its root element's children (or the root itself) drops it. Returns the observer.
 */
function keepAttached(doc: Document, host: HTMLElement): MutationObserver {
  const attach = (): void => {
    if (!host.isConnected && doc.documentElement) doc.documentElement.append(host);
  };
  attach();
  let watchedRoot = doc.documentElement;
  const keeper = new MutationObserver(() => {
    if (doc.documentElement && doc.documentElement !== watchedRoot) {
      watchedRoot = doc.documentElement;
      keeper.observe(watchedRoot, { childList: true });
    }
    attach();
  });
  keeper.observe(doc, { childList: true });
  if (watchedRoot) keeper.observe(watchedRoot, { childList: true });
  return keeper;
}

/** The hover card's questions: which exact or near mark lies under a point or holds a caret. */
function markFinder(
  marks: Map<MarkKind, Map<Range, Mark>>,
): Pick<Overlay, 'markAt' | 'markAtCaret'> {
  function findMark(test: (range: Range, mark: Mark) => boolean): PaintedMark | undefined {
    for (const kind of ['exact', 'near'] as const)
      for (const [range, mark] of marks.get(kind) ?? [])
        if (test(range, mark)) return { range, boxes: mark.boxes };
    return undefined;
  }
  return {
    markAt: (x, y) =>
      findMark((_, mark) =>
        mark.boxes.some((b) => x >= b.left && x < b.right && y >= b.top && y < b.bottom),
      ),
    markAtCaret: (node, offset) =>
      findMark((range, mark) => {
        try {
          return mark.boxes.length > 0 && range.isPointInRange(node, offset);
        } catch {
          // A caret in another document or a doctype: in no mark.
          return false;
        }
      }),
  };
}

/**
 * The shadow root's `<style>`; returns its setter. An extension page's CSP refuses inline style
 * (the practice chat): there an adopted sheet and the CSSOM style the marks, as no page script
 * shares that world (in a chatbot tab, adopted sheets would be).
 */
function styleShadow(
  host: HTMLElement,
  shadow: ShadowRoot,
  isExtensionPage: boolean,
): (css: string) => void {
  const doc = host.ownerDocument;
  const style = doc.createElement('style');
  style.textContent = overlayCss(undefined);
  shadow.append(style);
  if (!isExtensionPage) return (css) => void (style.textContent = css);
  const sheet = new (doc.defaultView as typeof globalThis).CSSStyleSheet();
  host.style.cssText = HOST_STYLE;
  sheet.replaceSync(overlayCss(undefined));
  shadow.adoptedStyleSheets = [sheet];
  return (css) => {
    style.textContent = css;
    sheet.replaceSync(css);
  };
}

/**
 * Adds the overlay's host to the page until `signal` aborts: one element at the end of the
 * root element, added whether or not anything matches, put back if the page removes it. Boxes
 * are measured from the Ranges' client rects at most once an animation frame, after a scroll
 * in any scroll container, a resize, or a paint or re-read (`remeasure`), and cut to the
 * visible part of the scroll containers around them.
 *
 * Inside the closed shadow root: a `<style>`, then one layer per kind (`near`, `exact`,
 * `flash` classes), each holding one element per Range whose children are its line boxes.
 */
export function createOverlay(
  doc: Document,
  signal: AbortSignal,
  options: { isExtensionPage?: boolean } = {},
): Overlay {
  const view = doc.defaultView;
  const host = doc.createElement('div');
  host.setAttribute('style', HOST_STYLE);
  const shadow = host.attachShadow({ mode: 'closed' });
  const setCss = styleShadow(host, shadow, options.isExtensionPage === true);
  const layers = new Map<MarkKind, HTMLElement>();
  const marks = new Map<MarkKind, Map<Range, Mark>>();
  for (const kind of KINDS) {
    const layer = doc.createElement('div');
    layer.className = kind;
    shadow.append(layer);
    layers.set(kind, layer);
    marks.set(kind, new Map());
  }
  const cardLayer = Object.assign(doc.createElement('div'), { className: 'cards' });
  shadow.append(cardLayer);
  let frame = 0;
  const anchors = watchAnchors(view, () => remeasure());

  const keeper = keepAttached(doc, host);

  function measure(): void {
    frame = 0;
    const root = doc.documentElement;
    const viewport: Box = { left: 0, top: 0, right: root.clientWidth, bottom: root.clientHeight };
    // Replies share their scroll containers: each is read once a frame.
    const clipBoxesOf = new Map<Element, Box>();
    const boxOf = (el: Element): Box => {
      let box = clipBoxesOf.get(el);
      if (!box) clipBoxesOf.set(el, (box = contentBox(el)));
      return box;
    };
    for (const kindMarks of marks.values()) {
      for (const [range, mark] of kindMarks) {
        let boxes: Box[] = [];
        if (range.startContainer.isConnected && anchors.isInView(mark.anchor)) {
          mark.clips ??= clippingAncestors(range.commonAncestorContainer);
          const area = clipArea(viewport, mark.clips.map(boxOf));
          if (area) boxes = clipBoxes(mergeLineBoxes(textRects(range)), area);
        }
        if (isSameBoxes(boxes, mark.boxes)) continue;
        writeBoxes(doc, mark.group, boxes);
        mark.boxes = boxes;
      }
    }
  }

  function remeasure(): void {
    if (frame !== 0 || signal.aborted || !view) return;
    // A scroll with every mark out of view and no box drawn has nothing to move.
    const isNeeded = [...marks.values()].some((kindMarks) =>
      [...kindMarks.values()].some(
        (mark) => mark.boxes.length > 0 || anchors.isInView(mark.anchor),
      ),
    );
    if (isNeeded) frame = view.requestAnimationFrame(measure);
  }

  const listen = { capture: true, passive: true, signal };
  doc.addEventListener('scroll', remeasure, listen);
  view?.addEventListener('resize', remeasure, listen);
  signal.addEventListener(
    'abort',
    () => {
      if (frame !== 0) view?.cancelAnimationFrame(frame);
      keeper.disconnect();
      anchors.disconnect();
      host.remove();
      for (const kindMarks of marks.values()) kindMarks.clear();
      for (const layer of layers.values()) layer.replaceChildren();
      cardLayer.replaceChildren();
    },
    { once: true },
  );

  return {
    add(kind, range) {
      const kindMarks = marks.get(kind) as Map<Range, Mark>;
      if (signal.aborted || kindMarks.has(range)) return;
      const group = doc.createElement('div');
      (layers.get(kind) as HTMLElement).append(group);
      const start = range.commonAncestorContainer;
      const anchor =
        start.nodeType === Node.ELEMENT_NODE ? (start as Element) : start.parentElement;
      anchors.observe(anchor);
      kindMarks.set(range, { group, boxes: [], clips: undefined, anchor });
      remeasure();
    },
    remove(kind, range) {
      const kindMarks = marks.get(kind) as Map<Range, Mark>;
      const mark = kindMarks.get(range);
      if (!mark) return;
      mark.group.remove();
      anchors.unobserve(mark.anchor);
      kindMarks.delete(range);
    },
    remeasure,
    setColors: (colors) => setCss(overlayCss(colors)),
    ...markFinder(marks),
    cardLayer,
  };
}
