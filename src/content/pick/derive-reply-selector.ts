// Pick mode's guess at the reply container: from the element the user clicked (usually a
// paragraph inside a reply) to a CSS selector for every reply of that kind on the page, and
// never one of the user's own turns.
import { isInUserTurn, touchesUserTurn, withoutUserTurns } from '../replies/user-turns';

export interface DerivedSelector {
  /** Selector of the reply container, e.g. `div[data-role="assistant"]` or `div.bot-message`. */
  selector: string;
  /** The container of the clicked element that the selector was derived from. */
  container: Element;
}

/** Text-level and block-content elements: a click there means the reply around it. */
const INSIDE_REPLY = new Set([
  'A',
  'ABBR',
  'B',
  'BLOCKQUOTE',
  'BR',
  'CODE',
  'DEL',
  'EM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HR',
  'I',
  'IMG',
  'INS',
  'KBD',
  'LI',
  'MARK',
  'OL',
  'P',
  'PRE',
  'S',
  'SMALL',
  'SPAN',
  'STRONG',
  'SUB',
  'SUP',
  'TABLE',
  'TBODY',
  'TD',
  'TH',
  'THEAD',
  'TR',
  'U',
  'UL',
]);
/** How far above the clicked block a container is looked for. */
const MAX_LEVELS = 6;
const STABLE_IDENT = /^[a-zA-Z_][a-zA-Z_-]*[a-zA-Z]$/;

// Build tools' generated names (css-1x2y3z, sc-AbCdE, _a1b2c3) change with each site deploy.
function isStableClass(name: string): boolean {
  return (
    STABLE_IDENT.test(name) &&
    name.length <= 40 &&
    !/^(css|sc|jsx|svelte|emotion)-/.test(name) &&
    !name.includes('--')
  );
}

function isStableValue(value: string): boolean {
  return /^[a-zA-Z][a-zA-Z _:.-]{0,39}$/.test(value);
}

/** Attribute selectors first (sites name their roles there), then classes; lowest level first. */
function candidatesOf(el: Element): { selector: string; isAttribute: boolean }[] {
  const tag = el.localName;
  const out: { selector: string; isAttribute: boolean }[] = [];
  for (const attr of Array.from(el.attributes)) {
    const isRoleLike =
      attr.name === 'role' ||
      (attr.name.startsWith('data-') && !/id$|-key$|index$|state$|^data-(?:v|s)-/.test(attr.name));
    if (isRoleLike && isStableValue(attr.value))
      out.push({ selector: `${tag}[${attr.name}="${attr.value}"]`, isAttribute: true });
  }
  const classes = Array.from(el.classList).filter(isStableClass).slice(0, 3);
  if (classes.length > 0) out.push({ selector: `${tag}.${classes.join('.')}`, isAttribute: false });
  if (tag.includes('-')) out.push({ selector: tag, isAttribute: false });
  return out;
}

// Fallback: a child-combinator path from the nearest ancestor with an id (or body), without
// nth-child, so it names the clicked reply's siblings too.
function structuralSelector(el: Element): string {
  const parts: string[] = [];
  let node: Element | null = el;
  while (node && node.localName !== 'body' && parts.length < 8) {
    if (node.id && STABLE_IDENT.test(node.id)) {
      parts.unshift(`#${node.id}`);
      return parts.join(' > ');
    }
    parts.unshift(node.localName);
    node = node.parentElement;
  }
  parts.unshift('body');
  return parts.join(' > ');
}

function startOf(target: Element): Element {
  let el = target;
  while (
    INSIDE_REPLY.has(el.tagName.toUpperCase()) &&
    el.parentElement &&
    el.parentElement.localName !== 'body'
  )
    el = el.parentElement;
  return el;
}

/** The selector's matches, or undefined when it is not valid CSS here. */
function matchesOf(doc: Document, selector: string): Element[] | undefined {
  try {
    return Array.from(doc.querySelectorAll(selector));
  } catch {
    return undefined;
  }
}

/**
 * The reply container around `target` and a selector for it. Attribute selectors on the block
 * around the click or up to six levels above it win over class selectors; a selector has to
 * match the container itself and none of the user's turns (a class that user and bot messages
 * share is skipped; the structural fallback is narrowed). Returns undefined for a click on
 * `body`/`html` or inside the user's own message.
 */
export function deriveReplySelector(target: Element): DerivedSelector | undefined {
  if (target.localName === 'body' || target.localName === 'html') return undefined;
  const doc = target.ownerDocument;
  const start = startOf(target);
  if (isInUserTurn(target)) return undefined;
  let byClass: DerivedSelector | undefined;
  let el: Element | null = start;
  for (
    let level = 0;
    el && level < MAX_LEVELS && el.localName !== 'body';
    level++, el = el.parentElement
  ) {
    for (const candidate of candidatesOf(el)) {
      const matches = matchesOf(doc, candidate.selector);
      if (!matches?.includes(el) || matches.some(touchesUserTurn)) continue;
      if (candidate.isAttribute) return { selector: candidate.selector, container: el };
      byClass ??= { selector: candidate.selector, container: el };
    }
  }
  if (byClass) return byClass;
  const structural = structuralSelector(start);
  const matches = matchesOf(doc, structural) ?? [];
  return {
    selector: matches.some(touchesUserTurn) ? withoutUserTurns(structural, matches) : structural,
    container: start,
  };
}

/** How many elements `selector` matches in `doc` (0 for an invalid selector). */
export function countMatches(doc: Document, selector: string): number {
  try {
    return doc.querySelectorAll(selector).length;
  } catch {
    return 0;
  }
}
