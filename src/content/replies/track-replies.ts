import type { SiteDefinition } from '../../sites/define-site';
import { dependsOnSiblings } from '../text/depends-on-siblings';
import { ReadCache } from '../text/read-cache';
import { liveRenderFacts, type RenderFacts } from '../text/rendering';
import { contentDependenceOf, type ContentDependence } from './content-dependence';
import { isInsideRoots, isStyleChange, isTextChange } from './mutation-kinds';
import {
  isPageStreaming,
  queryReplyContainers,
  readReplyContent,
  replyIdOf,
  type FoundReply,
  type ReplyContent,
} from './find-replies';

/** One read of the page by a {@link ReplyTracker}. */
export interface TrackedReplies {
  /**
   * Every reply, in document order, as `findReplies` would find it; a reply nothing
   * touched is the very object of the previous read. Valid until the next read, which may
   * update the array in place.
   */
  replies: readonly FoundReply[];
  /** The replies that are new, were re-read, or whose position or streaming flag changed, in document order. */
  changed: FoundReply[];
  /** The reply containers are not those of the previous read (added, removed, replaced, moved). */
  isListChanged: boolean;
}

export interface ReplyTracker {
  /**
   * Reads the page, given every mutation since the previous read (all of them: the tracker
   * skips what they did not touch). `reuseBlocks`: reuse the unchanged blocks of a reply that
   * changed (see {@link ReadCache}); without it a changed reply is read whole.
   */
  read(records: readonly MutationRecord[], reuseBlocks: boolean): TrackedReplies;
}

