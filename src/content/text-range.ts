/**
 * Reply text <-> DOM: reads the text a person sees in a reply (document order, hidden and
 * excluded subtrees left out, line breaks at block boundaries) and maps reply offsets back to
 * DOM Ranges by walking the recorded text-node segments (hypothesis's TextPosition style).
 * Pure DOM: no extension API, no layout (no getComputedStyle, no innerText).
 */

/** One text node's place in a reply's text. */
export interface TextSegment {
  /** The text node; its whole `data` is copied into the reply text. */
  node: Text;
  /** Reply offset (UTF-16 code units) of the node's first code unit. */
  start: number;
  /** Reply offset one past the node's last code unit (`start + node.data.length`). */
  end: number;
}

/**
 * The text of a reply as a reader sees it, with the map back to the DOM.
 * Characters of `text` are either copied from a segment's text node (raw, whitespace kept) or
 * separators inserted between segments (`\n` at block boundaries and `<br>`, `\t` between table
 * cells); separators belong to no segment.
 */
export interface ReplyText {
  /** The reply text; offsets into it are "reply offsets" (UTF-16 code units). */
  text: string;
  /** Text-node segments in document order, non-overlapping, ascending, none empty. */
  segments: TextSegment[];
}

/** Elements never read: not rendered (scripts, templates, media) or UI chrome (buttons). */
const SKIPPED_TAGS = new Set(
  (
    'SCRIPT STYLE TEMPLATE NOSCRIPT BUTTON SVG IFRAME OBJECT CANVAS VIDEO AUDIO SELECT ' +
    'TEXTAREA INPUT HEAD TITLE ANNOTATION ANNOTATION-XML MJX-ASSISTIVE-MML'
  ).split(' '),
);

/** Elements after and before which a reader sees a line break. */
const BLOCK_TAGS = new Set(
  (
    'ADDRESS ARTICLE ASIDE BLOCKQUOTE BR CAPTION DD DETAILS DIALOG DIV DL DT FIELDSET ' +
    'FIGCAPTION FIGURE FOOTER FORM H1 H2 H3 H4 H5 H6 HEADER HR LI MAIN NAV OL P PRE SECTION ' +
    'SUMMARY TABLE TBODY TFOOT THEAD TR UL'
  ).split(' '),
);

const CELL_TAGS = new Set(['TD', 'TH']);
const CELL_ROLES = new Set(['cell', 'gridcell', 'columnheader', 'rowheader']);
const CELL_SELECTOR =
  'th, td, [role="cell"], [role="gridcell"], [role="columnheader"], [role="rowheader"]';

/**
 * `aria-hidden` copies that are what a sighted reader sees: KaTeX's rendered `.katex-html` (its
 * MathML twin is skipped instead) and Monaco's `.view-lines` (Qwen code blocks).
 */
const VISIBLE_ARIA_HIDDEN = ['katex-html', 'view-lines'];

/** Screen-reader-only classes ("ChatGPT said:", "You said"): real text nobody sees. */
const VISUALLY_HIDDEN = /(?:^|\s)(?:sr-only|visually-hidden|cdk-visually-hidden)(?:\s|$)/;
const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i;

const NO_BREAK = 0;
const CELL_BREAK = 1;
const LINE_BREAK = 2;

function hasClass(el: Element, name: string): boolean {
  return el.classList.contains(name);
}

/** True for a KaTeX MathML copy whose rendered `.katex-html` sibling is what a reader sees. */
function isShadowedMath(el: Element): boolean {
  if (!hasClass(el, 'katex-mathml') && el.localName !== 'math') return false;
  const katex = el.closest('.katex');
  return katex !== null && katex !== el && katex.querySelector(':scope > .katex-html') !== null;
}

function isSkipped(el: Element, excludeSelector: string): boolean {
  if (SKIPPED_TAGS.has(el.tagName.toUpperCase())) {
    // A button's label inside a table header is the column name (sortable tables).
    if (el.tagName.toUpperCase() === 'BUTTON' && el.closest(CELL_SELECTOR)) return false;
    return true;
  }
  if (el.hasAttribute('hidden')) return true;
  if (
    el.getAttribute('aria-hidden') === 'true' &&
    !VISIBLE_ARIA_HIDDEN.some((name) => hasClass(el, name))
  ) {
    return true;
  }
  const style = el.getAttribute('style');
  if (style !== null && HIDDEN_STYLE.test(style)) return true;
  const cls = el.getAttribute('class');
  if (cls !== null && VISUALLY_HIDDEN.test(cls)) return true;
  if (isShadowedMath(el)) return true;
  return excludeSelector !== '' && el.matches(excludeSelector);
}

