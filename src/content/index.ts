// Wiring only: pick the site adapter (built-in, or the generic one for a site the user enabled),
// start the page session, register the one onMessage listener, enter pick mode on request.
import { browser, type Runtime } from '../shared/browser';
import {
  CONTENT_PORT_NAME,
  createSender,
  handle,
  type ContentToBackground,
} from '../shared/messages';
import { createPortTransport } from '../shared/port-transport';
import { USER_SITES_KEY, userSiteFor } from '../shared/user-sites';
import type { SiteDefinition } from '../sites/define-site';
import { makeGenericSite } from '../sites/generic';
import { siteForUrl } from '../sites/index';
import { createContentHandlers } from './content-handlers';
import { startPageSession } from './page-session';
import { watchHighlightColors } from './paint/highlight-colors';
import type { PickMode } from './pick/pick-reply';
import { pickSite } from './pick/pick-site';
import { createSessionSlot } from './session-slot';
import { warmUpReadingWhenIdle } from './warm-up';

const openSend = (signal: AbortSignal) =>
  createSender<ContentToBackground>(
    createPortTransport(() => browser.runtime.connect({ name: CONTENT_PORT_NAME }), signal),
  );

const sessions = createSessionSlot((site) =>
  startPageSession({ site, doc: document, openSend, watchColors: watchHighlightColors }),
);
let picking: PickMode | undefined;

function pickReply(): void {
  picking?.cancel();
  picking = pickSite({ doc: document, openSend, startSession: sessions.start });
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
    createContentHandlers(sessions.current, pickReply),
    (sender: { id?: string }) => sender.id === browser.runtime.id,
  );
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
    onMessage(message, sender),
  );
  void findSite().then(
    (site) => {
      if (!site) return;
      sessions.start(site);
      warmUpReadingWhenIdle(document);
    },
    () => undefined,
  );
}
