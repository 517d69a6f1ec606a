// Reads where a painted Range's text stands on screen and what clips it. DOM reads only.
import type { Box } from './box-geometry';

/**
 * The client rects of the text a Range covers, one per line piece of each text node. Not
 * `range.getClientRects()` alone: for an element wholly inside the Range it adds the
 * element's border box too (a whole paragraph's block, margins of lines included).
 */
export function textRects(range: Range): Box[] {
  const start = range.startContainer;
  if (start === range.endContainer && start.nodeType === Node.TEXT_NODE)
    return [...range.getClientRects()];
  const doc = start.ownerDocument ?? document;
  const piece = doc.createRange();
  const out: Box[] = [];
  const walker = doc.createTreeWalker(range.commonAncestorContainer, NodeFilter.SHOW_TEXT);
  let seen = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!range.intersectsNode(node)) {
      // Text nodes come in document order: once past the Range, none further is inside.
      if (seen) break;
      continue;
    }
    seen = true;
    const text = node as Text;
    piece.setStart(text, text === start ? range.startOffset : 0);
    piece.setEnd(text, text === range.endContainer ? range.endOffset : text.data.length);
    out.push(...piece.getClientRects());
  }
  return out;
}

/** Overflow values that cut an element's content to its padding box. */
const CLIPPING = new Set(['hidden', 'scroll', 'auto', 'clip']);

/** The parent in the flat tree: a shadow root's host for the root's top elements. */
function parentOf(el: Element): Element | null {
  if (el.parentElement) return el.parentElement;
  const parent = el.parentNode;
  return parent && 'host' in parent ? (parent as ShadowRoot).host : null;
}

/**
 * The elements whose overflow clips `node` (itself included when an element), nearest first, up to a fixed-position
 * ancestor (it scrolls with the viewport, not with the ancestors above it). The root element
 * and body are left out: their overflow applies to the viewport, which clips everything.
 */
export function clippingAncestors(node: Node): Element[] {
  const doc = node.ownerDocument;
  const view = doc?.defaultView;
  if (!doc || !view) return [];
  const out: Element[] = [];
  let el = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  for (; el && el !== doc.body && el !== doc.documentElement; el = parentOf(el)) {
    const style = view.getComputedStyle(el);
    if (CLIPPING.has(style.overflowX) || CLIPPING.has(style.overflowY)) out.push(el);
    if (style.position === 'fixed') break;
  }
  return out;
}

/** The part of an element its content shows through: the padding box, scrollbars left out. */
export function contentBox(el: Element): Box {
  const rect = el.getBoundingClientRect();
  const left = rect.left + el.clientLeft;
  const top = rect.top + el.clientTop;
  return { left, top, right: left + el.clientWidth, bottom: top + el.clientHeight };
}
