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

const STRUCTURAL_SELECTOR = /[+~]|:has\(|:(?:nth-|first-|last-|only-)|:empty/;

/**
 * True when what `selector` matches may change as siblings are added or removed (`+`, `~`,
 * `:has()`, structural pseudo-classes); may say true for a selector that does not.
 */
export function dependsOnSiblings(selector: string): boolean {
  return STRUCTURAL_SELECTOR.test(selector);
}

/** A block element's text as read last time. */
interface CachedBlock {
  /** The read (see {@link ReadCache}) that last found this entry valid or wrote it. */
  generation: number;
  isPreformatted: boolean;
  excludeSelector: string;
  /** Its children are read as preformatted text (it or an ancestor is a `<pre>`). */
  isChildPreformatted: boolean;
  /** The block's text without the line break that separates it from the text before it. */
  text: string;
  /** Reply offset of `text` in the read that placed `segments`. */
  base: number;
  /** The block's segments, in the reply offsets of that read. */
  segments: TextSegment[];
  endsWithNewline: boolean;
  /** The block's child nodes as read, in order. */
  children: Node[];
  /**
   * The reader's state after each of the last {@link MAX_MARKS} children read once the block had
   * text, {@link MARK_SIZE} numbers each: the child's index in `children`, the length of `text`
   * and the number of `segments` so far, the pending break, and 1 when the text ended with a
   * newline. A stream changes a block's last children, so its last few marks are the ones used.
   */
  marks: number[];
}

const MARK_SIZE = 5;
const MAX_MARKS = 4;

/** How a read takes over a changed block from the previous read (see {@link ReadCache.resume}). */
interface Resume {
  entry: CachedBlock;
  /** Index in `entry.marks` of the mark to read on from; -1: read every child. */
  mark: number;
}

/**
 * Lets {@link readReplyText} reuse the text of block elements (paragraphs, list items, the
 * reply root) whose subtree did not change since the previous read, so a streaming reply costs
 * a read of the blocks that grew rather than of the whole reply.
 *
 * Call {@link ReadCache.beginRead} before each read with every DOM mutation since the previous
 * read. A block is reused only when it was read or reused by the previous read, with the same
 * preformatting and exclusions, and no changed node lies inside it or contains it (an attribute
 * above it may change which selectors match inside it). A parent whose children were added or
 * removed invalidates the blocks under it only when the exclusions could depend on siblings
 * (`+`, `~`, `:has`, structural pseudo-classes) or it is a KaTeX box (whose children decide
 * which copy of the math is read): streaming appends paragraphs without re-reading the others.
 * A block with a change inside it but none on or around it is still a block, and its children
 * are read on from the previous read's state after the last of them that is unchanged and
 * still in place: a stream's read re-reads the tail, not every paragraph before it.
 * Mutations the caller did not observe (attributes outside its MutationObserver filter) are
 * invisible to the cache: use it while a reply streams, and read without it otherwise.
 *
 * When the only changes since the previous read are text nodes appended right after its last
 * text node, or that node's text changed, the read is the previous text plus theirs (see
 * {@link appendToReplyText}), and the blocks learn of those changes at the next full read.
 */
export class ReadCache {
  private readonly blocks = new WeakMap<Element, CachedBlock>();
  private generation = 0;
  /** The previous read's result, for {@link ReadCache.readAppended}. */
  private lastRead: ReplyText | undefined;
  /** The changes given to the latest `beginRead`. */
  private latest: { changed: readonly Node[]; parents: readonly Node[]; removed: readonly Node[] } =
    { changed: [], parents: [], removed: [] };
  /** Changes since the previous full read (reads that only appended keep theirs here for the blocks). */
  private sinceFullRead: { changed: Node[]; parents: Node[]; removed: Node[] } = {
    changed: [],
    parents: [],
    removed: [],
  };
  /** False from a `beginRead` until {@link ReadCache.prepare} gives the blocks its changes. */
  private isPrepared = true;
  /** Every changed node and childList parent and all their ancestors up to the root: a block among them has a change in it. */
  private changedOrAbove = new Set<Node>();
  private changedNodes = new Set<Node>();
  /** Changed elements that have element children: a block may lie inside them. */
  private changedAround: Element[] = [];
  private childListParents = new Set<Node>();
  private removedNodes = new Set<Node>();
  private katexParents: Node[] = [];
  private readonly structural = new Map<string, boolean>();

  /** `root`: the element whose text is read (the reply); changes are not followed above it. */
  constructor(private readonly root?: Node) {}

  /**
   * Starts a read. `changed`: characterData and attribute targets and added nodes since the
   * previous `beginRead`; `childListParents`: targets of childList mutations since then;
   * `removed`: the nodes those mutations removed.
   */
  beginRead(
    changed: readonly Node[],
    childListParents: readonly Node[] = [],
    removed: readonly Node[] = [],
  ): void {
    this.latest = { changed, parents: childListParents, removed };
    const since = this.sinceFullRead;
    for (const node of changed) since.changed.push(node);
    for (const node of childListParents) since.parents.push(node);
    for (const node of removed) since.removed.push(node);
    this.isPrepared = false;
  }

  /**
   * The read when the changes since the previous read only appended text to its end (see
   * {@link appendToReplyText}); `undefined` otherwise. The changes stay pending for the
   * blocks, which take them in at the next full read.
   */
  readAppended(): ReplyText | undefined {
    if (!this.lastRead || this.isPrepared) return undefined;
    const { changed, parents, removed } = this.latest;
    const read = appendToReplyText(this.lastRead, changed, parents, removed);
    if (read) {
      this.lastRead = read;
      this.latest = { changed: [], parents: [], removed: [] };
    }
    return read;
  }

  /** Keeps a full read's result for {@link ReadCache.readAppended}. */
  remember(read: ReplyText): void {
    this.lastRead = read;
  }

  /** Takes in every change since the previous full read, before a full read. */
  prepare(): void {
    if (this.isPrepared) return;
    this.isPrepared = true;
    const { changed, parents: childListParents, removed } = this.sinceFullRead;
    this.sinceFullRead = { changed: [], parents: [], removed: [] };
    this.generation++;
    // One walk up per change here spares each block a contains() call per change below.
    const changedOrAbove = new Set<Node>();
    for (const list of [changed, childListParents]) {
      for (const node of list) {
        for (let up: Node | null = node; up && !changedOrAbove.has(up); up = up.parentNode) {
          changedOrAbove.add(up);
          if (up === this.root) break;
        }
      }
    }
    this.changedOrAbove = changedOrAbove;
    this.changedNodes = new Set(changed);
    this.changedAround = changed.filter(
      (node): node is Element =>
        node.nodeType === 1 && (node as Element).firstElementChild !== null,
    );
    this.childListParents = new Set(childListParents);
    this.removedNodes = new Set(removed);
    this.katexParents = childListParents.filter((node) =>
      (node as Element).classList?.contains('katex'),
    );
  }

  private isStructural(selector: string): boolean {
    let isStructural = this.structural.get(selector);
    if (isStructural === undefined) {
      isStructural = dependsOnSiblings(selector);
      this.structural.set(selector, isStructural);
    }
    return isStructural;
  }

  /** True when no change since the previous read lies on or (for sibling-dependent `selector`s) around `node`. */
  private isUnchangedAround(node: Node, selector: string): boolean {
    for (const target of this.changedAround) if (target.contains(node)) return false;
    for (const parent of this.isStructural(selector) ? this.childListParents : this.katexParents)
      if (parent.contains(node)) return false;
    return true;
  }

  /** True when no change since the previous read lies in, on or (for sibling-dependent `selector`s) around `node`. */
  private isUnchanged(node: Node, selector: string): boolean {
    return !this.changedOrAbove.has(node) && this.isUnchangedAround(node, selector);
  }

  /** The previous read's entry for a block, when it was valid then and read the same way. */
  private previous(
    el: Element,
    isPreformatted: boolean,
    excludeSelector: string,
  ): CachedBlock | undefined {
    const entry = this.blocks.get(el);
    if (!entry || entry.generation !== this.generation - 1) return undefined;
    if (entry.isPreformatted !== isPreformatted || entry.excludeSelector !== excludeSelector)
      return undefined;
    return entry;
  }

  /** The block's cached text when still valid for this read (and marks it valid for the next). */
  lookup(el: Element, isPreformatted: boolean, excludeSelector: string): CachedBlock | undefined {
    const entry = this.previous(el, isPreformatted, excludeSelector);
    if (!entry || !this.isUnchanged(el, excludeSelector)) return undefined;
    entry.generation = this.generation;
    return entry;
  }

  /**
   * How to read a block that {@link lookup} cannot reuse, when nothing changed on or around it
   * and the exclusions cannot depend on what is inside it: it is still a block, not skipped,
   * so it is read as one right away, on from its last mark before the first child that is new,
   * moved, removed or changed. The children before that mark stay valid for the next read.
   * `undefined`: read it as an element never seen.
   */
  resume(el: Element, isPreformatted: boolean, excludeSelector: string): Resume | undefined {
    const entry = this.previous(el, isPreformatted, excludeSelector);
    // A changed block itself may be back from outside the document, with unobserved changes.
    if (
      !entry ||
      this.changedNodes.has(el) ||
      this.isStructural(excludeSelector) ||
      !this.isUnchangedAround(el, excludeSelector)
    )
      return undefined;
    const { children, marks } = entry;
    const isChildListChanged = this.childListParents.has(el);
    let same = 0;
    while (same < children.length) {
      const child = children[same] as Node;
      if (
        !this.isUnchanged(child, excludeSelector) ||
        (isChildListChanged && this.removedNodes.has(child))
      )
        break;
      same++;
    }
    let mark = marks.length - MARK_SIZE;
    while (mark >= 0 && (marks[mark] as number) >= same) mark -= MARK_SIZE;
    if (mark < 0) return { entry, mark: -1 };
    const childIndex = marks[mark] as number;
    // None of the children up to it was removed: nothing was inserted before it if it kept its index.
    if (isChildListChanged && el.childNodes[childIndex] !== children[childIndex])
      return { entry, mark: -1 };
    for (let i = 0; i <= childIndex; i++) {
      const block = this.blocks.get(children[i] as Element);
      if (block && block.generation === this.generation - 1) block.generation = this.generation;
    }
    return { entry, mark };
  }

  store(el: Element, entry: Omit<CachedBlock, 'generation'>): void {
    this.blocks.set(el, { ...entry, generation: this.generation });
  }
}

/** The first `count` segments moved by `shift` code units: the same objects when it is 0. */
function moveSegments(segments: TextSegment[], count: number, shift: number): TextSegment[] {
  if (shift === 0) return count === segments.length ? segments : segments.slice(0, count);
  const moved: TextSegment[] = [];
  for (let i = 0; i < count; i++) {
    const segment = segments[i] as TextSegment;
    moved.push({ node: segment.node, start: segment.start + shift, end: segment.end + shift });
  }
  return moved;
}

class TextReader {
  /** The text read since the innermost cached block began (all of it when none is open). */
  text = '';
  /** Length of the text before `text` (the enclosing blocks' text read so far). */
  private offset = 0;
  readonly segments: TextSegment[] = [];
  private pending = NO_BREAK;
  // Tracked apart from `text`: reading the end of a growing rope string would flatten it each time.
  private endsWithNewline = false;

  constructor(
    private readonly excludeSelector: string,
    private readonly cache: ReadCache | undefined,
  ) {}

  private isEmpty(): boolean {
    return this.offset === 0 && this.text === '';
  }

  private requestBreak(kind: number): void {
    if (kind > this.pending) this.pending = kind;
  }

  breakLine(): void {
    this.requestBreak(LINE_BREAK);
  }

  private atLineStart(): boolean {
    return this.pending !== NO_BREAK || this.isEmpty() || this.endsWithNewline;
  }

  private readText(node: Text, isPreformatted: boolean): void {
    const data = node.data;
    if (data === '') return;
    // Source-formatting whitespace between blocks is not something a reader sees.
    if (!isPreformatted && this.atLineStart() && ONLY_SPACE.test(data)) return;
    if (this.pending !== NO_BREAK) {
      if (!this.isEmpty()) this.text += this.pending === LINE_BREAK ? '\n' : '\t';
      this.pending = NO_BREAK;
    }
    const start = this.offset + this.text.length;
    this.text += data;
    this.endsWithNewline = data.charCodeAt(data.length - 1) === 10;
    this.segments.push({ node, start, end: start + data.length });
  }

  /**
   * Appends a block read by an earlier read. A block starts and ends with a line break, so its
   * own text depends on nothing read before it except whether any text was (the separator
   * before it), which is why it can be reused.
   */
  private appendCachedBlock(cached: CachedBlock): void {
    if (cached.text === '') return;
    if (!this.isEmpty()) this.text += '\n';
    this.pending = NO_BREAK;
    const base = this.offset + this.text.length;
    this.text += cached.text;
    // A stream leaves the blocks before the growing one in place: their segments are reused as is.
    if (cached.base !== base) {
      cached.segments = moveSegments(cached.segments, cached.segments.length, base - cached.base);
      cached.base = base;
    }
    for (const segment of cached.segments) this.segments.push(segment);
    this.endsWithNewline = cached.endsWithNewline;
  }

  /** Reads a block's children, on from `resume` when given, and keeps the result in the cache for the next read. */
  private readBlockChildren(
    el: Element,
    isPreformatted: boolean,
    isChildPreformatted: boolean,
    resume?: Resume,
  ): void {
    const cache = this.cache as ReadCache;
    // Read into a fresh string: slicing the block out of the growing text would flatten it.
    const outer = this.text;
    const firstSegment = this.segments.length;
    this.offset += outer.length;
    this.text = '';
    // Whether text came before the block: its own text, when it has any, starts with the separator.
    const lead = this.offset === 0 ? 0 : 1;
    const base = this.offset + lead;
    let children: Node[] = [];
    let marks: number[] = [];
    let child = el.firstChild;
    if (resume && resume.mark >= 0) {
      const { entry, mark } = resume;
      const childIndex = entry.marks[mark] as number;
      this.text = (lead === 1 ? '\n' : '') + entry.text.slice(0, entry.marks[mark + 1]);
      for (const segment of moveSegments(
        entry.segments,
        entry.marks[mark + 2] as number,
        base - entry.base,
      ))
        this.segments.push(segment);
      this.pending = entry.marks[mark + 3] as number;
      this.endsWithNewline = entry.marks[mark + 4] === 1;
      children = entry.children.slice(0, childIndex + 1);
      marks = entry.marks.slice(0, mark + MARK_SIZE);
      child = (entry.children[childIndex] as Node).nextSibling;
    }
    for (; child; child = child.nextSibling) {
      children.push(child);
      if (child.nodeType === 3) {
        this.readText(child as Text, isChildPreformatted);
      } else if (child.nodeType === 1) {
        this.readElement(child as Element, isChildPreformatted);
      }
      if (this.text === '') continue;
      if (marks.length === MAX_MARKS * MARK_SIZE) marks.splice(0, MARK_SIZE);
      marks.push(
        children.length - 1,
        this.text.length - lead,
        this.segments.length - firstSegment,
        this.pending,
        this.endsWithNewline ? 1 : 0,
      );
    }
    const own = this.text;
    this.offset -= outer.length;
    this.text = outer + own;
    cache.store(el, {
      isPreformatted,
      excludeSelector: this.excludeSelector,
      isChildPreformatted,
      text: own === '' ? '' : own.slice(lead),
      base,
      segments: this.segments.slice(firstSegment),
      endsWithNewline: this.endsWithNewline,
      children,
      marks,
    });
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
    // Only blocks are cached, and a block nothing changed in or around is still one (and still
    // not skipped): the checks below would find what they found last time.
    const cached = this.cache?.lookup(el, isPreformatted, this.excludeSelector);
    if (cached) {
      this.requestBreak(LINE_BREAK);
      this.appendCachedBlock(cached);
      this.requestBreak(LINE_BREAK);
      return;
    }
    // Changed only inside, and the checks below do not look inside: still a block.
    const resume = this.cache?.resume(el, isPreformatted, this.excludeSelector);
    if (resume) {
      this.requestBreak(LINE_BREAK);
      this.readBlockChildren(el, isPreformatted, resume.entry.isChildPreformatted, resume);
      this.requestBreak(LINE_BREAK);
      return;
    }
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
    } else if (block && this.cache) {
      this.readBlockChildren(el, isPreformatted, isPreformatted || tag === 'PRE');
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
 * @param cache Reuses unchanged blocks' text from the previous read (see {@link ReadCache});
 *   the result is the same as without it as long as the cache was told every mutation.
 * @returns The reply text (UTF-16) and its text-node segments.
 * @throws {DOMException} SyntaxError when a selector of `exclude` is invalid.
 */
export function readReplyText(roots: Element[], exclude: string[], cache?: ReadCache): ReplyText {
  const appended = cache?.readAppended();
  if (appended) return appended;
  cache?.prepare();
  const reader = new TextReader(exclude.join(', '), cache);
  for (const root of roots) {
    reader.breakLine();
    reader.readElement(root, root.closest('pre') !== null);
  }
  const read = { text: reader.text, segments: reader.segments };
  cache?.remember(read);
  return read;
}

/**
 * The text {@link readReplyText} would read after changes that only appended text nodes right
 * after `previous`'s last text node, in the same parent, or changed that node's text (a
 * streaming reply's usual frame): `previous` plus their text, with no walk of the DOM.
 * `undefined` for any other change, and when a changed text is empty or only whitespace (the
 * reader keeps or drops such text by what precedes it): read the reply instead.
 *
 * Sound because a text node decides nothing but its own text: no element or attribute changed,
 * so what the reader leaves out and where it breaks lines is as before, and nothing readable
 * follows the last text node.
 *
 * @param previous The read before the changes (of the same roots, with the same exclusions).
 * @param changed Added nodes and characterData targets since that read (as {@link ReadCache.beginRead}).
 * @param parents Targets of childList mutations since that read.
 * @param removed Nodes those mutations removed.
 */
export function appendToReplyText(
  previous: ReplyText,
  changed: readonly Node[],
  parents: readonly Node[],
  removed: readonly Node[],
): ReplyText | undefined {
  const segments = previous.segments;
  const last = segments[segments.length - 1];
  if (!last || removed.length > 0 || changed.length === 0) return undefined;
  const node = last.node;
  const parent = node.parentNode;
  if (parent === null) return undefined;
  for (const target of parents) if (target !== parent) return undefined;
  // The last text node's later siblings: each must be a text node the changes added.
  const appended: Text[] = [];
  for (let sibling = node.nextSibling; sibling; sibling = sibling.nextSibling) {
    if (sibling.nodeType !== 3) return undefined;
    appended.push(sibling as Text);
  }
  const isAppended = new Set<Node>(appended);
  let isLastChanged = false;
  for (const target of changed) {
    if (target === node) isLastChanged = true;
    else if (!isAppended.has(target)) return undefined;
  }
  for (const sibling of appended) if (!changed.includes(sibling)) return undefined;
  let text = previous.text;
  const next = segments.slice();
  if (isLastChanged) {
    const data = node.data;
    if (data === '' || ONLY_SPACE.test(data)) return undefined;
    text = text.slice(0, last.start) + data;
    next[next.length - 1] = { node, start: last.start, end: last.start + data.length };
  }
  for (const sibling of appended) {
    const data = sibling.data;
    if (data === '') continue;
    if (ONLY_SPACE.test(data)) return undefined;
    const start = text.length;
    text += data;
    next.push({ node: sibling, start, end: start + data.length });
  }
  return { text, segments: next };
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
  const boundaries = boundariesFromOffsets(reply, start, end);
  if (!boundaries) return null;
  const range = boundaries.startNode.ownerDocument.createRange();
  range.setStart(boundaries.startNode, boundaries.startOffset);
  range.setEnd(boundaries.endNode, boundaries.endOffset);
  return range;
}

/** The boundary points of the Range {@link rangeFromOffsets} would build (offsets in UTF-16 code units of the nodes' data). */
export interface RangeBoundaries {
  startNode: Text;
  startOffset: number;
  endNode: Text;
  endOffset: number;
}

/**
 * {@link rangeFromOffsets} without creating the Range: same arguments, same rules and `null`
 * cases, never throws. Lets a painter check whether a Range it already holds is still right.
 */
export function boundariesFromOffsets(
  reply: ReplyText,
  start: number,
  end: number,
): RangeBoundaries | null {
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

  return {
    startNode: startSeg.node,
    startOffset: startNodeOffset,
    endNode: endSeg.node,
    endOffset: endNodeOffset,
  };
}
