import type { SiteDefinition } from './sites/define-site';
import { readReplyText, type ReadCache, type ReplyText } from './text-range';

/** An assistant reply found on the page. */
export interface FoundReply {
  /** The reply container (a match of the site's `replySelector`). */
  element: Element;
  /**
   * Stable id: the site's `replyId` hook, else the element's `data-message-id` or `id`
   * attribute, else `r<index>-<hash>` (index among the replies found, FNV-1a of the first 64
   * characters of the text; it changes while a reply is shorter than 64 characters).
   */
  id: string;
  /** The text a reader sees in the reply's text roots, with its map back to the DOM. */
  text: ReplyText;
  /** True when a reply signal matches, or a page signal matches and this is the last reply. */
  isStreaming: boolean;
}

/**
 * All matches of the first selector in `selectors` that matches anything under `root` (after
 * `keep`, when given, drops some matches).
 */
export function queryFirstMatching(
  root: ParentNode,
  selectors: readonly string[],
  keep: (el: Element) => boolean = () => true,
): Element[] {
  for (const selector of selectors) {
    const found = Array.from(root.querySelectorAll(selector)).filter(keep);
    if (found.length > 0) return found;
  }
  return [];
}

/** Drops elements nested inside another element of the list (the outer one already reads them). */
function outermost(elements: Element[]): Element[] {
  const set = new Set(elements);
  return elements.filter((el) => {
    for (let up = el.parentElement; up; up = up.parentElement) if (set.has(up)) return false;
    return true;
  });
}

/** True when `el` or an ancestor below `reply` matches an excluded selector. */
function isInsideExcluded(el: Element, reply: Element, excludeSelector: string): boolean {
  if (excludeSelector === '') return false;
  for (let up: Element | null = el; up && up !== reply; up = up.parentElement) {
    if (up.matches(excludeSelector)) return true;
  }
  return false;
}

function matchesAny(el: Element, selectors: readonly string[]): boolean {
  return selectors.some((selector) => el.matches(selector) || el.querySelector(selector) !== null);
}

/** FNV-1a over UTF-16 code units, base 36: a short, stable fingerprint, not a security hash. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

function fallbackId(el: Element, index: number, text: string): string {
  const attribute = el.getAttribute('data-message-id') ?? el.getAttribute('id');
  if (attribute) return attribute;
  return `r${index}-${shortHash(text.slice(0, 64))}`;
}

/** The text roots of a reply: the first matching `textRoot` selector's outermost matches. */
function textRootsOf(site: SiteDefinition, reply: Element, excludeSelector: string): Element[] {
  if (!site.textRoot || site.textRoot.length === 0) return [reply];
  // A site that names its text roots has no readable answer yet when none is there. The first
  // selector that finds roots wins: the others are not queried (this runs per reply per frame).
  for (const selector of site.textRoot) {
    const roots = Array.from(reply.querySelectorAll(selector)).filter((el) => !isInsideExcluded(el, reply, excludeSelector));
    if (roots.length > 0) return outermost(roots);
  }
  return [];
}

/**
 * Finds the site's assistant replies under `root`, in document order, and reads their text.
 * Reply containers come from the first `replySelector` that matches; containers nested in
 * another container are dropped. Text comes from the first `textRoot` selector that matches
 * outside excluded subtrees (all its matches, in order), minus `exclude`. Page streaming signals
 * are looked up in the whole document that holds `root`. `cache` (already begun for this read)
 * lets unchanged blocks' text be reused (see {@link ReadCache}).
 */
export function findReplies(site: SiteDefinition, root: Document | Element, cache?: ReadCache): FoundReply[] {
  const exclude = site.exclude ?? [];
  const excludeSelector = exclude.join(', ');
  const notInside = (site.notInside ?? []).join(', ');
  const isReply = (el: Element): boolean => notInside === '' || el.closest(notInside) === null;
  const elements = outermost(queryFirstMatching(root, site.replySelector, isReply));
  const doc = root.nodeType === 9 ? (root as Document) : (root.ownerDocument ?? root);
  const pageSignals = site.streaming?.page ?? [];
  const isPageStreaming = pageSignals.some((selector) => doc.querySelector(selector) !== null);
  const replySignals = site.streaming?.reply ?? [];
  const selectors = [...(site.textRoot ?? []), ...exclude, ...replySignals].join(', ');

  return elements.map((element, index) => {
    let reply: { text: ReplyText; hasSignal: boolean } | undefined = cache?.lookupReply(element, selectors);
    if (!reply) {
      reply = { text: readReplyText(textRootsOf(site, element, excludeSelector), exclude, cache), hasSignal: matchesAny(element, replySignals) };
      cache?.storeReply(element, selectors, reply);
    }
    const isLast = index === elements.length - 1;
    return {
      element,
      id: site.replyId?.(element) ?? fallbackId(element, index, reply.text.text),
      text: reply.text,
      isStreaming: reply.hasSignal || (isLast && isPageStreaming),
    };
  });
}
