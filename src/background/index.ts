// Wiring only: open the store, create the matcher, register the one onMessage listener (and the
// port content scripts send on).
import { browser, type Runtime } from '../shared/browser';
import type { BackgroundToContent, Handlers, PopupToBackground, Send } from '../shared/messages';
import { CONTENT_PORT_NAME, createSender, servePort } from '../shared/messages';
import { ok } from '../shared/result';
import { createContentHandlers, createTabReportHandlers, replyKeyOf } from './content-handlers';
import { createLibraryHandlers } from './library-handlers';
import { createMatcher } from './matcher';
import { createMessageRouter } from './message-router';
import { createSettingsCache } from './settings-cache';
import { createTabState } from './tab-state';
import { createAuditRecorder } from './audit-recorder';
import { createMarkHandlers } from './mark-handlers';
import { openPopupAt } from './open-popup';
import { createPopupHandlers } from './popup-handlers';
import { createReplyDetails } from './reply-details';
import { nextMacrotask, ScanScheduler } from './scan-scheduler';
import { SCAN_SLICE_CHARS } from './scan-limits';
import { withAudit } from './with-audit';
import { openLibraryStore, type LibrarySettings } from '../library/store/index';
import type { UserSite } from '../shared/user-sites';
import { CHECK_REQUEST_TTL_MS, removeExpiredChecks } from '../shared/check-request';
import { createCheckSelection, CHECK_MENU_ID } from './check-selection';
import {
  createPageSettingsHandler,
  LEGACY_STORAGE_KEYS,
  pushPaintSettings,
} from './settings-delivery';
import { createSiteAccess } from './site-access';
import { scanTeamCatalogue } from '../shared/team-client';
import { createTeamReplyScans, TEAM_REQUEST_TIMEOUT_MS } from './team-reply-scans';
import { createUserSiteHandlers, isSiteEnabled } from './user-site-handlers';

const storePromise = openLibraryStore();
const settings = createSettingsCache(async () => (await storePromise).getSettings());
const matcherPromise = storePromise.then((store) =>
  createMatcher({ ...store, getSettings: () => settings.get() }),
);
// The matcher once created, for synchronous questions (what it knows of a document).
let matcherNow: Awaited<typeof matcherPromise> | undefined;
void matcherPromise.then((m) => (matcherNow = m)).catch(() => undefined);
// The index (the page filters) loads as soon as the worker wakes, before the first scan asks;
// woken with no scan waiting (the user's activity, an extension page), it warms up the scan's
// code in the next task, before the reply comes.
void matcherPromise
  .then(async (m) => {
    await m.prepare();
    setTimeout(() => m.warmUp(), 0);
  })
  .catch(() => undefined);
const replyDetails = createReplyDetails();
// Off (the default): no request at all. On: each complete reply's text, to that server only.
const teamScans = createTeamReplyScans({
  settings: async () => (await settings.get()).teamCatalogue,
  scan: (team, text) =>
    scanTeamCatalogue(team, text, {
      fetch: (url, init) => fetch(url, init),
      timeoutMs: TEAM_REQUEST_TIMEOUT_MS,
    }),
});
const popupHandlers = storePromise.then((store) =>
  createPopupHandlers({
    tabState,
    details: replyDetails,
    store,
    settings: () => settings.get(),
    scanText: async (text) => (await matcherPromise).scanText(text),
    known: {
      document: (id) => matcherNow?.documentMeta(id),
      text: (id) => matcherNow?.documentText(id),
      passage: (id) => matcherNow?.passageSource(id),
    },
    teamProblem: () => teamScans.problem(),
  }),
);

const tabState = createTabState({
  setBadgeText: (tabId, text) => {
    void browser.action.setBadgeText({ tabId, text }).catch(() => undefined);
  },
  onRepliesDropped: (tabId, replyIds) => {
    void matcherPromise.then((matcher) =>
      replyIds.forEach((id) => matcher.forgetReply(replyKeyOf(tabId, id))),
    );
    replyIds.forEach((id) => replyDetails.forget(replyKeyOf(tabId, id)));
  },
});

void browser.action.setBadgeBackgroundColor({ color: '#b45309' }).catch(() => undefined);

const lazyMatcher = {
  scanReply: async (key: string, text: string, keep?: number) =>
    (await matcherPromise).scanReply(key, text, keep),
  readReply: async (key: string, text: string, keep: number) =>
    (await matcherPromise).readReply(key, text, keep),
  forgetReply: (key: string) => void matcherPromise.then((m) => m.forgetReply(key)),
};

const contentHandlers = withAudit(
  createContentHandlers({
    tabState,
    scheduler: new ScanScheduler(replyDetails.wrap(lazyMatcher), {
      sliceChars: SCAN_SLICE_CHARS,
      nextTurn: nextMacrotask,
    }),
    isSiteEnabled: async (siteId) => isSiteEnabled(siteId, await settings.get()),
    team: { ...teamScans, keep: replyDetails.keepTeam },
  }),
  {
    settings: () => settings.get(),
    details: replyDetails,
    replyText: tabState.replyText,
    admitAuditRecord: (tabId, replyId) => tabState.limitsOf(tabId).admitAuditRecord(replyId),
    record: async (reply, current) =>
      createAuditRecorder(await storePromise).record(reply, current),
  },
);

function requestRescan(tabId: number): void {
  void sendToTab(tabId)('rescanRequested', {});
}

function sendToTab(tabId: number): Send<BackgroundToContent> {
  return createSender<BackgroundToContent>((m) => browser.tabs.sendMessage(tabId, m));
}