function isCell(el: Element): boolean {
  return CELL_TAGS.has(el.tagName.toUpperCase()) || CELL_ROLES.has(el.getAttribute('role') ?? '');
}

function isBlock(el: Element): boolean {
  return (
    BLOCK_TAGS.has(el.tagName.toUpperCase()) ||
    hasClass(el, 'katex-display') ||
    el.getAttribute('role') === 'row'
  );
}

const ONLY_SPACE = /^[ \t\n\r\f]*$/;

class TextReader {
  text = '';
  readonly segments: TextSegment[] = [];
  private pending = NO_BREAK;
  // Tracked apart from `text`: reading the end of a growing rope string would flatten it each time.
  private endsWithNewline = false;

  constructor(private readonly excludeSelector: string) {}

  private requestBreak(kind: number): void {
    if (kind > this.pending) this.pending = kind;
  }

  breakLine(): void {
    this.requestBreak(LINE_BREAK);
  }

  private atLineStart(): boolean {
    return this.pending !== NO_BREAK || this.text === '' || this.endsWithNewline;
  }

  private readText(node: Text, isPreformatted: boolean): void {
    const data = node.data;
    if (data === '') return;
    // Source-formatting whitespace between blocks is not something a reader sees.
    if (!isPreformatted && this.atLineStart() && ONLY_SPACE.test(data)) return;
    if (this.pending !== NO_BREAK) {
      if (this.text !== '') this.text += this.pending === LINE_BREAK ? '\n' : '\t';
      this.pending = NO_BREAK;
    }
    const start = this.text.length;
    this.text += data;
    this.endsWithNewline = data.charCodeAt(data.length - 1) === 10;
    this.segments.push({ node, start, end: this.text.length });
  }

  readChildren(parent: Node, isPreformatted: boolean): void {
    for (let child = parent.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        this.readText(child as Text, isPreformatted);
      } else if (child.nodeType === 1) {
        this.readElement(child as Element, isPreformatted);
      }
    }
  }

  readElement(el: Element, isPreformatted: boolean): void {
    if (isSkipped(el, this.excludeSelector)) return;
    const tag = el.tagName.toUpperCase();
    if (tag === 'BR') {
      this.requestBreak(LINE_BREAK);
      return;
    }
    // A cell reads as a cell even when it is a <div role="cell"> (ARIA grids).
    const cell = isCell(el);
    const block = !cell && isBlock(el);
    if (block) this.requestBreak(LINE_BREAK);
    else if (cell) this.requestBreak(CELL_BREAK);
    if (tag === 'DETAILS' && !el.hasAttribute('open')) {
      // A closed <details> shows its <summary> only.
      const summary = el.querySelector(':scope > summary');
      if (summary) this.readElement(summary, isPreformatted);
    } else {
      this.readChildren(el, isPreformatted || tag === 'PRE');
    }
    if (block) this.requestBreak(LINE_BREAK);
  }
}

/**
 * Reads the text a person sees under `roots`, in the order the roots are given.
 *
 * - Text nodes are copied verbatim (raw whitespace kept, so segments map 1:1 to node offsets);
 *   whitespace-only nodes at a line start outside `<pre>` are dropped as source formatting.
 * - Left out, with their subtrees: elements matching any selector of `exclude`; `<script>`,
 *   `<style>`, `<template>`, `<button>` (except inside table cells, where it holds a column
 *   label), `<svg>`, form controls, iframes; `[hidden]`, `[aria-hidden="true"]` (except KaTeX's
 *   rendered `.katex-html` and Monaco's `.view-lines`), inline `display:none` /
 *   `visibility:hidden`, `.sr-only`-style classes, the body of a closed `<details>`; KaTeX
 *   `.katex-mathml` / `<math>` when a `.katex-html` copy exists, `<annotation>`. A root that
 *   matches these itself contributes nothing.
 * - One `\n` is inserted at block boundaries (p, li, h1-h6, pre, blockquote, div, tr, br, lists,
 *   tables, `.katex-display`...) and one `\t` between table cells, never at the start or end of
 *   the text and never two in a row; roots are separated like blocks.
 *
 * @param roots Elements to read; an empty array gives `{ text: '', segments: [] }`.
 * @param exclude CSS selectors of subtrees to leave out (matched with `Element.matches`).
 * @returns The reply text (UTF-16) and its text-node segments.
 * @throws {DOMException} SyntaxError when a selector of `exclude` is invalid.
 */
