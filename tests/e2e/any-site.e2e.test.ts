// Any other site and the context-menu check: a chatbot page at a host the manifest does not name,
// enabled from the popup, its reply container picked with a click; and "Check selected text".
//
// Headless Chromium cannot click a permission prompt, and no API grants an optional host
// permission without one. So this spec loads a copy of dist/ whose manifest also lists the test
// host as a host permission: `permissions.request` then resolves true at once, and everything
// after it (dynamic script registration, injection, pick mode, saving, the generic adapter,
// highlights, badge, later visits, removal) runs for real. Not covered: the prompt itself, and
// `permissions.remove` actually giving the permission back (a manifest permission cannot be removed).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_HTML, LIVE } from './example-chat';
import { DIST, launch, manifestHosts, type Harness } from './harness';
import { importDocuments } from './import-library';
import {
  B,
  badgeText,
  C,
  COPYING_REPLY,
  markTexts,
  PASSAGE,
  streamReply,
  withoutFinalPunctuation,
} from './stream';

const HOST = 'chat.example.test';
const ORIGIN = `https://${HOST}`;
const SELECTOR = 'div[data-role="assistant"]';

interface TestChrome {
  contextMenus: { onClicked: { dispatch(info: object, tab: undefined): void } };
  tabs: { query(q: object): Promise<{ id?: number }[]> };
  storage: {
    local: { get(keys: string[]): Promise<Record<string, unknown>> };
    session: { get(keys: null): Promise<Record<string, unknown>> };
  };
  scripting: {
    getRegisteredContentScripts(): Promise<{ id: string; matches?: string[]; js?: string[] }[]>;
  };
}

/** What storage.local holds under the keys older versions mirrored settings to: nothing now. */
async function legacyKeys(): Promise<Record<string, unknown>> {
  const api = (globalThis as unknown as { chrome: TestChrome }).chrome;
  return api.storage.local.get(['recital-user-sites', 'recital-highlight-colors']);
}

interface BuiltManifest {
  content_scripts: { js: string[] }[];
  web_accessible_resources?: unknown;
}

function builtManifest(dist: string): BuiltManifest {
  return JSON.parse(fs.readFileSync(path.join(dist, 'manifest.json'), 'utf8')) as BuiltManifest;
}

/** Every script of the build, as `chrome-extension://` URLs: the content script and all chunks. */
function builtScriptUrls(h: Harness, dist: string): string[] {
  const chunks = fs
    .readdirSync(path.join(dist, 'assets'))
    .filter((name) => name.endsWith('.js'))
    .map((name) => `assets/${name}`);
  return [...builtManifest(dist).content_scripts.flatMap((script) => script.js), ...chunks].map(
    (file) => `chrome-extension://${h.extensionId}/${file}`,
  );
}

/** The URLs a script of the page itself (not the content script) can fetch. */
async function fetchableFromPage(page: Page, urls: string[]): Promise<string[]> {
  const fetched = await page.evaluate(
    (all) =>
      Promise.all(
        all.map((url) =>
          fetch(url).then(
            (r) => (r.ok ? url : undefined),
            () => undefined,
          ),
        ),
      ),
    urls,
  );
  return fetched.filter((url): url is string => url !== undefined);
}

/** dist/ with the test host granted up front, the one thing headless cannot do through a prompt. */
function distWithHostGranted(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-dist-'));
  fs.cpSync(DIST, dir, { recursive: true });
  const manifestPath = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as {
    host_permissions?: string[];
  };
  manifest.host_permissions = [...(manifest.host_permissions ?? []), `${ORIGIN}/*`];
  fs.writeFileSync(manifestPath, JSON.stringify(manifest));
  return dir;
}

async function tabIdOf(h: Harness, page: Page): Promise<number> {
  await page.bringToFront();
  const sw = await h.serviceWorker();
  const id = await sw.evaluate(
    async () =>
      (
        await (globalThis as unknown as { chrome: TestChrome }).chrome.tabs.query({
          active: true,
          lastFocusedWindow: true,
        })
      )[0]?.id,
  );
  if (typeof id !== 'number') throw new Error('no active tab');
  return id;
}

