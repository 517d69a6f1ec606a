import { appendToReplyText } from './append-to-reply-text';
import { dependsOnSiblings } from './depends-on-siblings';
import type { ReplyText, TextSegment } from './reply-text';

/** A block element's text as read last time. */
export interface CachedBlock {
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

/** Numbers per mark in {@link CachedBlock.marks}. */
export const MARK_SIZE = 5;
/** Marks a block keeps: its last children read, where a stream changes it. */
export const MAX_MARKS = 4;

/** How a read takes over a changed block from the previous read (see {@link ReadCache.resume}). */
export interface Resume {
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