/** Every tab's page repaints (or clears its marks) before the rescan that follows. */
async function pushSettings(current: LibrarySettings): Promise<void> {
  await pushPaintSettings(current, {
    tabIds: async () =>
      (await browser.tabs.query({})).flatMap((tab) => (tab.id === undefined ? [] : [tab.id])),
    send: (tabId, paint) => sendToTab(tabId)('paintSettingsChanged', paint),
  });
}

/** After the library changes, every open chatbot tab re-sends its replies for a fresh scan. */
function rescanTabs(): void {
  for (const tabId of tabState.tabIds()) {
    tabState.resetSpans(tabId);
    requestRescan(tabId);
  }
}

// A worker that was stopped while idle wakes with no tab state: every tab with our content
// script re-sends its replies, so badges count the whole conversation again (others just refuse).
void browser.tabs.query({}).then(
  (tabs) => tabs.forEach((tab) => tab.id !== undefined && requestRescan(tab.id)),
  () => undefined,
);

type LibraryPageHandlers = Pick<Handlers<PopupToBackground>, 'libraryChanged' | 'settingsChanged'>;

const pageHandlers: Promise<LibraryPageHandlers> = matcherPromise.then((matcher) => {
  const library = createLibraryHandlers(matcher);
  return {
    ...library,
    settingsChanged: async () => {
      await pushSettings(await settings.refresh());
      await matcher.reload();
      rescanTabs();
      return ok(null);
    },
    libraryChanged: async (payload, sender) => {
      // Anything but an import may have changed the settings too (a restored backup).
      const isImport = typeof payload === 'object' && payload !== null && 'added' in payload;
      if (!isImport)
        await settings
          .refresh()
          .then(pushSettings)
          .catch(() => undefined);
      const result = await library.libraryChanged(payload, sender);
      if (result.ok) rescanTabs();
      return result;
    },
  };
});

const siteAccess = createSiteAccess();

async function saveUserSites(userSites: UserSite[]): Promise<void> {
  await (await storePromise).setSettings({ userSites });
  await settings.refresh();
}

const userSiteHandlers = createUserSiteHandlers({
  access: siteAccess,
  settings: () => settings.get(),
  saveUserSites,
  startPicking: (tabId) => sendToTab(tabId)('pickReply', {}),
});

const markHandlers = createMarkHandlers({
  details: replyDetails,
  store: { getDocument: async (id) => (await storePromise).getDocument(id) },
  openPopup: openPopupAt,
});

const route = createMessageRouter({
  extensionId: browser.runtime.id,
  content: {
    ...contentHandlers,
    replyPicked: userSiteHandlers.replyPicked,
    ...markHandlers,
    ...createPageSettingsHandler(() => settings.get()),
  },
  pages: {
    enableSite: userSiteHandlers.enableSite,
    removeSite: userSiteHandlers.removeSite,
    checkText: async (p, s) => (await popupHandlers).checkText(p, s),
    ...createTabReportHandlers(tabState),
    libraryChanged: async (p, s) => (await pageHandlers).libraryChanged(p, s),
    settingsChanged: async (p, s) => (await pageHandlers).settingsChanged(p, s),
    getPopupReport: async (p, s) => (await popupHandlers).getPopupReport(p, s),
  },
});

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  route(message, sender),
);
// Content scripts send over a port (cheaper per message for the page); the same router answers.
browser.runtime.onConnect.addListener((port) => {
  if (port.name === CONTENT_PORT_NAME)
    servePort(port, (message, sender) => route(message, sender ?? {}));
});

browser.tabs.onRemoved.addListener((tabId) => tabState.closeTab(tabId));
// A new document in the tab (reload, link to another site): its old replies are gone. SPA
// navigations do not reach here; the content script reports those with pageOpened.
browser.tabs.onUpdated.addListener((tabId, changeInfo) => {
  if (changeInfo.status === 'loading') tabState.clearTab(tabId);
});

void settings
  .get()
  .then((current) => siteAccess.sync(current.userSites.map((site) => site.origin)))
  .catch(() => undefined);

// Only the extension's own pages read storage.session (the selections to check); Chrome's
// default, made explicit. Firefox has no setAccessLevel and keeps session storage from content
// scripts anyway.
const session = browser.storage.session as { setAccessLevel?: (o: object) => Promise<void> };
void session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);

// Selections whose result page never opened: swept at every worker start and after a click's
// time to live (a worker stopped before then sweeps at its next start).
const sweepChecks = (): void =>
  void removeExpiredChecks(browser.storage.session, Date.now()).catch(() => undefined);
sweepChecks();

const checkSelection = createCheckSelection({
  setSession: async (items) => {
    await browser.storage.session.set(items);
    setTimeout(sweepChecks, CHECK_REQUEST_TTL_MS + 1000);
  },
  openPage: async (url) => {
    await browser.tabs.create({ url: browser.runtime.getURL(url) });
  },
});
browser.contextMenus.onClicked.addListener((info) => void checkSelection(info));

// First run: a short welcome page with the one-click sample library.
browser.runtime.onInstalled.addListener((details) => {
  // Older versions mirrored settings for content scripts in storage.local, which any tab could
  // rewrite; nothing reads them now.
  void browser.storage.local.remove(LEGACY_STORAGE_KEYS).catch(() => undefined);
  // Menus persist with the extension: create once per install or update, not at every wake.
  browser.contextMenus.create(
    { id: CHECK_MENU_ID, title: 'Check selected text with Recital', contexts: ['selection'] },
    () => void browser.runtime.lastError,
  );
  if (details.reason === 'install')
    void browser.tabs
      .create({ url: browser.runtime.getURL('src/welcome/index.html') })
      .catch(() => undefined);
});
