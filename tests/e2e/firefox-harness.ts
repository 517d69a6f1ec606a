// End-to-end harness for Firefox: the Firefox build (dist-firefox/) in Debian's headless Firefox
// ESR, driven over WebDriver BiDi by puppeteer-core. Every https request goes through a local
// CONNECT proxy: the mapped hosts reach the same fixture server the Chromium harness uses, any
// other host is refused (and listed), so the manifest's real match patterns apply and nothing
// leaves the machine.
//
// Firefox's BiDi cannot navigate a tab to a moz-extension:// page, so the extension's own pages
// are opened from the welcome page it opens at install (`tabs.create`), and every extension API
// call (tab ids, badge, registered scripts, the marks in the content script's world through
// `scripting.executeScript`) is made from that page.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { ROOT, serveFixtures, type FixtureServer, type Route } from './harness';
import { writeMarkdownFiles, type LibraryText } from './import-library';
import { marksInWorld } from './page-marks.mjs';
import { streamInPage, type MarkKind, type StreamPlan } from './stream';

export const DIST_FIREFOX = path.join(ROOT, 'dist-firefox');
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export interface FirefoxHarness {
  browser: Browser;
  /** The extension's moz-extension:// origin. */
  origin: string;
  /** Every CONNECT to a host that is not mapped (Firefox's own services included): refused. */
  strayHosts: string[];
  /** Opens an extension page, e.g. `src/popup/index.html?tabId=3`, in a new tab. */
  openExtensionPage(pagePath: string): Promise<Page>;
  /** Calls `fn(arg)` in an extension page, where `browser.*` is the extension's API. */
  inExtension<T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  /** Evaluates an expression (awaited) in that page: for code built from several functions' source. */
  inExtensionSource(expression: string): Promise<unknown>;
  /** The tab id of `page` (the copied manifest's "tabs" permission shows every tab's URL). */
  tabIdOf(page: Page): Promise<number>;
  /**
   * Closes Firefox, then reads the toolbar layout it saved in the profile
   * (`browser.uiCustomization.state`): each area's widget ids.
   */
  closeAndReadToolbar(): Promise<Record<string, string[]>>;
  close(): Promise<void>;
}

interface ManifestFile {
  permissions?: string[];
  browser_specific_settings: { gecko: { id: string } };
}

/**
 * A copy of `dist` whose manifest also asks for "tabs": a popup opened from the toolbar sees its
 * tab's URL through activeTab, which only a real click on the button grants; the popup opened as
 * a page here needs "tabs" for that. Nothing else differs from the build.
 */
function distWithTabs(dist: string): { dir: string; addonId: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-dist-firefox-'));
  fs.cpSync(dist, dir, { recursive: true });
  const file = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as ManifestFile;
  manifest.permissions = [...(manifest.permissions ?? []), 'tabs'];
  fs.writeFileSync(file, JSON.stringify(manifest));
  return { dir, addonId: manifest.browser_specific_settings.gecko.id };
}

/** An HTTP proxy that tunnels CONNECTs to `hosts` into the fixture server, refusing the rest. */
async function startProxy(hosts: readonly string[], fixtures: FixtureServer, stray: string[]) {
  const proxy = http.createServer((req, res) => {
    stray.push(req.headers.host ?? req.url ?? '?');
    res.writeHead(403).end();
  });
  proxy.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const host = (req.url ?? '').replace(/:\d+$/, '');
    if (!hosts.includes(host)) {
      stray.push(host);
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = net.connect(fixtures.port, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        proxy.close(() => resolve());
        proxy.closeAllConnections();
      }),
  };
}

