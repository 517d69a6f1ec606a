// core/hash directly, not core/index: the content script bundles only the hash, not the matcher.
import { hashString } from '../../core/hash';
import { boundedReplyId } from '../../shared/reply-id';
import type { SiteDefinition } from '../../sites/define-site';
import type { ReadCache } from '../text/read-cache';
import { readReplyText } from '../text/read-reply-text';
import { liveRenderFacts, rootHiddenBy, type RenderFacts } from '../text/rendering';
import type { ReplyText } from '../text/reply-text';

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
  /**
   * Nobody can see it: it has text roots and the page's style hides every one (see
   * `rootHiddenBy`). Its text is then empty: a hidden reply is not read.
   */
  isHidden: boolean;
}

/** True when some text node under `el` holds more than white space (stops at the first). */
function holdsText(el: Element): boolean {
  // 4 = NodeFilter.SHOW_TEXT (no global lookup in the content script's hot path).
  const walker = (el.ownerDocument ?? document).createTreeWalker(el, 4);
  for (let node = walker.nextNode(); node; node = walker.nextNode())
    if (/\S/.test((node as Text).data)) return true;
  return false;
}

/**
 * The matches of the first selector of a list whose matches hold text, and that selector's index;
 * when no selector's matches hold text, those of the first that matches anything (-1: none did).
 * A site mid-redesign can render an empty placeholder under its old selector while the reply
 * itself is under a later one (Perplexity 2026-08): the empty candidate must not hide it.
 */
function firstMatching(
  root: ParentNode,
  selectors: readonly string[],
  keep: (el: Element) => boolean,
): { elements: Element[]; index: number } {
  let empty: { elements: Element[]; index: number } | undefined;
  for (let index = 0; index < selectors.length; index++) {
    const found = Array.from(root.querySelectorAll(selectors[index] as string)).filter(keep);
    if (found.length === 0) continue;
    if (found.some(holdsText)) return { elements: found, index };
    empty ??= { elements: found, index };
  }
  return empty ?? { elements: [], index: -1 };
}

/**
 * All matches of the first selector in `selectors` whose matches under `root` hold text, else of
 * the first that matches anything (after `keep`, when given, drops some matches).
 */
