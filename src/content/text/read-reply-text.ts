import { type CachedBlock, MARK_SIZE, MAX_MARKS, type ReadCache, type Resume } from './read-cache';
import { hiddenBy, liveRenderFacts, type RenderFacts } from './rendering';
import { moveSegments, ONLY_SPACE, type ReplyText, type TextSegment } from './reply-text';
import { isBlock, isCell, isSkipped } from './visible-elements';

/** Facts for a read of no roots: never asked. */
const NO_FACTS = undefined as unknown as RenderFacts;

const NO_BREAK = 0;
const CELL_BREAK = 1;
const LINE_BREAK = 2;

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
    private readonly facts: RenderFacts,
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
    if (isSkipped(el, this.excludeSelector) || hiddenBy(el, this.facts)) return;
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
 *   `.katex-mathml` / `<math>` when a `.katex-html` copy exists, `<annotation>`; and what the
 *   page's style hides (see {@link hiddenBy}: display, visibility, opacity, clips, size,
 *   transforms, an absolute box out of reach). A root that matches these itself contributes
 *   nothing; whether a root's ancestors hide it is {@link rootHiddenBy}'s question.
 * - One `\n` is inserted at block boundaries (p, li, h1-h6, pre, blockquote, div, tr, br, lists,
 *   tables, `.katex-display`...) and one `\t` between table cells, never at the start or end of
 *   the text and never two in a row; roots are separated like blocks.
 *
 * @param roots Elements to read; an empty array gives `{ text: '', segments: [] }`.
 * @param exclude CSS selectors of subtrees to leave out (matched with `Element.matches`).
 * @param cache Reuses unchanged blocks' text from the previous read (see {@link ReadCache});
 *   the result is the same as without it as long as the cache was told every mutation.
 * @param facts The page's style and layout (default: the live page's).
 * @returns The reply text (UTF-16) and its text-node segments.
 * @throws {DOMException} SyntaxError when a selector of `exclude` is invalid.
 */
export function readReplyText(
  roots: Element[],
  exclude: string[],
  cache?: ReadCache,
  facts?: RenderFacts,
): ReplyText {
  const appended = cache?.readAppended();
  if (appended) return appended;
  cache?.prepare();
  const doc = roots[0]?.ownerDocument;
  const reader = new TextReader(
    exclude.join(', '),
    cache,
    facts ?? (doc ? liveRenderFacts(doc) : NO_FACTS),
  );
  for (const root of roots) {
    reader.breakLine();
    reader.readElement(root, root.closest('pre') !== null);
  }
  const read = { text: reader.text, segments: reader.segments };
  cache?.remember(read);
  return read;
}