async function poll<T>(what: string, read: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The page whose document is at `href` (Puppeteer over BiDi reports extension tabs as about:blank). */
async function pageAt(browser: Browser, test: (href: string) => boolean): Promise<Page> {
  return poll('an extension page', async () => {
    for (const page of await browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (test(href)) return page;
    }
    return undefined;
  });
}

/**
 * Launches Firefox ESR with the Firefox build (a copy of `dist`, default dist-firefox/) installed
 * as a temporary add-on. `route` answers every request to `hosts`.
 */
export async function launchFirefox(
  route: Route,
  options: { hosts: string[]; dist?: string },
): Promise<FirefoxHarness> {
  const source = options.dist ?? DIST_FIREFOX;
  if (!fs.existsSync(path.join(source, 'manifest.json')))
    throw new Error(`${source} is missing: run \`BROWSER=firefox npx vite build\` first`);
  const { dir, addonId } = distWithTabs(source);
  const fixtures = await serveFixtures(route);
  const strayHosts: string[] = [];
  const proxy = await startProxy(options.hosts, fixtures, strayHosts);
  const uuid = crypto.randomUUID();
  // Our own profile folder, so the prefs Firefox writes at exit can be read after it closed.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-firefox-profile-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    userDataDir: profile,
    headless: true,
    acceptInsecureCerts: true,
    defaultViewport: { width: 1280, height: 900 },
    extraPrefsFirefox: {
      // The add-on's moz-extension:// host, chosen here so the tests know its pages' URLs.
      'extensions.webextensions.uuids': JSON.stringify({ [addonId]: uuid }),
      // permissions.request grants without a prompt (headless has no one to click it); the
      // request itself, its user-gesture check and the grant still run.
      'extensions.webextOptionalPermissionPrompts': false,
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxy.port,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxy.port,
      'network.proxy.no_proxies_on': '',
    },
  });
  let closed: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    await browser.close();
    await proxy.close();
    await fixtures.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const close = (): Promise<void> => (closed ??= stop());
  const readToolbar = (): Record<string, string[]> => {
    const prefs = fs.readFileSync(path.join(profile, 'prefs.js'), 'utf8');
    const line = /user_pref\("browser\.uiCustomization\.state", (".*")\);/.exec(prefs)?.[1];
    if (!line) throw new Error('Firefox saved no toolbar layout');
    const state = JSON.parse(JSON.parse(line) as string) as {
      placements: Record<string, string[]>;
    };
    return state.placements;
  };
  try {
    await browser.installExtension(dir);
    const origin = `moz-extension://${uuid}`;
    // The welcome tab the background opens at install: the tests' door to extension APIs.
    const driver = await pageAt(browser, (href) => href.startsWith(`${origin}/src/welcome/`));
    const inExtension = <T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T> =>
      driver.evaluate(fn as (arg: unknown) => Promise<T>, arg) as Promise<T>;
    return {
      browser,
      origin,
      strayHosts,
      inExtension,
      inExtensionSource: (expression) => driver.evaluate(expression),
      async openExtensionPage(pagePath) {
        const url = `${origin}/${pagePath.replace(/^\//, '')}`;
        await inExtension(
          (u) =>
            void (globalThis as unknown as { browser: ExtensionApi }).browser.tabs.create({
              url: u,
            }),
          url,
        );
        const page = await pageAt(browser, (href) => href === url);
        await page.bringToFront();
        return page;
      },
      async tabIdOf(page) {
        const url = page.url();
        const id = await inExtension(
          async (u) =>
            (
              await (globalThis as unknown as { browser: ExtensionApi }).browser.tabs.query({})
            ).find((tab) => tab.url === u)?.id,
          url,
        );
        if (typeof id !== 'number') throw new Error(`no tab shows ${url}`);
        return id;
      },
      async closeAndReadToolbar() {
        await close();
        return readToolbar();
      },
      async close() {
        await close();
        fs.rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await close();
    fs.rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}

/** The part of Firefox's `browser` global the tests call from an extension page. */
interface ExtensionApi {
  tabs: {
    create(p: { url: string }): Promise<unknown>;
    query(q: object): Promise<{ id?: number; url?: string }[]>;
  };
  action: { getBadgeText(d: { tabId: number }): Promise<string> };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  scripting: {
    getRegisteredContentScripts(): Promise<{ id: string; matches?: string[]; js?: string[] }[]>;
  };
}

/** The toolbar badge text of `page`'s tab. */
export async function badgeTextOf(h: FirefoxHarness, page: Page): Promise<string> {
  const tabId = await h.tabIdOf(page);
  return h.inExtension(
    (id) =>
      (globalThis as unknown as { browser: ExtensionApi }).browser.action.getBadgeText({
        tabId: id,
      }),
    tabId,
  );
}

/** The content scripts registered for sites the user enabled. */
export function registeredScripts(
  h: FirefoxHarness,
): Promise<{ id: string; matches?: string[]; js?: string[] }[]> {
  return h.inExtension(
    () =>
      (
        globalThis as unknown as { browser: ExtensionApi }
      ).browser.scripting.getRegisteredContentScripts(),
    null,
  );
}

/** Sends a message to the background from an extension page, as the options page would. */
function sendFromExtension<T>(h: FirefoxHarness, type: string, payload: unknown): Promise<T> {
  return h.inExtension(
    (m) =>
      (globalThis as unknown as { browser: ExtensionApi }).browser.runtime.sendMessage(
        m,
      ) as Promise<T>,
    { type, payload },
  );
}

/**
 * The text under every mark of a kind in `page`, read in the content script's world (the page's
 * own world sees no mark) through `scripting.executeScript`. Brings the page to the front first:
 * a hidden tab runs no animation frame, so its boxes wait to be placed.
 */
export async function markTextsOf(
  h: FirefoxHarness,
  page: Page,
  kind: MarkKind,
): Promise<(string | null)[]> {
  await page.bringToFront();
  const tabId = await h.tabIdOf(page);
  // The extension page's CSP forbids eval, so the function the extension serialises into the
  // content script's world is written into the evaluated source: the one marksInWorld the
  // Chromium tests use. Code that BiDi evaluates is not held to the page's CSP.
  const marks = (await h.inExtensionSource(`(async () => {
    const [frame] = await browser.scripting.executeScript({
      target: { tabId: ${tabId} },
      func: ${marksInWorld.toString()},
      args: [${JSON.stringify({ kind })}],
    });
    return frame?.result;
  })()`)) as { text: string | null }[] | undefined;
  return (marks ?? []).map((mark) => mark.text);
}

/** Streams a whole reply into `page` (see stream.ts) and waits for its last word. */
export async function streamReplyInto(page: Page, plan: StreamPlan): Promise<void> {
  await page.evaluate(streamInPage, plan);
  await page.evaluate(
    () => (window as unknown as { __recitalStream?: Promise<void> }).__recitalStream,
  );
}

/** Waits until the page's visible text contains `text` (polled: a hidden tab runs no frame). */
export async function waitForText(page: Page, text: string): Promise<void> {
  await page.waitForFunction((t) => document.body.innerText.includes(t), { polling: 100 }, text);
}

/**
 * Imports `docs` as Markdown files through the options page's file input, as a user does, and
 * returns each file's status; then announces the change as the Chromium tests do (a second
 * announcement returns once the first reload is done) and closes the page.
 */
export async function importThroughOptions(
  h: FirefoxHarness,
  docs: LibraryText[],
): Promise<(string | null)[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-book-'));
  try {
    const options = await h.openExtensionPage('src/options/index.html');
    await waitForText(options, 'Library');
    await options.waitForFunction(
      () => !document.body.innerText.includes('Loading your library…'),
      { polling: 100 },
    );
    const input = (await options.waitForSelector(
      'input[type=file][multiple]',
    )) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(...writeMarkdownFiles(docs, dir));
    await options.waitForFunction(
      (count) =>
        /^Imported /.test(document.querySelector('.recital-progress__status')?.textContent ?? '') &&
        document.querySelectorAll('.recital-results__list li').length === count,
      { polling: 100, timeout: 60_000 },
      docs.length,
    );
    const statuses = await options.$$eval('.recital-results__list li', (items) =>
      items.map((li) => li.getAttribute('data-status')),
    );
    const announced = await sendFromExtension<{ ok: boolean }>(h, 'libraryChanged', {});
    if (!announced.ok) throw new Error(`libraryChanged answered ${JSON.stringify(announced)}`);
    for (const doc of docs) await waitForText(options, doc.title);
    await options.close();
    return statuses;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