export function readReplyText(roots: Element[], exclude: string[]): ReplyText {
  const reader = new TextReader(exclude.join(', '));
  for (const root of roots) {
    reader.breakLine();
    reader.readElement(root, root.closest('pre') !== null);
  }
  return { text: reader.text, segments: reader.segments };
}

/** Index of the first segment whose end is greater than `offset` (segments.length if none). */
function firstSegmentEndingAfter(segments: TextSegment[], offset: number): number {
  let lo = 0;
  let hi = segments.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((segments[mid] as TextSegment).end > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Maps a span of reply offsets back to a DOM Range over the reply's text nodes.
 *
 * Offsets are UTF-16 code units into `reply.text`, `end` exclusive (the units of `Range`
 * offsets in text nodes, so a surrogate pair spans two offsets in both). A `start` that falls
 * on an inserted separator moves forward to the next text node's start; an `end` on a
 * separator moves back to the previous text node's end, so the Range never includes text
 * outside the span. `range.toString()` equals `reply.text.slice(start, end)` minus separators
 * (the DOM between the nodes, e.g. skipped subtrees, may also show up in `toString()`).
 *
 * The segments must still describe the live DOM: call again after `readReplyText` if the
 * reply changed, since a text node whose data changed may no longer cover the same offsets.
 *
 * @param reply A result of {@link readReplyText}.
 * @param start Reply offset of the first code unit, `0 <= start <= end`.
 * @param end Reply offset one past the last code unit, `end <= reply.text.length`.
 * @returns The Range; a collapsed Range when `start === end` and a text node borders `start`;
 *   `null` when the offsets are out of bounds or reversed, when the span covers separators
 *   only, or when the reply has no segments. Never throws for out-of-range input.
 */
export function rangeFromOffsets(reply: ReplyText, start: number, end: number): Range | null {
  const { segments } = reply;
  if (!Number.isInteger(start) || !Number.isInteger(end)) return null;
  if (start < 0 || end < start || end > reply.text.length || segments.length === 0) return null;

  let startIndex = firstSegmentEndingAfter(segments, start);
  let startSeg = segments[startIndex];
  let startNodeOffset: number;
  if (startSeg === undefined) {
    // start is at the very end of the text: only a collapsed range at the last node's end.
    startIndex = segments.length - 1;
    startSeg = segments[startIndex] as TextSegment;
    startNodeOffset = startSeg.end - startSeg.start;
  } else {
    startNodeOffset = Math.max(0, start - startSeg.start);
  }

  let endSeg: TextSegment;
  let endNodeOffset: number;
  if (end === start) {
    endSeg = startSeg;
    endNodeOffset = startNodeOffset;
  } else {
    // The last segment starting before `end` holds the end (or ends before it, at a separator).
    const endIndex = firstSegmentEndingAfter(segments, end - 1);
    const candidate = segments[endIndex];
    if (candidate === undefined || candidate.start >= end) {
      const previous = segments[endIndex - 1];
      if (previous === undefined || endIndex - 1 < startIndex) return null;
      endSeg = previous;
      endNodeOffset = previous.end - previous.start;
    } else {
      endSeg = candidate;
      endNodeOffset = end - candidate.start;
    }
    if (endSeg.start < startSeg.start) return null;
    if (endSeg === startSeg && endNodeOffset <= startNodeOffset) return null;
  }

  const doc = startSeg.node.ownerDocument;
  const range = doc.createRange();
  range.setStart(startSeg.node, startNodeOffset);
  range.setEnd(endSeg.node, endNodeOffset);
  return range;
}
