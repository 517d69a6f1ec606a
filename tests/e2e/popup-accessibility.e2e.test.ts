// axe-core on Recital's pages with real content, in light and dark: no serious or critical
// violation (contrast, labels, names, landmarks).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness';
import {
  launchChat,
  openChat,
  openPopup,
  seedDocuments,
  seriousViolations,
  streamCopyingReply,
  tabIdOf,
} from './popup-fixture';
import { markTexts } from './stream';

describe('the popup, settings, audit log and welcome page pass axe', () => {
  let h: Harness;
  let chatTab: number;

  beforeAll(async () => {
    h = await launchChat();
    await seedDocuments(h);
    const chat = await openChat(h, '/c/copy');
    await streamCopyingReply(chat);
    const deadline = Date.now() + 8000;
    while ((await markTexts(chat, 'exact')).length < 2 && Date.now() < deadline)
      await chat.waitForTimeout(100);
    chatTab = await tabIdOf(h, chat);
  });
  afterAll(async () => h?.close());

  it.each(['light', 'dark'] as const)('the popup listing copied passages (%s)', async (scheme) => {
    const popup = await openPopup(h, chatTab);
    await popup.emulateMedia({ colorScheme: scheme });
    await expect.poll(() => popup.locator('.recital-span').count()).toBe(2);
    // Every reply and every source passage open: axe checks what a reader can unfold.
    await popup
      .locator('details')
      .evaluateAll((all) => all.forEach((d) => d.setAttribute('open', '')));
    expect(await seriousViolations(popup)).toEqual([]);
    await popup.close();
  });

  it.each([
    ['the options page with its settings', 'src/options/index.html#settings', '#s-min-words'],
    ['the audit log', 'src/audit/index.html', '.recital-audit-record'],
    ['the welcome page', 'src/welcome/index.html', '.recital-welcome__steps'],
  ])('%s (light and dark)', async (_name, pagePath, ready) => {
    const page = await h.openExtensionPage(pagePath);
    await page.locator(ready).first().waitFor();
    await page.getByText(/^Loading/).waitFor({ state: 'detached' });
    // Let entrance transitions finish: axe measures contrast of what is painted.
    await page.waitForTimeout(500);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      // Colour transitions (the dropzone's) must end before axe measures contrast.
      await page.waitForTimeout(400);
      expect(await seriousViolations(page)).toEqual([]);
    }
    await page.close();
  });
});
