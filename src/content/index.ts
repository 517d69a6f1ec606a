// Wiring only: ask the background for the page's settings, pick the site adapter (built-in, or
// the generic one for a site the user enabled), start the page session, register the one
// onMessage listener, enter pick mode on request.
import { browser, type Runtime } from '../shared/browser';
import {
  CONTENT_PORT_NAME,
  createSender,
  handle,
  type ContentToBackground,
} from '../shared/messages';
import type { PageSettings } from '../shared/page-settings';
import { createPortTransport } from '../shared/port-transport';
import type { SiteDefinition } from '../sites/define-site';
import { makeGenericSite } from '../sites/generic';
import { siteForUrl } from '../sites/index';
import { fillComposer } from './composer/fill-composer';
import { createContentHandlers, type FillComposer } from './content-handlers';
import { startPageSession } from './page-session';
import type { PickMode } from './pick/pick-reply';
import { pickSite } from './pick/pick-site';
import { createSessionSlot } from './session-slot';
import { createSettingsFeed, requestPageSettings } from './settings-feed';
import { warmUpReadingWhenIdle } from './warm-up';

const openSend = (signal: AbortSignal) =>
  createSender<ContentToBackground>(
    createPortTransport(() => browser.runtime.connect({ name: CONTENT_PORT_NAME }), signal),
  );

const settings = createSettingsFeed();
const sessions = createSessionSlot((site) =>
  startPageSession({ site, doc: document, openSend, watchSettings: settings.watch }),
);
let picking: PickMode | undefined;

function pickReply(): void {
  picking?.cancel();
  picking = pickSite({ doc: document, openSend, startSession: sessions.start });
}

function findSite(pageSettings: PageSettings | undefined): SiteDefinition | undefined {
  const builtIn = siteForUrl(location.href);
  if (builtIn) return builtIn;
  const userSite = pageSettings?.userSite;
  return userSite?.origin === location.origin
    ? makeGenericSite(userSite.origin, userSite.replySelector)
    : undefined;
}

const MESSAGES = {
  'no-composer': 'Recital found no prompt box on this page.',
  'not-taken': 'The prompt box did not take the text; paste the prompt yourself.',
};

// Only on a page Recital watches: the probe page lists those tabs.
const fill: FillComposer = (prompt) => {
  const site = sessions.site();
  if (!site) return { ok: false, message: 'Recital does not watch this page.' };
  const outcome = fillComposer(site, document, prompt);
  return outcome.ok ? outcome : { ok: false, message: MESSAGES[outcome.reason] };
};

// The popup injects this script into a tab the registered script may already run in: one runtime.
const marker = globalThis as { recitalContentLoaded?: boolean };
if (!marker.recitalContentLoaded) {
  marker.recitalContentLoaded = true;
  const onMessage = handle(
    createContentHandlers(sessions.current, pickReply, settings.set, fill),
    (sender: { id?: string }) => sender.id === browser.runtime.id,
  );
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
    onMessage(message, sender),
  );
  const ask = createSender<ContentToBackground>((m) => browser.runtime.sendMessage(m));
  void requestPageSettings(ask).then(
    (pageSettings) => {
      if (pageSettings) settings.offer(pageSettings);
      const site = findSite(pageSettings);
      if (!site) return;
      sessions.start(site);
      warmUpReadingWhenIdle(document);
    },
    () => undefined,
  );
}
