// Buys reading only what a person can see: one computed-style read per element read, and layout
// only for boxes that can be moved, clipped or shrunk out of sight (see docs/architecture.md).
import { isSkipped } from './visible-elements';

/** The computed style a visibility check reads (a `CSSStyleDeclaration` has all of it). */
export interface StyleFacts {
  display: string;
  visibility: string;
  opacity: string;
  contentVisibility: string;
  position: string;
  overflowX: string;
  overflowY: string;
  transform: string;
  clip: string;
  clipPath: string;
}

/** A rectangle in viewport coordinates (CSS pixels). */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** What the checks ask of the page: the live page's answers, or a test's. */
export interface RenderFacts {
  style(el: Element): StyleFacts;
  /** The border box (`getBoundingClientRect`). */
  box(el: Element): Box;
  /** The padding box: what its overflow clip shows now. */
  clientArea(el: Element): Box;
  /** The area its content can be scrolled to show (the padding box moved by the scroll offset, at least as large as it). */
  scrollArea(el: Element): Box;
  /** The document's scrollable area. */
  page(): Box;
  /** The viewport: where a fixed box stays. */
  viewport(): Box;
}

/** Why nothing of an element shows; `undefined`: it may show something. */
export type HiddenBy =
  | 'display'
  | 'visibility'
  | 'opacity'
  | 'content-visibility'
  | 'clip'
  | 'size'
  | 'transform'
  | 'off-screen'
  /** `hidden`, `aria-hidden` and the rest of what {@link isSkipped} leaves out. */
  | 'attribute'
  /** Inside a closed `<details>`, not its summary. */
  | 'details';

/** Below this opacity text is not readable (a fade-in's first frame is re-read when it ends). */
const MIN_OPACITY = 0.05;
/** A clipping box thinner than this shows no readable text (the 1px screen-reader-only box). */
const MIN_CLIP_SIZE = 4;
/** A transform shrinking area below this factor leaves no readable text (`scale(0)`). */
const MIN_AREA_SCALE = 0.01;

const isClipping = (overflow: string): boolean => overflow !== 'visible' && overflow !== '';
const isScrollable = (overflow: string): boolean => overflow === 'auto' || overflow === 'scroll';
const isOutOfFlow = (position: string): boolean => position === 'absolute' || position === 'fixed';

function numbersOf(value: string): number[] {
  return (value.match(/-?[\d.]+(?:e-?\d+)?/g) ?? []).map(Number);
}

/** True when a computed `transform` matrix shrinks the box to (almost) nothing. */
function isShrunkAway(transform: string): boolean {
  if (transform === 'none' || transform === '') return false;
  const m = numbersOf(transform.slice(transform.indexOf('(')));
  const [a, b, c, d] = transform.startsWith('matrix3d')
    ? [m[0], m[1], m[4], m[5]]
    : [m[0], m[1], m[2], m[3]];
  if (a === undefined || b === undefined || c === undefined || d === undefined) return false;
  return Math.abs(a * d - b * c) < MIN_AREA_SCALE;
}

/** True when `clip: rect(...)` (which applies to absolute and fixed boxes) leaves no area. */
function isClippedByRect(style: StyleFacts): boolean {
  if (!style.clip.startsWith('rect(') || !isOutOfFlow(style.position)) return false;
  const [top, right, bottom, left] = numbersOf(style.clip);
  if (top === undefined || right === undefined || bottom === undefined || left === undefined)
    return false;
  return bottom - top < MIN_CLIP_SIZE || right - left < MIN_CLIP_SIZE;
}

/** A length of a `clip-path` shape in pixels, percentages of `size`. */
function lengthOf(token: string | undefined, size: number): number {
  if (token === undefined) return 0;
  const value = parseFloat(token);
  if (Number.isNaN(value)) return 0;
  return token.endsWith('%') ? (value / 100) * size : value;
}

/** True when a `clip-path` shape leaves no readable area: `inset(50%)`, `circle(0)`, `ellipse(0 0)`. */
function isClippedByPath(clipPath: string, el: Element, facts: RenderFacts): boolean {
  const shape = /^(inset|circle|ellipse)\(([^)]*)\)/.exec(clipPath);
  if (!shape) return false;
  const args = (shape[2] as string).split(' at ')[0]?.trim().split(/\s+/) ?? [];
  const box = facts.box(el);
  const width = box.right - box.left;
  const height = box.bottom - box.top;
  if (shape[1] === 'circle') return lengthOf(args[0], Math.hypot(width, height) / Math.SQRT2) < 2;
  if (shape[1] === 'ellipse')
    return lengthOf(args[0], width) < 2 || lengthOf(args[1] ?? args[0], height) < 2;
  const [top, right = top, bottom = top, left = right] = args;
  return (
    height - lengthOf(top, height) - lengthOf(bottom, height) < MIN_CLIP_SIZE ||
    width - lengthOf(left, width) - lengthOf(right, width) < MIN_CLIP_SIZE
  );
}

