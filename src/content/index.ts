// Wiring only: pick the site adapter (built-in, or the generic one for a site the user enabled),
// start the page session, register the one onMessage listener, enter pick mode on request, and
// warm the reading code up in idle time.
import { browser, type Runtime } from '../shared/browser';
import {
  CONTENT_PORT_NAME,
  createPortTransport,
  createSender,
  handle,
  type ContentToBackground,
} from '../shared/messages';
import { USER_SITES_KEY, userSiteFor } from '../shared/user-sites';
import { createContentHandlers } from './content-handlers';
import { watchHighlightColors } from './paint/highlight-colors';
import { startPageSession, type PageSession } from './page-session';
import { startPickMode, type PickMode } from './pick/pick-reply';
import type { SiteDefinition } from '../sites/define-site';
import { makeGenericSite } from '../sites/generic';
import { siteForUrl } from '../sites/index';
import { warmUpReadingWhenIdle } from './warm-up';

const send = createSender<ContentToBackground>(
  createPortTransport(() => browser.runtime.connect({ name: CONTENT_PORT_NAME })),
);
let session: PageSession | undefined;
let picking: PickMode | undefined;

function start(site: SiteDefinition): void {
  session?.stop();
  session = startPageSession({ site, doc: document, send, signal: new AbortController().signal });
}

function pickReply(): void {
  picking?.cancel();
  const mode = startPickMode(document, ({ selector, matchCount }) => {
    void send('replyPicked', { origin: location.origin, replySelector: selector, matchCount }).then(
      (result) => {
        if (result.ok) start(makeGenericSite(location.origin, selector));
        mode.finish(
          result.ok
            ? `Recital now checks replies on ${location.host} (${matchCount} on this page).`
            : `Recital could not save this site: ${result.error.message}`,
        );
      },
    );
  });
  picking = mode;
}

async function findSite(): Promise<SiteDefinition | undefined> {
  const builtIn = siteForUrl(location.href);
  if (builtIn) return builtIn;
  const items = await browser.storage.local.get(USER_SITES_KEY);
  const userSite = userSiteFor(items[USER_SITES_KEY], location.origin);
  return userSite && makeGenericSite(userSite.origin, userSite.replySelector);
}

// The popup injects this script into a tab the registered script may already run in: one runtime.
const marker = globalThis as { recitalContentLoaded?: boolean };
if (!marker.recitalContentLoaded) {
  marker.recitalContentLoaded = true;
  const onMessage = handle(
    createContentHandlers(() => session, pickReply),
    (sender: { id?: string }) => sender.id === browser.runtime.id,
  );
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
    onMessage(message, sender),
  );
  watchHighlightColors(document, new AbortController().signal);
  void findSite().then(
    (site) => {
      if (!site) return;
      start(site);
      warmUpReadingWhenIdle(document);
    },
    () => undefined,
  );
}
