import type { SiteDefinition } from '../sites/define-site';
import type { PageSession } from './page-session';

export interface SessionSlot {
  /** Stops the page's session, if any, and starts one for `site`. */
  start(site: SiteDefinition): void;
  current(): PageSession | undefined;
  /** The site of the running session (the probe fills its prompt box). */
  site(): SiteDefinition | undefined;
}

/** The page's one session: starting another (pick mode saved a site) stops the one before. */
export function createSessionSlot(open: (site: SiteDefinition) => PageSession): SessionSlot {
  let session: PageSession | undefined;
  let current: SiteDefinition | undefined;
  return {
    start(site) {
      session?.stop();
      session = open(site);
      current = site;
    },
    current: () => session,
    site: () => current,
  };
}
