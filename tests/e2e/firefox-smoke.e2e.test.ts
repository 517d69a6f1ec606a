// Firefox smoke test: the Firefox build in Debian's Firefox ESR (one launch for the file), with a
// book invented for this run (its seed is in the test names): imported through the options page,
// quoted by a reply streamed into the saved ChatGPT page, marked in the page, counted on the
// badge, listed in the popup; then Recital enabled on a site the manifest does not name.
//
// What runs for real: the install, the options page's file import (workers, IndexedDB), the
// content script and background, the popup's click, `permissions.request` with its user-gesture
// check and the grant, dynamic registration, injection, pick mode, the generic adapter, marks,
// badge. Stand-ins: Firefox's prompt is switched off by its pref (the grant is given at once),
// and the popup opens as a tab with `?tabId=` and a copied manifest adding "tabs" (the URL that
// activeTab shows a popup opened from the toolbar).
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventWords, randomRun, seededRandom } from '../unit/core/fixtures';
import { CHAT_HTML, LIVE } from './example-chat';
import {
  badgeTextOf,
  DIST_FIREFOX,
  importThroughOptions,
  launchFirefox,
  markTextsOf,
  registeredScripts,
  streamReplyInto,
  waitForText,
  type FirefoxHarness,
} from './firefox-harness';
import { manifestHosts } from './harness';
import { CLOSING, loadSiteFixtures, OPENING, withoutFinalPunctuation } from './stream';

const HOST = 'chat.example.test';
const ORIGIN = `https://${HOST}`;
const SEED = Number(process.env.RECITAL_SEED ?? Date.now() % 2 ** 31);

/** A book nobody has: sentences of invented words, and two of them a reply will quote. */
function inventBook(seed: number) {
  const random = seededRandom(seed);
  const vocabulary = inventWords(600, seed);
  const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  const sentences = Array.from(
    { length: 16 },
    () => `${capital(randomRun(vocabulary, 14 + Math.floor(random() * 8), random).join(' '))}.`,
  );
  const paragraphs = [0, 4, 8, 12].map((i) => sentences.slice(i, i + 4).join(' '));
  const pick = () => sentences[1 + Math.floor(random() * 14)] as string;
  const first = pick();
  let second = pick();
  while (second === first) second = pick();
  return {
    title: `The ${capital(vocabulary[0] ?? '')} ${capital(vocabulary[1] ?? '')}`,
    text: paragraphs.join('\n\n'),
    sentences,
    quoted: [first, second] as const,
  };
}

const BOOK = inventBook(SEED);
const REPLY = [
  OPENING,
  `The story opens plainly. ${BOOK.quoted[0]} That sets the scene.`,
  `Later the tone changes. ${BOOK.quoted[1]}`,
  CLOSING,
];
const EXPECTED_MARKS = BOOK.quoted.map(withoutFinalPunctuation);

const chatgpt = loadSiteFixtures().find((f) => f.id === 'chatgpt' && f.variant === 'reply');

/** Polls `read` until it returns `expected` (deep equality) or 15 s pass; the last value. */
async function until<T>(read: () => Promise<T>, expected: T): Promise<T> {
  const deadline = Date.now() + 15_000;
  let value = await read();
  while (JSON.stringify(value) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await read();
  }
  return value;
}

/** Whether the extension holds the host permission of the site the user enables. */
function hasHostPermission(h: FirefoxHarness): Promise<boolean> {
  return h.inExtension(
    (pattern) =>
      (
        globalThis as unknown as {
          browser: { permissions: { contains(p: { origins: string[] }): Promise<boolean> } };
        }
      ).browser.permissions.contains({ origins: [pattern] }),
    `${ORIGIN}/*`,
  );
}

async function openChat(h: FirefoxHarness, url: string): Promise<Page> {
  const page = await h.browser.newPage();
  await page.goto(url);
  return page;
}

