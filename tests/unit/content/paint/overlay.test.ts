// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { createOverlay } from '../../../../src/content/paint/overlay';

/** A DOMRect-like list, as `getClientRects` returns. */
function rects(...boxes: [number, number, number, number][]): DOMRectList {
  return boxes.map(([left, top, width, height]) => ({
    left,
    top,
    right: left + width,
    bottom: top + height,
    width,
    height,
    x: left,
    y: top,
  })) as unknown as DOMRectList;
}

function sized(el: Element, props: Record<string, number>): void {
  for (const [name, value] of Object.entries(props))
    Object.defineProperty(el, name, { configurable: true, get: () => value });
}

/**
 * Stands in for IntersectionObserver: reports each observed element at once, in view unless
 * it is in `outOfView`, and again on `report()`.
 */
const outOfView = new Set<Element>();
const observers: FakeIntersectionObserver[] = [];
class FakeIntersectionObserver {
  readonly targets = new Set<Element>();
  constructor(private readonly callback: IntersectionObserverCallback) {
    observers.push(this);
  }
  observe(target: Element): void {
    this.targets.add(target);
    this.report(target);
  }
  unobserve(target: Element): void {
    this.targets.delete(target);
  }
  disconnect(): void {
    this.targets.clear();
  }
  report(target: Element): void {
    const entry = { target, isIntersecting: !outOfView.has(target) } as IntersectionObserverEntry;
    this.callback([entry], this as unknown as IntersectionObserver);
  }
}

