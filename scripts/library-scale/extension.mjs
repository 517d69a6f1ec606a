// One build of the extension in a fresh Chromium profile, driven as a user and the browser do:
// the options page's file chooser, the service worker stopped through CDP, and checkText sent
// from an extension page that sends nothing of its own (the "Check selected text" page without a
// check id), so a cold wake starts with the measured message and not with a page's own request.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
const PROBE_PAGE = 'src/check/index.html';
const CHAT_HTML =
  '<!doctype html><html><head><title>ChatGPT</title></head><body><main><div id="thread"></div>' +
  '<textarea id="prompt-textarea"></textarea></main></body></html>';
const OPTIONS_PAGE = 'src/options/index.html';
/** A user's time in the file dialog, between clicking "Choose files…" and confirming. */
const DIALOG_MS = 500;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Launches `dist` (copied first, so a rebuild during the run changes nothing) in a fresh profile. */
export async function launchExtension(dist) {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-scale-dist-'));
  fs.cpSync(dist, copy, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-scale-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      '--headless=new',
      `--disable-extensions-except=${copy}`,
      `--load-extension=${copy}`,
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--no-sandbox',
      // Extra switches for profiling, `|`-separated (docs/benchmarks.md, "Where a 1 GB import and a quiet cold wake spend their time").
      ...(process.env.RECITAL_CHROMIUM_ARGS?.split('|').filter(Boolean) ?? []),
    ],
  });
  const worker =
    context.serviceWorkers()[0] ??
    (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  const openPage = async (pagePath) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/${pagePath}`);
    return page;
  };
  const probe = await openPage(PROBE_PAGE);
  const cdp = await context.newCDPSession(probe);
  const versions = new Map();
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    for (const v of e.versions)
      if (v.scriptURL.startsWith(`chrome-extension://${extensionId}/`))
        versions.set(v.versionId, v);
  });
  await cdp.send('ServiceWorker.enable');

  /**
   * Stops the extension's service worker (as Chrome does when idle) and waits until it has
   * stopped, at most a minute. Returns the ms the stop took.
   */
  const stopWorker = async () => {
    const start = performance.now();
    const deadline = Date.now() + 60_000;
    const running = () => [...versions.values()].filter((v) => v.runningStatus !== 'stopped');
    // A worker that is starting cannot be stopped yet: wait for it to run.
    while (running().some((v) => v.runningStatus === 'starting') && Date.now() < deadline)
      await sleep(20);
    for (const v of running())
      await cdp.send('ServiceWorker.stopWorker', { versionId: v.versionId }).catch(() => undefined);
    while (running().length > 0 && Date.now() < deadline) await sleep(20);
    if (running().length > 0)
      throw new Error(
        `the service worker did not stop within 60 s (${running()
          .map((v) => v.runningStatus)
          .join(', ')})`,
      );
    return performance.now() - start;
  };

  /** Sends one checkText from the probe page, timed inside the page. */
  const checkText = (text) =>
    probe.evaluate(async (t) => {
      const start = performance.now();
      const result = await globalThis.chrome.runtime.sendMessage({
        type: 'checkText',
        payload: { text: t },
      });
      return { ms: performance.now() - start, result };
    }, text);

  /**
   * A stand-in chatbot page at https://chatgpt.com (answered by Playwright's routing: no network),
   * so the content script runs on it as on the real site.
   */
  const openChat = async () => {
    await context.route('https://chatgpt.com/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: CHAT_HTML }),
    );
    const page = await context.newPage();
    await page.goto('https://chatgpt.com/c/library-scale');
    // The content script starts at document_idle, then asks for its settings.
    await sleep(1500);
    return page;
  };

  const usage = () => probe.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);

  const close = async () => {
    await context.close().catch(() => undefined);
    fs.rmSync(profile, { recursive: true, force: true });
    fs.rmSync(copy, { recursive: true, force: true });
  };
  return { context, profile, probe, openPage, openChat, stopWorker, checkText, usage, close };
}

const SUMMARY = () =>
  /^Imported \d/.test(
    globalThis.document.querySelector('.recital-progress__status')?.textContent ?? '',
  );

/**
 * Imports `paths` through the options page as a user does: click "Choose files…", half a second
 * in the dialog, confirm. `events` run at their `atMs` after the confirmation while the import
 * runs (in order); one that returns 'closed' ends the import there. Returns the ms from the
 * confirmation to the page's "Imported …" summary (undefined when an event closed the page),
 * the page (open, unless closed) and the events' results.
 */
export async function importThroughOptions(ext, paths, events = []) {
  const page = await ext.openPage(OPTIONS_PAGE);
  await page
    .getByText('Loading your library…')
    .waitFor({ state: 'detached', timeout: 60_000 })
    .catch(() => undefined);
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByText('Choose files…').click(),
  ]);
  await sleep(DIALOG_MS);
  const start = performance.now();
  await chooser.setFiles(paths);
  const done = page
    .waitForFunction(SUMMARY, undefined, { timeout: 60 * 60_000, polling: 50 })
    .then(() => performance.now() - start);
  const results = [];
  let finished;
  // A page an event closes never shows its summary: that rejection is expected, not unhandled.
  done.then(
    (ms) => (finished = ms),
    () => undefined,
  );
  for (const event of events) {
    while (finished === undefined && performance.now() - start < event.atMs) await sleep(20);
    if (finished !== undefined) break;
    const result = await event.run(page, performance.now() - start);
    results.push(result);
    if (result?.closed) return { ms: undefined, page: undefined, results };
  }
  return { ms: await done, page, results };
}

/** The document whose `addedAt` is latest in the library database (the store's `docs`), if any. */
export function lastStoredDocument(ext) {
  return ext.probe.evaluate(
    async () =>
      // Opening a database that is not there would create it empty, below the store's schema.
      (await globalThis.indexedDB.databases()).some((d) => d.name === 'recital') &&
      new Promise((resolve) => {
        const r = globalThis.indexedDB.open('recital');
        r.onerror = () => resolve(undefined);
        r.onsuccess = () => {
          const db = r.result;
          if (!db.objectStoreNames.contains('docs')) {
            db.close();
            return resolve(undefined);
          }
          const store = db.transaction('docs').objectStore('docs');
          const count = store.count();
          const source = store.indexNames.contains('addedAt') ? store.index('addedAt') : store;
          const cursor = source.openCursor(null, 'prev');
          cursor.onsuccess = () => {
            db.close();
            const doc = cursor.result?.value;
            resolve({ count: count.result, fileName: doc?.fileName, title: doc?.title });
          };
          cursor.onerror = () => resolve(undefined);
        };
      }),
  );
}
