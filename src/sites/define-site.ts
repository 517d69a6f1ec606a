/**
 * A chatbot site, described as data: where its assistant replies are, which part of a reply
 * a reader sees as the answer, what to leave out, and how it signals streaming. Every selector
 * field is a fallback list tried in order; for `replySelector` the first selector whose matches
 * hold text wins (else the first that matches anything), for the others the first that matches.
 */
export interface SiteDefinition {
  /** Stable id, equal to the adapter's file name (`chatgpt` for sites/chatgpt.ts). */
  id: string;
  /** Name shown to the user. */
  label: string;
  /** Manifest match patterns of the site's pages, e.g. `https://chatgpt.com/*`. */
  matches: string[];
  /** Assistant reply containers (one element per reply, never a user turn). */
  replySelector: string[];
  /**
   * Reply matches that are, or sit inside, an element matching one of these are dropped: user
   * bubbles or side panels that reuse the reply markup (`:not(a *)` is not portable enough).
   */
  notInside?: string[];
  /**
   * Inside a reply: the element(s) holding the visible answer. When several match, their texts
   * are read in document order as one reply. Default: the reply element itself.
   */
  textRoot?: string[];
  /** Inside a reply: subtrees to leave out (thinking blocks, buttons, source chips, KaTeX MathML). */
  exclude?: string[];
  /** Streaming signals (any one that matches means "still streaming"). */
  streaming?: {
    /** Matched against the reply element itself or its descendants. */
    reply?: string[];
    /** Matched against the whole document (e.g. a composer Stop button): applies to the last reply only. */
    page?: string[];
  };
  /**
   * The prompt box a memorization probe fills (src/content/composer/): a textarea or a
   * contenteditable editor. Default: {@link DEFAULT_COMPOSER}.
   */
  composer?: string[];
  /** Code hook: a stable id for a reply element when the site offers one (data-message-id...). */
  replyId?: (reply: Element) => string | undefined;
}

/**
 * The prompt box of a site without its own `composer` list (the generic adapter): the first
 * visible, editable one. Chat pages have one composer; a reply is never editable.
 */
export const DEFAULT_COMPOSER = [
  'textarea:not([readonly]):not([disabled])',
  '[contenteditable="true"][role="textbox"]',
  '[contenteditable="true"]',
  '[contenteditable=""]',
];

/** Declares a site adapter; identity function that gives the data its type. */
export function defineSite(site: SiteDefinition): SiteDefinition {
  return site;
}
