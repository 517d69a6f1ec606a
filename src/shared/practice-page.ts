// The practice chat is an extension page, not a chatbot site: the background takes its content
// messages because the browser vouches that it is Recital's own page at this path.

/** Path of the practice chat inside the extension. */
export const PRACTICE_PAGE_PATH = 'src/practice/index.html';

/** Site id the practice chat's page session reports. */
export const PRACTICE_SITE_ID = 'practice';

/**
 * True when `url` is an extension page at the practice chat's path. Only a sender the router
 * already knows is Recital's own page is asked about (a web page's URL is never an extension URL).
 */
export function isPracticePageUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      (parsed.protocol === 'chrome-extension:' || parsed.protocol === 'moz-extension:') &&
      parsed.pathname === `/${PRACTICE_PAGE_PATH}`
    );
  } catch {
    return false;
  }
}
