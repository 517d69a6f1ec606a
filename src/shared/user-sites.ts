// Sites the user enabled from the popup. A content script learns only its own page's entry, from
// the background (page-settings.ts); the library settings are the source of truth.

/** A site the user enabled: every match of `replySelector` on `origin` is a chatbot reply. */
export interface UserSite {
  /** `https://host` or `http://host:port`, exactly as `URL.origin` writes it. */
  origin: string;
  replySelector: string;
}

/** Longest reply selector accepted: derived selectors stay far below it. */
const MAX_REPLY_SELECTOR_CHARS = 300;

/** The origin of an http(s) URL, or undefined for anything else (chrome://, file:, invalid). */
export function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/** True for an http(s) origin in its canonical form, with no path, query or credentials. */
export function isSiteOrigin(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 300 && originOf(value) === value;
}

/**
 * True for a plausible CSS selector: its syntax is checked where a DOM exists (the content script
 * derives it, the store only guards against rule text and control characters being saved).
 */
export function isReplySelector(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.trim().length > 0 &&
    value.length <= MAX_REPLY_SELECTOR_CHARS &&
    !/[{};]|\p{Cc}/u.test(value)
  );
}

export function isUserSite(value: unknown): value is UserSite {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<UserSite>;
  return isSiteOrigin(v.origin) && isReplySelector(v.replySelector);
}

/** The user site of `origin` in a list (anything malformed is ignored). */
export function userSiteFor(list: unknown, origin: string): UserSite | undefined {
  if (!Array.isArray(list)) return undefined;
  return list.find((site): site is UserSite => isUserSite(site) && site.origin === origin);
}

/** The dynamic content script's match pattern for an origin (a port is not part of a pattern). */
export function originPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}
