import type { SiteDefinition } from '../../sites/define-site';
import { dependsOnSiblings } from '../text/depends-on-siblings';
import { ReadCache } from '../text/read-cache';
import { contentDependenceOf } from './content-dependence';
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

function hasElement(nodes: NodeList): boolean {
  // Indexed: a NodeList iterator costs more than the loop (this runs per mutation per frame).
  for (let i = 0; i < nodes.length; i++) if ((nodes[i] as Node).nodeType === 1) return true;
  return false;
}

/** Text added, removed or edited: no element or attribute changed, so no selector's matches did (barring `:empty`). */
function isTextChange(record: MutationRecord): boolean {
  if (record.type === 'characterData') return true;
  return (
    record.type === 'childList' &&
    !hasElement(record.addedNodes) &&
    !hasElement(record.removedNodes)
  );
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
  const selectors = site.replySelector;
  const notInside = (site.notInside ?? []).join(', ');
  const containerDependence = contentDependenceOf([...selectors, notInside].join(', '));
  const hasContentSelector = selectors.map((selector) => selector.toLowerCase().includes(':has('));
  const isPageSignalTextSensitive = (site.streaming?.page ?? []).some((selector) =>
    selector.toLowerCase().includes(':empty'),
  );
  const textSelectors = [
    ...(site.textRoot ?? []),
    ...(site.exclude ?? []),
    ...(site.streaming?.reply ?? []),
  ].join(', ');
  const isTextSiblingDependent = dependsOnSiblings(textSelectors);
  const isTextSelectorEmptySensitive = textSelectors.toLowerCase().includes(':empty');

  let elements: Element[] = [];
  let replies: FoundReply[] = [];
  let known = new Map<Node, KnownReply>();
  let selectorIndex = -1;
  let isPageSignal = false;
  let isFirstRead = true;
  // One per reply: a reply untouched for many reads keeps its blocks valid (its cache saw every change).
  const caches = new Map<Element, ReadCache>();

  function ownerOf(node: Node): Element | undefined {
    for (let up: Node | null = node; up; up = up.parentNode)
      if (known.has(up)) return up as Element;
    return undefined;
  }

  /** False when a change inside `el` may have changed which elements are reply containers. */
  function isStillContainer(el: Element): boolean {
    if (containerDependence === 'any') return false;
    for (let i = 0; i < selectorIndex; i++) {
      const earlier = selectors[i] as string;
      if (el.matches(earlier) || el.querySelector(earlier) !== null) return false;
    }
    if (containerDependence === 'none') return true;
    if (!el.matches(selectors[selectorIndex] as string)) return false;
    if (notInside !== '' && el.closest(notInside) !== null) return false;
    const parent = el.parentElement;
    for (let i = 0; i <= selectorIndex; i++) {
      if (hasContentSelector[i] && parent?.closest(selectors[i] as string)) return false;
    }
    return true;
  }

  function readContent(
    el: Element,
    touch: Touch | undefined,
    reuseBlocks: boolean,
    before: ReplyContent | undefined,
  ): ReplyContent {
    const selectorsFrom = touch?.isTextOnly && !touch.isReinserted ? before : undefined;
    if (!reuseBlocks) return readReplyContent(site, el, undefined, selectorsFrom);
    let cache = touch?.isReinserted ? undefined : caches.get(el);
    if (!cache) {
      cache = new ReadCache(el);
      caches.set(el, cache);
    }
    cache.beginRead(touch?.changed ?? [], touch?.parents ?? [], touch?.removed ?? []);
    return readReplyContent(site, el, cache, selectorsFrom);
  }

  function read(records: readonly MutationRecord[], reuseBlocks: boolean): TrackedReplies {
    let needsQuery = isFirstRead;
    let isPageSignalStale = isFirstRead;
    const touched = new Map<Element, Touch>();
    const touch = (el: Element): Touch => {
      let entry = touched.get(el);
      if (!entry) {
        entry = {
          changed: [],
          parents: [],
          removed: [],
          needsCheck: false,
          isTextOnly: true,
          isReinserted: false,
        };
        touched.set(el, entry);
      }
      return entry;
    };
    const outsideTargets = new Set<Node>();
    const outsideParents = new Set<Node>();
    const outsideAdded: Element[] = [];
    for (const record of records) {
      const isText = isTextChange(record);
      if (!isText || isPageSignalTextSensitive) isPageSignalStale = true;
      const target = record.target;
      const owner = ownerOf(target);
      const added = record.addedNodes;
      if (owner === undefined) {
        needsQuery = true;
        if (record.type === 'attributes') {
          outsideTargets.add(target);
        } else if (record.type === 'childList') {
          if (isTextSiblingDependent) outsideParents.add(target);
          for (let i = 0; i < added.length; i++)
            if ((added[i] as Node).nodeType === 1) outsideAdded.push(added[i] as Element);
        }
        continue;
      }
      const entry = touch(owner);
      if (record.type === 'childList') {
        entry.parents.push(target);
        for (let i = 0; i < added.length; i++) entry.changed.push(added[i] as Node);
        const removed = record.removedNodes;
        for (let i = 0; i < removed.length; i++) entry.removed.push(removed[i] as Node);
      } else {
        entry.changed.push(target);
      }
      if (!isText || isTextSelectorEmptySensitive) entry.isTextOnly = false;
      if (target === owner && record.type === 'attributes') needsQuery = true;
      else if (!isText || containerDependence === 'any') entry.needsCheck = true;
    }
    // Changes above replies: an attribute, or a sibling added or removed beside them, can change
    // what their selectors match inside them.
    const touchInside = (nodes: Set<Node>, list: 'changed' | 'parents'): void => {
      for (const node of nodes) {
        if (!(node as Element).firstElementChild) continue;
        for (const el of elements) {
          if (!node.contains(el)) continue;
          const entry = touch(el);
          entry[list].push(node);
          entry.isTextOnly = false;
        }
      }
    };
    touchInside(outsideTargets, 'changed');
    touchInside(outsideParents, 'parents');
    // A known reply taken out and put back: what happened to it meanwhile went unobserved.
    if (selectorIndex >= 0) {
      const active = selectors[selectorIndex] as string;
      for (const added of outsideAdded) {
        if (known.has(added)) touch(added).isReinserted = true;
        else if (added.firstElementChild)
          for (const el of added.querySelectorAll(active))
            if (known.has(el)) touch(el).isReinserted = true;
      }
    }
    if (!needsQuery && (containerDependence !== 'none' || selectorIndex > 0)) {
      for (const [el, entry] of touched) {
        if (entry.needsCheck && !isStillContainer(el)) {
          needsQuery = true;
          break;
        }
      }
    }

    let isListChanged = isFirstRead;
    isFirstRead = false;
    if (needsQuery) {
      const found = queryReplyContainers(site, doc);
      selectorIndex = found.selectorIndex;
      if (!isSameList(found.elements, elements)) {
        elements = found.elements;
        isListChanged = true;
      }
    }
    let isPageSignalChanged = false;
    if (isPageSignalStale) {
      const isSignal = isPageStreaming(site, doc);
      isPageSignalChanged = isSignal !== isPageSignal;
      isPageSignal = isSignal;
    }
    // Blocks kept for a stream that ended hold a copy of its text: let them go.
    if (!reuseBlocks) caches.clear();

    const changed: FoundReply[] = [];
    const lastIndex = elements.length - 1;
    const visit = (el: Element, index: number): KnownReply => {
      const entry = touched.get(el);
      const before = entry?.isReinserted ? undefined : known.get(el);
      const content =
        !before || entry ? readContent(el, entry, reuseBlocks, before?.content) : before.content;
      // Hold one copy of a text that did not change (a settled reply re-read after a re-render).
      if (before && content !== before.content && content.text.text === before.content.text.text)
        content.text.text = before.content.text.text;
      const isStreaming = content.hasSignal || (index === lastIndex && isPageSignal);
      const isSame = before !== undefined && before.content === content && before.index === index;
      if (isSame && before.found.isStreaming === isStreaming) return before;
      const found = {
        element: el,
        id: isSame ? before.found.id : replyIdOf(site, el, index, content.text.text),
        text: content.text,
        isStreaming,
      };
      changed.push(found);
      return { index, content, found };
    };
    if (isListChanged) {
      const next = new Map<Node, KnownReply>();
      replies = elements.map((el, index) => {
        const reply = visit(el, index);
        next.set(el, reply);
        return reply.found;
      });
      known = next;
      for (const el of caches.keys()) if (!known.has(el)) caches.delete(el);
    } else {
      const indices: number[] = [];
      for (const el of touched.keys()) {
        const reply = known.get(el);
        if (reply) indices.push(reply.index);
      }
      if (isPageSignalChanged && lastIndex >= 0 && !indices.includes(lastIndex))
        indices.push(lastIndex);
      indices.sort((a, b) => a - b);
      for (const index of indices) {
        const el = elements[index] as Element;
        const reply = visit(el, index);
        known.set(el, reply);
        replies[index] = reply.found;
      }
    }
    return { replies, changed, isListChanged };
  }

  return { read };
}
