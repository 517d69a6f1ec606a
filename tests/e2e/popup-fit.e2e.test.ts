// Issue #18: the popup fits Chrome's 600 px with ten matches, names an imported Project
// Gutenberg book by its real title and author, and a mark in the page explains itself on hover.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness';
import { importDocuments } from './import-library';
import { launchChat, openChat, openPopup, streamParagraphs, tabIdOf } from './popup-fixture';
import { hoverMark, markCard, markTexts } from './stream';

// Ten sentences of a small Gutenberg-style book written for this test, hard-wrapped at 70.
const SENTENCES = [
  'The keeper climbed the spiral stair at dusk and trimmed the brass lamp before the squall arrived from the west.',
  'Her brother rowed the supply boat across the channel every second Thursday, bringing flour, oil and letters.',
  'A cormorant nested each spring on the broken railing below the gallery, scolding anyone who came near it.',
  'During the great storm of that winter the lens cracked along its lower prism and had to be bound with wire.',
  'The inspector from the mainland arrived unannounced, counted the oil casks twice and wrote nothing down.',
  'Fog horns sounded from three separate headlands on the night the schooner Marigold ran onto the reef.',
  'She kept a ledger of every passing ship, noting the flag, the hour and the direction of the wind in pencil.',
  'Children from the fishing village dared one another to touch the iron door of the tower after sunset.',
  'When the new electric lamp was finally installed, the old keeper refused to leave the rock for a whole month.',
  'The last entry in her logbook described a quiet sea, a pale moon and a single gull asleep on the lantern roof.',
];
const TITLE = 'The Lantern Keeper of Skarra Rock';
const AUTHOR = 'Orla Venn';

function wrap(text: string): string {
  return text.replace(/(.{1,70})(?:\s+|$)/g, '$1\n').trimEnd();
}

function gutenbergBook(): string {
  return [
    `The Project Gutenberg eBook of ${TITLE}, by ${AUTHOR}`,
    '',
    'This eBook is for the use of anyone anywhere at no cost.',
    '',
    `Title: ${TITLE}`,
    '',
    `Author: ${AUTHOR}`,
    '',
    'Release date: March 1, 2026 [eBook #99999]',
    '',
    `*** START OF THE PROJECT GUTENBERG EBOOK ${TITLE.toUpperCase()} ***`,
    '',
    'CHAPTER I.',
    '',
    ...SENTENCES.map((s) => `${wrap(s)}\n`),
    `*** END OF THE PROJECT GUTENBERG EBOOK ${TITLE.toUpperCase()} ***`,
    '',
    'Updating: editions will be renamed. Section 1. General Terms of Use and Redistributing.',
  ].join('\r\n');
}

const REPLY = SENTENCES.map((s, i) => `Point ${i + 1} of my summary, as the book puts it. ${s}`);