/** True when an overflow clip is too thin to show text (the screen-reader-only pattern). */
function isTooThin(style: StyleFacts, el: Element, facts: RenderFacts): boolean {
  const clipsX = isClipping(style.overflowX);
  const clipsY = isClipping(style.overflowY);
  if (!clipsX && !clipsY) return false;
  const area = facts.clientArea(el);
  return (
    (clipsX && area.right - area.left < MIN_CLIP_SIZE) ||
    (clipsY && area.bottom - area.top < MIN_CLIP_SIZE)
  );
}

/**
 * Why `el` and everything inside it show nothing, from its own computed style, and for a box
 * that clips its content, its size: `display:none`, `visibility:hidden|collapse` (a child
 * made visible again is left out too), opacity about 0, `content-visibility:hidden`, a
 * `clip`/`clip-path` leaving no area, an overflow clip under 4px (`.sr-only`), a transform
 * shrinking it to nothing. Its place on the page is {@link offScreenBy}'s question.
 */
function ownHiddenBy(
  el: Element,
  style: StyleFacts,
  facts: RenderFacts,
  isVisibilityOwn = true,
): HiddenBy | undefined {
  if (style.display === 'none') return 'display';
  if (isVisibilityOwn && (style.visibility === 'hidden' || style.visibility === 'collapse'))
    return 'visibility';
  if (style.opacity !== '' && parseFloat(style.opacity) < MIN_OPACITY) return 'opacity';
  if (style.contentVisibility === 'hidden') return 'content-visibility';
  if (isClippedByRect(style)) return 'clip';
  if (
    style.clipPath !== 'none' &&
    style.clipPath !== '' &&
    isClippedByPath(style.clipPath, el, facts)
  )
    return 'clip';
  if (isShrunkAway(style.transform)) return 'transform';
  if (isTooThin(style, el, facts)) return 'size';
  return undefined;
}

/** True when [lo, hi] meets (min, max); an empty range counts when it lies within [min, max]. */
const meets = (lo: number, hi: number, min: number, max: number): boolean =>
  hi > lo ? hi > min && lo < max : hi >= min && lo <= max;

const overlaps = (a: Box, b: Box): boolean =>
  meets(a.left, a.right, b.left, b.right) && meets(a.top, a.bottom, b.top, b.bottom);

/** The element above `el` in the flat tree: its parent, or the host of its shadow root. */
function parentOf(el: Element): Element | null {
  if (el.parentElement) return el.parentElement;
  const parent = el.parentNode as (Node & { host?: Element }) | null;
  return parent?.host ?? null;
}

/**
 * True when `el`'s box lies where nobody can scroll to: outside an ancestor's overflow clip
 * (for a scroll container, outside everything it can scroll to: a reply scrolled out of view
 * in an inner scroller is within reach), or outside the document's scrollable area (the
 * viewport, for a fixed box). Ancestors that do not contain a positioned box do not clip it.
 */
function isOutOfReach(el: Element, facts: RenderFacts): boolean {
  const doc = el.ownerDocument;
  let box = facts.box(el);
  let escapes = facts.style(el).position;
  // The root's overflow and, unless the root has its own, the body's belong to the viewport.
  const top = facts.style(doc.documentElement).overflowX === 'visible' ? doc.body : null;
  for (let up = parentOf(el); up && up !== top && up !== doc.documentElement; up = parentOf(up)) {
    const style = facts.style(up);
    const isTransformed = style.transform !== 'none' && style.transform !== '';
    // An absolute box escapes static ancestors' clips; a fixed one, all but transformed ones.
    if (escapes === 'absolute' && style.position === 'static' && !isTransformed) continue;
    if (escapes === 'fixed' && !isTransformed) continue;
    escapes = isOutOfFlow(style.position) ? style.position : 'static';
    const clipsX = isClipping(style.overflowX);
    const clipsY = isClipping(style.overflowY);
    if (!clipsX && !clipsY) continue;
    const scrollsX = isScrollable(style.overflowX);
    const scrollsY = isScrollable(style.overflowY);
    const reach = scrollsX || scrollsY ? facts.scrollArea(up) : facts.clientArea(up);
    const shown = facts.clientArea(up);
    const area = {
      left: clipsX ? (scrollsX ? reach.left : shown.left) : -Infinity,
      right: clipsX ? (scrollsX ? reach.right : shown.right) : Infinity,
      top: clipsY ? (scrollsY ? reach.top : shown.top) : -Infinity,
      bottom: clipsY ? (scrollsY ? reach.bottom : shown.bottom) : Infinity,
    };
    if (!overlaps(box, area)) return true;
    // Within reach of this scroller: from here on, the question is whether the scroller is.
    const upBox = facts.box(up);
    box = {
      left: scrollsX ? upBox.left : Math.max(box.left, area.left),
      right: scrollsX ? upBox.right : Math.min(box.right, area.right),
      top: scrollsY ? upBox.top : Math.max(box.top, area.top),
      bottom: scrollsY ? upBox.bottom : Math.min(box.bottom, area.bottom),
    };
  }
  return !overlaps(box, escapes === 'fixed' ? facts.viewport() : facts.page());
}