describe(`Recital in Firefox ESR (book seed ${SEED})`, () => {
  let h: FirefoxHarness;

  beforeAll(async () => {
    if (!chatgpt) throw new Error('tests/fixtures/sites/chatgpt/reply.html is missing');
    h = await launchFirefox(
      (url) =>
        url.hostname === HOST
          ? { body: CHAT_HTML }
          : url.hostname === 'chatgpt.com'
            ? { body: chatgpt.html }
            : undefined,
      { hosts: [...manifestHosts(), HOST] },
    );
  });
  afterAll(async () => {
    await h?.close();
  });

  it('imports the book through the options page', async () => {
    expect(await importThroughOptions(h, [BOOK])).toEqual(['imported']);
  });

  it('marks a reply that quotes the book on a ChatGPT page, counts it on the badge and lists it in the popup', async () => {
    const page = await openChat(h, 'https://chatgpt.com/c/1');
    await streamReplyInto(page, {
      live: (chatgpt as NonNullable<typeof chatgpt>).live,
      paragraphs: REPLY,
      durationMs: 1200,
    });
    expect(await until(() => markTextsOf(h, page, 'exact'), EXPECTED_MARKS)).toEqual(
      EXPECTED_MARKS,
    );
    expect(await until(() => badgeTextOf(h, page), '2')).toBe('2');
    // The page's own world: no sentence of the book the reply did not quote, and no open door
    // into the marks' shadow root.
    const seen = await page.evaluate(() => ({
      html: document.documentElement.outerHTML,
      openRoots: [...document.querySelectorAll('*')].filter((el) => el.shadowRoot).length,
    }));
    expect(seen.html).toContain(EXPECTED_MARKS[0]);
    const unquoted = BOOK.sentences.filter((s) => !BOOK.quoted.includes(s));
    expect(unquoted.filter((s) => seen.html.includes(withoutFinalPunctuation(s)))).toEqual([]);
    expect(seen.openRoots).toBe(0);

    const popup = await h.openExtensionPage(`src/popup/index.html?tabId=${await h.tabIdOf(page)}`);
    await popup.waitForFunction(() => document.querySelectorAll('.recital-span').length === 2, {
      polling: 100,
    });
    const cited = await popup.$$eval('.recital-span cite', (cites) =>
      cites.map((c) => c.textContent),
    );
    expect(cited).toEqual([BOOK.title, BOOK.title]);
    await popup.close();
    await page.close();
  });

  it('enables Recital on another site from the popup, picks its reply and marks a quoting reply', async () => {
    const page = await openChat(h, `${ORIGIN}/c/1`);
    const tabId = await h.tabIdOf(page);
    const popup = await h.openExtensionPage(`src/popup/index.html?tabId=${tabId}`);
    await waitForText(popup, 'Recital does not check this page');
    expect(await hasHostPermission(h)).toBe(false);
    await popup.locator(`button::-p-text(Enable Recital on ${HOST})`).click();
    await waitForText(popup, 'Now click one chatbot reply in the page.');
    // Granted by the click's permissions.request, not up front.
    expect(await hasHostPermission(h)).toBe(true);

    await page.bringToFront();
    await page.waitForSelector('recital-picker');
    await page.click('#first-answer');
    // The preview outlines what Recital will watch; its first button, "Watch these replies",
    // has the focus, and saving registers the script.
    await page.keyboard.press('Enter');
    const registered = async () => (await registeredScripts(h)).length;
    expect(await until(registered, 1)).toBe(1);
    expect(await registeredScripts(h)).toEqual([
      expect.objectContaining({ matches: [`${ORIGIN}/*`], js: ['src/content/index.js'] }),
    ]);

    await streamReplyInto(page, { live: LIVE, paragraphs: REPLY, durationMs: 1200 });
    expect(await until(() => markTextsOf(h, page, 'exact'), EXPECTED_MARKS)).toEqual(
      EXPECTED_MARKS,
    );
    expect(await until(() => badgeTextOf(h, page), '2')).toBe('2');
    await popup.close();
    await page.close();
  });

  it('runs on a later visit to that site through the registered content script', async () => {
    const page = await openChat(h, `${ORIGIN}/c/2`);
    const quoted = [withoutFinalPunctuation(BOOK.quoted[1])];
    await streamReplyInto(page, {
      live: LIVE,
      paragraphs: [`Once more: ${BOOK.quoted[1]}`],
      durationMs: 600,
    });
    expect(await until(() => markTextsOf(h, page, 'exact'), quoted)).toEqual(quoted);
    expect(await until(() => badgeTextOf(h, page), '1')).toBe('1');
    await page.close();
  });

  it('puts its button on the toolbar (as Firefox saved it), and nothing but Firefox itself asked for an outside host', async () => {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(DIST_FIREFOX, 'manifest.json'), 'utf8'),
    ) as { browser_specific_settings: { gecko: { id: string } } };
    // Firefox's widget id for an add-on's button.
    const widget = `${manifest.browser_specific_settings.gecko.id.toLowerCase().replace(/[^a-z0-9_-]/g, '_')}-browser-action`;
    const placements = await h.closeAndReadToolbar();
    expect(placements['nav-bar']).toContain(widget);
    expect(placements['unified-extensions-area'] ?? []).not.toContain(widget);
    // Over the whole run nothing asked for a host outside the fixtures but Firefox's own services.
    const firefoxOwn = /(^|\.)(mozilla\.(com|net|org)|firefox\.com)$/;
    expect(h.strayHosts.filter((host) => !firefoxOwn.test(host))).toEqual([]);
  });
});