function isSameList(a: readonly Element[], b: readonly Element[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Mutations in or around one known reply since the previous read, as {@link ReadCache.beginRead} takes them. */
interface Touch {
  changed: Node[];
  parents: Node[];
  removed: Node[];
  /** Elements or attributes inside it changed: it may have stopped being a container (see `isStillContainer`). */
  needsCheck: boolean;
  /** Only text changed in it: its text roots and streaming signal are as they were. */
  isTextOnly: boolean;
  /** Re-inserted: mutations made while it was out of the document went unobserved. */
  isReinserted: boolean;
}

/** The mutations of one read, sorted: touches per known reply, and what may need a new query. */
interface Touches {
  touched: Map<Element, Touch>;
  needsQuery: boolean;
  isPageSignalStale: boolean;
  /** A stylesheet changed: what is hidden may have changed anywhere. */
  isStyleChanged: boolean;
}

function newTouch(): Touch {
  return {
    changed: [],
    parents: [],
    removed: [],
    needsCheck: false,
    isTextOnly: true,
    isReinserted: false,
  };
}

function touchOf(touched: Map<Element, Touch>, el: Element): Touch {
  let entry = touched.get(el);
  if (!entry) {
    entry = newTouch();
    touched.set(el, entry);
  }
  return entry;
}

interface KnownReply {
  index: number;
  content: ReplyContent;
  found: FoundReply;
}

/**
 * Reads a page's replies the way `findReplies` does, redoing only what the mutations
 * since the previous read could have changed, so a frame of a reply streaming below a long
 * conversation costs that reply, not the conversation.
 *
 * - The reply containers are queried again only when a mutation lands outside the known
 *   replies (a reply added, removed or replaced, a page re-rendered), on a reply container
 *   itself (its attributes decide whether it matches), or when a change inside a reply makes it
 *   stop matching, makes an element inside it match an earlier selector of the fallback list,
 *   or makes an ancestor match (selectors with `:has()`); a text change inside a reply never
 *   does (barring `:empty`).
 * - A reply is read again only when a mutation landed in it, on it, on an element around it
 *   (attributes above it can change what the exclusions match), or, for sites whose text
 *   selectors depend on siblings, on the children of an element around it; or when it is new.
 * - A reply in which only text changed keeps its text roots and streaming signal (no selector
 *   can match otherwise), and the page streaming signals are looked up again only after a
 *   change to elements or attributes.
 */
export function trackReplies(site: SiteDefinition, doc: Document): ReplyTracker {
  return new PageTracker(site, doc);
}

class PageTracker implements ReplyTracker {
  private readonly selectors: readonly string[];
  private readonly notInside: string;
  private readonly containerDependence: ContentDependence;
  private readonly hasContentSelector: boolean[];
  private readonly isPageSignalTextSensitive: boolean;
  private readonly isTextSiblingDependent: boolean;
  private readonly isTextSelectorEmptySensitive: boolean;
  private elements: Element[] = [];
  private replies: FoundReply[] = [];
  private known = new Map<Node, KnownReply>();
  private selectorIndex = -1;
  private isPageSignal = false;
  private isFirstRead = true;
  // One per reply: a reply untouched for many reads keeps its blocks valid (its cache saw every change).
  private readonly caches = new Map<Element, ReadCache>();
  /** The page's style and layout as of this read. */
  private facts: RenderFacts | undefined;

  constructor(
    private readonly site: SiteDefinition,
    private readonly doc: Document,
  ) {
    this.selectors = site.replySelector;
    this.notInside = (site.notInside ?? []).join(', ');
    this.containerDependence = contentDependenceOf([...this.selectors, this.notInside].join(', '));
    this.hasContentSelector = this.selectors.map((selector) =>
      selector.toLowerCase().includes(':has('),
    );
    this.isPageSignalTextSensitive = (site.streaming?.page ?? []).some((selector) =>
      selector.toLowerCase().includes(':empty'),
    );
    const textSelectors = [
      ...(site.textRoot ?? []),
      ...(site.exclude ?? []),
      ...(site.streaming?.reply ?? []),
    ].join(', ');
    this.isTextSiblingDependent = dependsOnSiblings(textSelectors);
    this.isTextSelectorEmptySensitive = textSelectors.toLowerCase().includes(':empty');
  }

  read(records: readonly MutationRecord[], reuseBlocks: boolean): TrackedReplies {
    const { touched, needsQuery, isPageSignalStale, isStyleChanged } = this.sortMutations(records);
    this.facts = liveRenderFacts(this.doc);
    let isListChanged = this.isFirstRead;
    this.isFirstRead = false;
    if (needsQuery) {
      const found = queryReplyContainers(this.site, this.doc);
      this.selectorIndex = found.selectorIndex;
      if (!isSameList(found.elements, this.elements)) {
        this.elements = found.elements;
        isListChanged = true;
      }
    }
    let isPageSignalChanged = false;
    if (isPageSignalStale) {
      const isSignal = isPageStreaming(this.site, this.doc);
      isPageSignalChanged = isSignal !== this.isPageSignal;
      this.isPageSignal = isSignal;
    }
    // Blocks kept for a stream that ended hold a copy of its text: let them go.
    if (!reuseBlocks) this.caches.clear();
    // Replies' text and whether they are hidden are read again, without the blocks' cache.
    if (isStyleChanged) for (const el of this.elements) touchOf(touched, el).isReinserted = true;
    const changed: FoundReply[] = [];
    if (isListChanged) this.readAll(touched, reuseBlocks, changed);
    else this.readTouched(touched, reuseBlocks, changed, isPageSignalChanged);
    // Let the styles go: the memo holds elements the page may drop.
    this.facts = undefined;
    return { replies: this.replies, changed, isListChanged };
  }

  /** Which known replies the mutations touched, and whether the containers must be queried again. */
  private sortMutations(records: readonly MutationRecord[]): Touches {
    const touches: Touches = {
      touched: new Map(),
      needsQuery: this.isFirstRead,
      isPageSignalStale: this.isFirstRead,
      isStyleChanged: false,
    };
    const outsideTargets = new Set<Node>();
    const outsideParents = new Set<Node>();
    const outsideAdded: Element[] = [];
    for (const record of records) {
      const isText = isTextChange(record);
      if (!isText || this.isPageSignalTextSensitive) touches.isPageSignalStale = true;
      if (isStyleChange(record)) touches.isStyleChanged = true;
      const target = record.target;
      const owner = this.ownerOf(target);
      if (owner === undefined) {
        touches.needsQuery = true;
        if (record.type === 'attributes') {
          outsideTargets.add(target);
        } else if (record.type === 'childList') {
          if (this.isTextSiblingDependent) outsideParents.add(target);
          const added = record.addedNodes;
          for (let i = 0; i < added.length; i++)
            if ((added[i] as Node).nodeType === 1) outsideAdded.push(added[i] as Element);
        }
        continue;
      }
      this.recordTouch(touchOf(touches.touched, owner), record, isText);
      if (target === owner && record.type === 'attributes') touches.needsQuery = true;
    }
    this.touchInside(touches.touched, outsideTargets, 'changed');
    this.touchInside(touches.touched, outsideParents, 'parents');
    this.markReinserted(touches.touched, outsideAdded);
    if (!touches.needsQuery && (this.containerDependence !== 'none' || this.selectorIndex > 0)) {
      for (const [el, entry] of touches.touched) {
        if (entry.needsCheck && !this.isStillContainer(el)) {
          touches.needsQuery = true;
          break;
        }
      }
    }
    return touches;
  }

  private recordTouch(entry: Touch, record: MutationRecord, isText: boolean): void {
    const target = record.target;
    if (record.type === 'childList') {
      entry.parents.push(target);
      const added = record.addedNodes;
      for (let i = 0; i < added.length; i++) entry.changed.push(added[i] as Node);
      const removed = record.removedNodes;
      for (let i = 0; i < removed.length; i++) entry.removed.push(removed[i] as Node);
    } else {
      entry.changed.push(target);
    }
    if (!isText || this.isTextSelectorEmptySensitive) entry.isTextOnly = false;
    const isOwnAttribute = record.type === 'attributes' && this.known.has(target);
    if (!isOwnAttribute && (!isText || this.containerDependence === 'any')) entry.needsCheck = true;
  }

  /**
   * Changes above replies: an attribute, or a sibling added or removed beside them, can change
   * what their selectors match inside them.
   */
  private touchInside(
    touched: Map<Element, Touch>,
    nodes: Set<Node>,
    list: 'changed' | 'parents',
  ): void {
    for (const node of nodes) {
      if (!(node as Element).firstElementChild) continue;
      for (const el of this.elements) {
        if (!node.contains(el)) continue;
        const entry = touchOf(touched, el);
        entry[list].push(node);
        entry.isTextOnly = false;
      }
    }
  }

  /** A known reply taken out and put back: what happened to it meanwhile went unobserved. */
  private markReinserted(touched: Map<Element, Touch>, added: Element[]): void {
    if (this.selectorIndex < 0) return;
    const active = this.selectors[this.selectorIndex] as string;
    for (const el of added) {
      if (this.known.has(el)) touchOf(touched, el).isReinserted = true;
      else if (el.firstElementChild)
        for (const inner of el.querySelectorAll(active))
          if (this.known.has(inner)) touchOf(touched, inner).isReinserted = true;
    }
  }

  private ownerOf(node: Node): Element | undefined {
    for (let up: Node | null = node; up; up = up.parentNode)
      if (this.known.has(up)) return up as Element;
    return undefined;
  }

  /** False when a change inside `el` may have changed which elements are reply containers. */
  private isStillContainer(el: Element): boolean {
    const { selectors, selectorIndex, notInside } = this;
    if (this.containerDependence === 'any') return false;
    for (let i = 0; i < selectorIndex; i++) {
      const earlier = selectors[i] as string;
      if (el.matches(earlier) || el.querySelector(earlier) !== null) return false;
    }
    if (this.containerDependence === 'none') return true;
    if (!el.matches(selectors[selectorIndex] as string)) return false;
    if (notInside !== '' && el.closest(notInside) !== null) return false;
    const parent = el.parentElement;
    for (let i = 0; i <= selectorIndex; i++) {
      if (this.hasContentSelector[i] && parent?.closest(selectors[i] as string)) return false;
    }
    return true;
  }

  private readContent(
    el: Element,
    touch: Touch | undefined,
    reuseBlocks: boolean,
    before: ReplyContent | undefined,
  ): ReplyContent {
    const selectorsFrom = touch?.isTextOnly && !touch.isReinserted ? before : undefined;
    const facts = this.facts as RenderFacts;
    const hiddenFrom =
      touch && !touch.isReinserted && before && isInsideRoots(touch.changed, before.roots)
        ? before
        : undefined;
    if (!reuseBlocks)
      return readReplyContent(this.site, el, facts, undefined, selectorsFrom, hiddenFrom);
    let cache = touch?.isReinserted ? undefined : this.caches.get(el);
    if (!cache) {
      cache = new ReadCache(el);
      this.caches.set(el, cache);
    }
    cache.beginRead(touch?.changed ?? [], touch?.parents ?? [], touch?.removed ?? []);
    const content = readReplyContent(this.site, el, facts, cache, selectorsFrom, hiddenFrom);
    // Not read while hidden, its cache misses those changes: read it whole when it shows.
    if (content.isHidden) this.caches.delete(el);
    return content;
  }

  /** Reads one container (again when touched or new) and says whether it changed. */
  private visit(
    el: Element,
    index: number,
    touched: Map<Element, Touch>,
    reuseBlocks: boolean,
    changed: FoundReply[],
  ): KnownReply {
    const entry = touched.get(el);
    const before = entry?.isReinserted ? undefined : this.known.get(el);
    const content =
      !before || entry ? this.readContent(el, entry, reuseBlocks, before?.content) : before.content;
    // Hold one copy of a text that did not change (a settled reply re-read after a re-render).
    if (before && content !== before.content && content.text.text === before.content.text.text)
      content.text.text = before.content.text.text;
    const isLast = index === this.elements.length - 1;
    const isStreaming = content.hasSignal || (isLast && this.isPageSignal);
    const isSame = before !== undefined && before.content === content && before.index === index;
    if (isSame && before.found.isStreaming === isStreaming) return before;
    const found = {
      element: el,
      id: isSame ? before.found.id : replyIdOf(this.site, el, index, content.text.text),
      text: content.text,
      isStreaming,
      isHidden: content.isHidden,
    };
    changed.push(found);
    return { index, content, found };
  }

  private readAll(touched: Map<Element, Touch>, reuseBlocks: boolean, changed: FoundReply[]): void {
    const next = new Map<Node, KnownReply>();
    this.replies = this.elements.map((el, index) => {
      const reply = this.visit(el, index, touched, reuseBlocks, changed);
      next.set(el, reply);
      return reply.found;
    });
    this.known = next;
    for (const el of this.caches.keys()) if (!next.has(el)) this.caches.delete(el);
  }

  private readTouched(
    touched: Map<Element, Touch>,
    reuseBlocks: boolean,
    changed: FoundReply[],
    isPageSignalChanged: boolean,
  ): void {
    const indices: number[] = [];
    for (const el of touched.keys()) {
      const reply = this.known.get(el);
      if (reply) indices.push(reply.index);
    }
    const lastIndex = this.elements.length - 1;
    if (isPageSignalChanged && lastIndex >= 0 && !indices.includes(lastIndex))
      indices.push(lastIndex);
    indices.sort((a, b) => a - b);
    for (const index of indices) {
      const el = this.elements[index] as Element;
      const reply = this.visit(el, index, touched, reuseBlocks, changed);
      this.known.set(el, reply);
      this.replies[index] = reply.found;
    }
  }
}