/**
 * Why nothing of an element inside a reply shows: {@link ownHiddenBy}, or for an absolute or
 * fixed box, its place ({@link isOutOfReach}). A box in the flow sits where its parent does.
 */
export function hiddenBy(el: Element, facts: RenderFacts): HiddenBy | undefined {
  const style = facts.style(el);
  const own = ownHiddenBy(el, style, facts);
  if (own) return own;
  if (isOutOfFlow(style.position) && isOutOfReach(el, facts)) return 'off-screen';
  return undefined;
}

/** True when `child` is inside a closed `<details>` `up` and is not its summary. */
function isFolded(up: Element, child: Element): boolean {
  return (
    up.localName === 'details' &&
    !up.hasAttribute('open') &&
    !(child.localName === 'summary' && up.querySelector(':scope > summary') === child)
  );
}

/**
 * Why nothing of a reply's text root shows: what the reader skips ({@link isSkipped}) on it or
 * an ancestor up to its reply `container`; a closed `<details>` around it; its own style and
 * place; an ancestor's style (hidden, transparent, clipped or shrunk away). Above the
 * container `aria-hidden` does not count: modal dialogs set it on the whole app behind them.
 * A root's `visibility` is its own: it inherits it.
 */
export function rootHiddenBy(
  root: Element,
  container: Element,
  facts: RenderFacts,
): HiddenBy | undefined {
  if (isSkipped(root, '')) return 'attribute';
  const own = ownHiddenBy(root, facts.style(root), facts);
  if (own) return own;
  const doc = root.ownerDocument;
  let isInContainer = root !== container;
  let child = root;
  for (let up = parentOf(root); up && up !== doc.documentElement; up = parentOf(up)) {
    if (isInContainer && isSkipped(up, '')) return 'attribute';
    if (up === container) isInContainer = false;
    if (isFolded(up, child)) return 'details';
    child = up;
    // Visibility is inherited: the root's own says it; a child may undo an ancestor's.
    const hidden = ownHiddenBy(up, facts.style(up), facts, false);
    if (hidden) return hidden;
  }
  return isOutOfReach(root, facts) ? 'off-screen' : undefined;
}

/**
 * The live page's facts, each element's computed style looked up once: make one per read (a
 * style object is live, but the memo would keep elements a page has dropped).
 */
export function liveRenderFacts(doc: Document): RenderFacts {
  // A scratch document has no window of its own (and no style or layout: nothing is hidden).
  const view = doc.defaultView ?? window;
  const styles = new Map<Element, StyleFacts>();
  const padding = (el: Element): Box => {
    const box = el.getBoundingClientRect();
    const left = box.left + el.clientLeft;
    const top = box.top + el.clientTop;
    return { left, top, right: left + el.clientWidth, bottom: top + el.clientHeight };
  };
  return {
    style(el) {
      let style = styles.get(el);
      if (!style) {
        style = view.getComputedStyle(el);
        styles.set(el, style);
      }
      return style;
    },
    box: (el) => el.getBoundingClientRect(),
    clientArea: padding,
    scrollArea(el) {
      const shown = padding(el);
      const left = shown.left - el.scrollLeft;
      const top = shown.top - el.scrollTop;
      return {
        left,
        top,
        right: left + Math.max(el.scrollWidth, el.clientWidth),
        bottom: top + Math.max(el.scrollHeight, el.clientHeight),
      };
    },
    page() {
      const root = doc.scrollingElement ?? doc.documentElement;
      const left = -view.scrollX;
      const top = -view.scrollY;
      return {
        left,
        top,
        right: left + Math.max(root.scrollWidth, view.innerWidth),
        bottom: top + Math.max(root.scrollHeight, view.innerHeight),
      };
    },
    viewport: () => ({ left: 0, top: 0, right: view.innerWidth, bottom: view.innerHeight }),
  };
}