export function queryFirstMatching(
  root: ParentNode,
  selectors: readonly string[],
  keep: (el: Element) => boolean = () => true,
): Element[] {
  return firstMatching(root, selectors, keep).elements;
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

function isSameList(a: readonly Element[], b: readonly Element[]): boolean {
  return a.length === b.length && a.every((el, i) => el === b[i]);
}

function matchesAny(el: Element, selectors: readonly string[]): boolean {
  return selectors.some((selector) => el.matches(selector) || el.querySelector(selector) !== null);
}

function fallbackId(el: Element, index: number, text: string): string {
  const attribute = el.getAttribute('data-message-id') ?? el.getAttribute('id');
  if (attribute) return attribute;
  return `r${index}-${hashString(text.slice(0, 64)).toString(36)}`;
}

/** The text roots of a reply: the first matching `textRoot` selector's outermost matches. */
function textRootsOf(site: SiteDefinition, reply: Element, excludeSelector: string): Element[] {
  if (!site.textRoot || site.textRoot.length === 0) return [reply];
  // A site that names its text roots has no readable answer yet when none is there. The first
  // selector that finds roots wins: the others are not queried (this runs per reply per frame).
  for (const selector of site.textRoot) {
    const roots = Array.from(reply.querySelectorAll(selector)).filter(
      (el) => !isInsideExcluded(el, reply, excludeSelector),
    );
    if (roots.length > 0) return outermost(roots);
  }
  return [];
}

/** The reply containers under a root, and which of the site's `replySelector` list found them. */
export interface ReplyContainers {
  /** In document order, none nested in another. */
  elements: Element[];
  /** Index in `site.replySelector` of the selector that found them; -1 when none matched. */
  selectorIndex: number;
}

/**
 * The site's reply containers under `root`: the matches of the first `replySelector` that
 * matches, outside `notInside`, a candidate holding text (else the first that matches anything),
 * minus those nested in another match.
 */
export function queryReplyContainers(
  site: SiteDefinition,
  root: Document | Element,
): ReplyContainers {
  const notInside = (site.notInside ?? []).join(', ');
  const isReply = (el: Element): boolean => notInside === '' || el.closest(notInside) === null;
  const found = firstMatching(root, site.replySelector, isReply);
  return { elements: outermost(found.elements), selectorIndex: found.index };
}

/** True when one of the site's page streaming signals matches anywhere in `doc`. */
export function isPageStreaming(site: SiteDefinition, doc: Document): boolean {
  return (site.streaming?.page ?? []).some((selector) => doc.querySelector(selector) !== null);
}

/** What a reply container holds: its text, the text roots it was read from, and whether one of its own streaming signals matches. */
export interface ReplyContent {
  text: ReplyText;
  /** The text roots a person can see. */
  roots: Element[];
  /** Every text root, seen or not. */
  allRoots: Element[];
  hasSignal: boolean;
  /** It has text roots, and nobody can see any of them. */
  isHidden: boolean;
}

/**
 * Reads one reply container: text from the first `textRoot` selector that matches outside
 * excluded subtrees (all its matches, in order), minus `exclude`. `cache` (already begun for
 * this read) lets unchanged blocks' text be reused (see {@link ReadCache}). `selectorsFrom`, a
 * previous read of the same container after which only text changed in it (no element or
 * attribute: no selector can match otherwise, and no style changes), lends its text roots,
 * streaming signal and which roots are hidden. Roots the page's style hides are not read.
 * `hiddenFrom`, a previous read after which only the inside of its visible roots changed,
 * lends which roots are hidden when the roots are the same (their style and place are as
 * they were): a streaming reply's frame forces no layout for it.
 */
export function readReplyContent(
  site: SiteDefinition,
  element: Element,
  facts: RenderFacts,
  cache?: ReadCache,
  selectorsFrom?: ReplyContent,
  hiddenFrom?: ReplyContent,
): ReplyContent {
  const exclude = site.exclude ?? [];
  let roots = selectorsFrom?.roots;
  let allRoots = selectorsFrom?.allRoots ?? [];
  let isHidden = selectorsFrom?.isHidden ?? false;
  if (!roots) {
    allRoots = textRootsOf(site, element, exclude.join(', '));
    if (hiddenFrom && isSameList(allRoots, hiddenFrom.allRoots)) {
      roots = hiddenFrom.roots;
    } else {
      roots = allRoots.filter((root) => rootHiddenBy(root, element, facts) === undefined);
    }
    isHidden = allRoots.length > 0 && roots.length === 0;
  }
  return {
    // A hidden reply's cache would read on from its visible text.
    text: readReplyText(roots, exclude, isHidden ? undefined : cache, facts),
    roots,
    allRoots,
    hasSignal: selectorsFrom?.hasSignal ?? matchesAny(element, site.streaming?.reply ?? []),
    isHidden,
  };
}

/** The id {@link FoundReply} documents, for the container at `index` among the replies found. */
export function replyIdOf(
  site: SiteDefinition,
  element: Element,
  index: number,
  text: string,
): string {
  // Bounded here, where ids are born: the background refuses longer ones, and a reply must never
  // go unscanned for its id.
  return boundedReplyId(site.replyId?.(element) ?? fallbackId(element, index, text));
}

/**
 * Finds the site's assistant replies under `root`, in document order, and reads their text
 * (see {@link queryReplyContainers} and {@link readReplyContent}). Page streaming signals are
 * looked up in the whole document that holds `root`.
 */
export function findReplies(site: SiteDefinition, root: Document | Element): FoundReply[] {
  const { elements } = queryReplyContainers(site, root);
  const doc = root.nodeType === 9 ? (root as Document) : (root as Element).ownerDocument;
  const isPageSignal = isPageStreaming(site, doc);
  const facts = liveRenderFacts(doc);
  return elements.map((element, index) => {
    const content = readReplyContent(site, element, facts);
    return {
      element,
      id: replyIdOf(site, element, index, content.text.text),
      text: content.text,
      isStreaming: content.hasSignal || (index === elements.length - 1 && isPageSignal),
      isHidden: content.isHidden,
    };
  });
}
