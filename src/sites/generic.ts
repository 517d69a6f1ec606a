import { defineSite, type SiteDefinition } from './define-site';

/**
 * An adapter for a site the user added: every match of `replySelector` on `origin` is a reply,
 * read whole. `origin` is `https://host` (a path is ignored); throws TypeError if it is not a URL.
 */
export function makeGenericSite(origin: string, replySelector: string): SiteDefinition {
  const url = new URL(origin);
  return defineSite({
    id: `generic:${url.host}`,
    label: url.host,
    matches: [`${url.protocol}//${url.host}/*`],
    replySelector: [replySelector],
  });
}