describe('Recital on a site the user enables', () => {
  let h: Harness;
  let dist: string;

  beforeAll(async () => {
    dist = distWithHostGranted();
    h = await launch(
      (url) =>
        url.hostname === HOST
          ? { body: CHAT_HTML }
          : url.hostname === 'chatgpt.com'
            ? { body: '<!doctype html><title>ChatGPT</title>' }
            : undefined,
      {
        hosts: [...manifestHosts(), HOST],
        dist,
      },
    );
    await importDocuments(h, [{ title: 'The Skerryvane Ledger', text: PASSAGE }]);
  });
  afterAll(async () => {
    await h?.close();
    if (dist) fs.rmSync(dist, { recursive: true, force: true });
  });

  it('enables the site from the popup, picks the reply container with a click, then highlights and counts a copied reply', async () => {
    const page = await h.context.newPage();
    await page.goto(`${ORIGIN}/c/1`);
    const tabId = await tabIdOf(h, page);
    // Nothing runs on the page before the user enables the site.
    expect(await page.evaluate(() => document.querySelector('recital-picker'))).toBeNull();

    const popup = await h.openExtensionPage(`src/popup/index.html?tabId=${tabId}`);
    await popup.getByText('Recital does not check this page').waitFor();
    await popup.getByRole('button', { name: `Enable Recital on ${HOST}` }).click();
    await popup.getByText('Now click one chatbot reply in the page.').waitFor();

    await page.bringToFront();
    await page.locator('recital-picker').waitFor({ state: 'attached' });
    await page.click('#first-answer');
    // The preview outlines what Recital will watch; its first button, "Watch these replies",
    // has the focus (the banner is in a closed shadow root, as the user's keyboard reaches it).
    await page.keyboard.press('Enter');
    const sw = await h.serviceWorker();
    const scripts = await sw.evaluate(() =>
      (
        globalThis as unknown as { chrome: TestChrome }
      ).chrome.scripting.getRegisteredContentScripts(),
    );
    expect(scripts.map((s) => s.matches)).toEqual([[`${ORIGIN}/*`]]);
    expect(scripts.map((s) => s.js)).toEqual([builtManifest(dist).content_scripts[0]?.js]);

    await streamReply(page, { live: LIVE, paragraphs: COPYING_REPLY, durationMs: 1200 });
    await expect
      .poll(() => markTexts(page, 'exact'), { timeout: 8000 })
      .toEqual([withoutFinalPunctuation(B), withoutFinalPunctuation(C)]);
    await expect.poll(() => badgeText(h, page)).toBe('2');
    // The picked site is saved in the store, not mirrored where a page's script could rewrite it.
    expect(await (await h.serviceWorker()).evaluate(legacyKeys)).toEqual({});
    // The picking click never reached the page, and the user's own message is not a reply.
    expect(
      await page.evaluate(() => document.querySelectorAll('[data-role="assistant"]').length),
    ).toBe(2);
    // The injected script is one classic file, so no file of the build is web-accessible: the
    // page cannot probe chrome-extension:// URLs to learn that Recital is installed.
    expect(await fetchableFromPage(page, builtScriptUrls(h, dist))).toEqual([]);
    await popup.close();
    await page.close();
  });

  it('runs again on a later visit through the registered content script', async () => {
    const page = await h.context.newPage();
    await page.goto(`${ORIGIN}/c/2`);
    await streamReply(page, { live: LIVE, paragraphs: [`Once more: ${C}`], durationMs: 600 });
    await expect
      .poll(() => markTexts(page, 'exact'), { timeout: 8000 })
      .toEqual([withoutFinalPunctuation(C)]);
    await expect.poll(() => badgeText(h, page)).toBe('1');
    await page.close();
  });

  it('exposes no file of the build to a chatbot page the manifest content script runs on', async () => {
    expect(builtManifest(dist)).not.toHaveProperty('web_accessible_resources');
    const page = await h.context.newPage();
    await page.goto('https://chatgpt.com/');
    const urls = builtScriptUrls(h, dist);
    expect(urls.length).toBeGreaterThan(5);
    expect(await fetchableFromPage(page, urls)).toEqual([]);
    await page.close();
  });

  it('removes the site from the settings: no list entry, no registered script', async () => {
    const options = await h.openExtensionPage('src/options/index.html#settings');
    // The picked selector was saved in the store (the settings list shows it).
    await options.getByText(SELECTOR).waitFor();
    await options.getByRole('button', { name: `Remove ${HOST}` }).click();
    await options.getByText(`Removed ${HOST}.`).waitFor();
    const sw = await h.serviceWorker();
    expect(await options.getByRole('button', { name: `Remove ${HOST}` }).count()).toBe(0);
    expect(
      await sw.evaluate(() =>
        (
          globalThis as unknown as { chrome: TestChrome }
        ).chrome.scripting.getRegisteredContentScripts(),
      ),
    ).toEqual([]);
    await options.close();
  });
});

describe('Check selected text with Recital', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await launch(() => undefined);
    await importDocuments(h, [{ title: 'The Skerryvane Ledger', text: PASSAGE }]);
  });
  afterAll(async () => h?.close());

  it('opens the result page with the copied span and its source, without the text in the URL', async () => {
    const sw = await h.serviceWorker();
    const opened = h.context.waitForEvent('page');
    const selection = `A forum post said: ${B} Nothing else was quoted.`;
    // Headless Chromium shows no context menu: the click is dispatched to the menu's onClicked
    // event, so the background's own listener handles it as it would a real click.
    await sw.evaluate((text) => {
      const menus = (globalThis as unknown as { chrome: TestChrome }).chrome.contextMenus;
      menus.onClicked.dispatch(
        {
          menuItemId: 'recital-check-selection',
          selectionText: text,
          pageUrl: 'https://forum.example.org/t/1',
          editable: false,
        },
        undefined,
      );
    }, selection);
    const result = await opened;
    await result.waitForLoadState();
    expect(result.url()).toMatch(/\/src\/check\/index\.html\?id=[\w-]+$/);
    await result.getByText('1 copied passage').waitFor();
    const card = result.locator('.recital-span');
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.locator('.recital-span__quote').innerText()).toContain(
      withoutFinalPunctuation(B),
    );
    expect(await card.locator('cite').innerText()).toBe('The Skerryvane Ledger');
    // The page took the selection: nothing of it stays in session storage.
    const session = await sw.evaluate(() =>
      (globalThis as unknown as { chrome: TestChrome }).chrome.storage.session.get(null),
    );
    expect(Object.keys(session).filter((key) => key.startsWith('recital-check:'))).toEqual([]);
    await result.close();
  });
});
