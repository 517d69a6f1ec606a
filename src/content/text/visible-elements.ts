// What a reader sees: which elements are skipped, and which break lines or cells. No layout is
// read (no getComputedStyle): only tags, attributes and classes.

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

function hasClass(el: Element, name: string): boolean {
  return el.classList.contains(name);
}

/** True for a KaTeX MathML copy whose rendered `.katex-html` sibling is what a reader sees. */
function isShadowedMath(el: Element): boolean {
  if (!hasClass(el, 'katex-mathml') && el.localName !== 'math') return false;
  const katex = el.closest('.katex');
  return katex !== null && katex !== el && katex.querySelector(':scope > .katex-html') !== null;
}

/**
 * True when a reader sees nothing of `el` or its subtree: skipped tags (a button outside a table
 * cell), `hidden`, `aria-hidden` (but KaTeX's and Monaco's visible copies), inline
 * `display:none`/`visibility:hidden`, screen-reader-only classes, shadowed MathML, or a match of
 * `excludeSelector` (`''`: none). Throws a SyntaxError DOMException for an invalid selector.
 */
export function isSkipped(el: Element, excludeSelector: string): boolean {
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

/** True for a table cell, by tag or ARIA role: a `\t` separates cells. */
export function isCell(el: Element): boolean {
  return CELL_TAGS.has(el.tagName.toUpperCase()) || CELL_ROLES.has(el.getAttribute('role') ?? '');
}

/** True for an element a reader sees on lines of its own (a `\n` before and after it). */
export function isBlock(el: Element): boolean {
  return (
    BLOCK_TAGS.has(el.tagName.toUpperCase()) ||
    hasClass(el, 'katex-display') ||
    el.getAttribute('role') === 'row'
  );
}