describe('the popup with ten matches, and the hover card in the page', () => {
  let h: Harness;
  let chat: Page;
  let chatTab: number;
  let dir = '';

  beforeAll(async () => {
    h = await launchChat();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-pg-'));
    const file = path.join(dir, 'pg99999.txt');
    fs.writeFileSync(file, gutenbergBook());
    expect(await importDocuments(h, [file])).toEqual(['imported']);
  });
  afterAll(async () => {
    await h?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('marks all ten copied sentences in the page', async () => {
    chat = await openChat(h, '/c/ten');
    await streamParagraphs(chat, REPLY);
    await expect
      .poll(async () => (await markTexts(chat, 'exact')).length, { timeout: 15_000 })
      .toBe(10);
    chatTab = await tabIdOf(h, chat);
  });

  it('stays within 600 px with header and footer in view, the list scrolling', async () => {
    const popup = await openPopup(h, chatTab);
    await popup.setViewportSize({ width: 800, height: 1200 });
    await expect.poll(() => popup.locator('.recital-span').count()).toBe(10);
    const layout = await popup.evaluate(() => {
      const rect = (selector: string) => {
        const r = document.querySelector(selector)?.getBoundingClientRect();
        return r ? { top: r.top, bottom: r.bottom, height: r.height } : null;
      };
      const main = document.querySelector('main') as HTMLElement;
      return {
        document: document.documentElement.getBoundingClientRect().height,
        header: rect('header'),
        footer: rect('footer'),
        mainScrolls: main.scrollHeight > main.clientHeight,
      };
    });
    expect(layout.document).toBeLessThanOrEqual(600);
    expect(layout.header?.top).toBe(0);
    expect(layout.header?.height).toBeGreaterThan(0);
    expect(layout.footer?.height).toBeGreaterThan(0);
    expect(layout.footer?.bottom).toBeLessThanOrEqual(600);
    expect(layout.mainScrolls).toBe(true);
    // Scrolling the list leaves header and footer where they were.
    await popup.locator('main').evaluate((main) => main.scrollTo(0, main.scrollHeight));
    expect(await popup.locator('footer').evaluate((f) => f.getBoundingClientRect().bottom)).toBe(
      layout.footer?.bottom,
    );
    await popup.close();
  });

  it('names the Gutenberg book by its title and author and shows none of its header', async () => {
    const popup = await openPopup(h, chatTab);
    await expect
      .poll(() => popup.locator('.recital-sources li').allTextContents())
      .toEqual([
        expect.stringMatching(new RegExp(`^10 passages from ${TITLE} by ${AUTHOR}, \\d+ words$`)),
      ]);
    const first = popup.locator('.recital-span').first();
    await first.locator('summary', { hasText: 'Source passage' }).click();
    const context = (await first.locator('blockquote').textContent()) ?? '';
    expect(context).not.toMatch(/Gutenberg|Title:|START OF|Terms of Use/);
    // Reflowed: the book's 70-column line breaks are gone.
    expect(context).not.toMatch(/[a-z,]\n[a-z]/);
    expect(await popup.locator('main').textContent()).not.toMatch(/characters \d|% through/);
    await popup.close();
  });

  it('shows a card on a hovered mark, and its button opens Recital at that passage', async () => {
    await hoverMark(chat, 'exact');
    await expect
      .poll(async () => (await markCard(chat))?.text, { timeout: 5000 })
      .toMatch(new RegExp(`^Exact copy · \\d+ words${TITLE} by ${AUTHOR}Show in Recital$`));
    const html = await chat.content();
    expect(html).not.toContain(TITLE);
    expect(
      await chat.evaluate(
        (title) => (window as unknown as { find(s: string): boolean }).find(title),
        TITLE,
      ),
    ).toBe(false);
    const card = await markCard(chat);
    if (!card?.button) throw new Error('no button');
    // The card may cover the next sentence's mark: on the card, it stays the card it was.
    await chat.mouse.move(card.button.x, card.button.y, { steps: 5 });
    await chat.waitForTimeout(200);
    expect((await markCard(chat))?.text).toBe(card.text);
    await chat.mouse.click(card.button.x, card.button.y);
    // The popup where the browser lets it open (its own window, not a tab), else a tab: either
    // way an extension context at the passage's deep link.
    const sw = await h.serviceWorker();
    const deepLinks = () =>
      sw.evaluate(async () => {
        const runtime = (
          globalThis as unknown as {
            chrome: { runtime: { getContexts(f: object): Promise<{ documentUrl?: string }[]> } };
          }
        ).chrome.runtime;
        return (await runtime.getContexts({}))
          .map((c) => c.documentUrl ?? '')
          .filter((url) => url.includes('span='));
      });
    await expect.poll(deepLinks, { timeout: 8000 }).toHaveLength(1);
    const [url] = await deepLinks();
    expect(url).toMatch(/\/src\/popup\/index\.html\?tabId=\d+&reply=.+&span=.+/);
    const shown = await h.openExtensionPage(
      url?.replace(/^chrome-extension:\/\/[^/]+\//, '') ?? '',
    );
    await expect
      .poll(() => shown.locator('.recital-span--target').count(), { timeout: 8000 })
      .toBe(1);
    await shown.close();
  });

  it("switches checking off and on for the site from the popup's header", async () => {
    const popup = await openPopup(h, chatTab);
    const toggle = popup.getByRole('switch', { name: 'Check ChatGPT' });
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await toggle.click();
    await expect
      .poll(() => popup.getByRole('heading', { name: 'Recital is off on ChatGPT' }).count())
      .toBe(1);
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await expect.poll(() => markTexts(chat, 'exact'), { timeout: 8000 }).toEqual([]);
    await popup.bringToFront();
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    await expect
      .poll(async () => (await markTexts(chat, 'exact')).length, { timeout: 15_000 })
      .toBe(10);
    await popup.close();
  });
});