describe('the overlay painter', () => {
  let attachShadow: MockInstance<Element['attachShadow']>;
  let frames: FrameRequestCallback[];
  let controller: AbortController;
  const shadow = (): ShadowRoot => attachShadow.mock.results.at(-1)?.value as ShadowRoot;
  const boxes = (kind: string) =>
    [...shadow().querySelectorAll(`.${kind} > div > div`)].map((el) =>
      (el as HTMLElement).style.cssText.replace(/\s+/g, ' '),
    );
  const runFrame = () => frames.splice(0).forEach((callback) => callback(0));

  beforeEach(() => {
    document.body.replaceChildren();
    attachShadow = vi.spyOn(Element.prototype, 'attachShadow');
    frames = [];
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((callback) => {
      frames.push(callback);
      return frames.length;
    });
    sized(document.documentElement, { clientWidth: 800, clientHeight: 600 });
    vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver);
    outOfView.clear();
    observers.length = 0;
    controller = new AbortController();
  });
  afterEach(() => {
    controller.abort();
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  function paragraph(text: string, parent: Element = document.body): Text {
    const p = document.createElement('p');
    p.textContent = text;
    parent.append(p);
    return p.firstChild as Text;
  }

  function rangeOver(node: Text, start: number, end: number, boxes: DOMRectList): Range {
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, end);
    vi.spyOn(range, 'getClientRects').mockReturnValue(boxes);
    return range;
  }

  it('adds one host at the end of the root element before anything is painted, which shows the page nothing', () => {
    const before = document.body.outerHTML;
    createOverlay(document, controller.signal);
    const host = document.documentElement.lastElementChild as HTMLElement;
    expect(host).not.toBe(document.body);
    expect(attachShadow).toHaveBeenCalledWith({ mode: 'closed' });
    expect(host.shadowRoot).toBeNull();
    expect(host.children).toHaveLength(0);
    expect(host.outerHTML.toLowerCase()).not.toContain('recital');
    expect(host.getAttribute('style')).toContain('pointer-events: none !important');
    expect(document.body.outerHTML).toBe(before);
    controller.abort();
    expect(host.isConnected).toBe(false);
  });

  it('places one box per line from the client rects, at most once a frame, and clears them when the range goes', () => {
    const overlay = createOverlay(document, controller.signal);
    const text = paragraph('The keeper climbed the hundred steps.');
    const range = rangeOver(text, 4, 36, rects([10, 20, 200, 18], [10, 40, 90, 18]));
    overlay.add('exact', range);
    overlay.remeasure();
    document.dispatchEvent(new Event('scroll'));
    expect(frames).toHaveLength(1);
    expect(boxes('exact')).toEqual([]);
    runFrame();
    expect(boxes('exact')).toEqual([
      'left: 10px; top: 20px; width: 200px; height: 18px;',
      'left: 10px; top: 40px; width: 90px; height: 18px;',
    ]);
    expect(boxes('near')).toEqual([]);
    // A scroll moves the text: the next frame moves the boxes.
    vi.spyOn(range, 'getClientRects').mockReturnValue(rects([10, -10, 200, 18], [10, 10, 90, 18]));
    document.body.dispatchEvent(new Event('scroll', { bubbles: false }));
    runFrame();
    expect(boxes('exact')).toEqual([
      'left: 10px; top: 0px; width: 200px; height: 8px;',
      'left: 10px; top: 10px; width: 90px; height: 18px;',
    ]);
    overlay.remove('exact', range);
    expect(shadow().querySelectorAll('.exact > div')).toHaveLength(0);
    // Nothing painted: a scroll asks for no frame at all.
    document.dispatchEvent(new Event('scroll'));
    expect(frames).toHaveLength(0);
  });

  it('measures no mark whose text is out of view, and measures it once the browser says it came into view', () => {
    const overlay = createOverlay(document, controller.signal);
    const text = paragraph('A copied sentence far below the fold.');
    const range = rangeOver(text, 2, 8, rects([10, 2000, 60, 18]));
    outOfView.add(text.parentElement as Element);
    overlay.add('exact', range);
    document.dispatchEvent(new Event('scroll'));
    expect(frames).toHaveLength(0);
    expect(range.getClientRects).not.toHaveBeenCalled();
    outOfView.clear();
    vi.spyOn(range, 'getClientRects').mockReturnValue(rects([10, 500, 60, 18]));
    observers[0]?.report(text.parentElement as Element);
    runFrame();
    expect(boxes('exact')).toEqual(['left: 10px; top: 500px; width: 60px; height: 18px;']);
  });

  it('cuts a box to the visible part of the scroll container around it', () => {
    const overlay = createOverlay(document, controller.signal);
    const scroller = document.createElement('div');
    scroller.style.overflowY = 'auto';
    document.body.append(scroller);
    vi.spyOn(scroller, 'getBoundingClientRect').mockReturnValue(
      rects([0, 100, 400, 200])[0] as DOMRect,
    );
    sized(scroller, { clientLeft: 0, clientTop: 0, clientWidth: 385, clientHeight: 200 });
    const text = paragraph('Words under the fold of a scrolled thread.', scroller);
    overlay.add('near', rangeOver(text, 0, 20, rects([20, 290, 500, 18], [20, 320, 50, 18])));
    runFrame();
    expect(boxes('near')).toEqual(['left: 20px; top: 290px; width: 365px; height: 10px;']);
  });

  it('paints the flash above the match colours and repaints in the user colours', () => {
    const overlay = createOverlay(document, controller.signal);
    const layers = [...shadow().children].map((el) => el.className || el.tagName);
    expect(layers).toEqual(['STYLE', 'near', 'exact', 'flash', 'cards']);
    overlay.setColors({ exact: '#112233', near: '#445566' });
    const css = shadow().querySelector('style')?.textContent ?? '';
    expect(css).toContain('#112233');
    expect(css).toContain('#445566');
    expect(css).not.toMatch(/transition|animation/);
  });

  it('puts its host back when the page rebuilds its root element or body, matches or not', async () => {
    createOverlay(document, controller.signal);
    const host = document.documentElement.lastElementChild as HTMLElement;
    document.body.replaceChildren(document.createElement('main'));
    document.documentElement.replaceChildren(document.head, document.body);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(document.documentElement.lastElementChild).toBe(host);
    host.remove();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(host.isConnected).toBe(true);
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(host.isConnected).toBe(false);
  });
});
