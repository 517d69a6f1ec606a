// The popup's "Open in library" link: the document page opens in a new tab at the copied
// passage, marked and scrolled into view, with the built extension in Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness';
import {
  DOC_A,
  LONG,
  launchChat,
  openChat,
  openPopup,
  seriousViolations,
  seedDocuments,
  streamCopyingReply,
  tabIdOf,
} from './popup-fixture';
import { markTexts } from './stream';

const strip = (s: string): string => s.replace(/[.!?]$/, '');

describe('opening a matched passage from the popup', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await launchChat();
    await seedDocuments(h);
  });
  afterAll(async () => h?.close());

  it('shows the source document with the passage marked and in view', async () => {
    const chat = await openChat(h, '/c/copy');
    await streamCopyingReply(chat);
    await expect.poll(() => markTexts(chat, 'exact'), { timeout: 8000 }).toContain(strip(LONG));
    const popup = await openPopup(h, await tabIdOf(h, chat));
    const card = popup.locator('.recital-span', { hasText: DOC_A.title }).first();
    await card.waitFor();

    const [doc] = await Promise.all([
      h.context.waitForEvent('page'),
      card.getByRole('link', { name: 'Open in library' }).click(),
    ]);
    await doc.waitForLoadState('load');
    expect(doc.url()).toMatch(/\/src\/document\/index\.html#doc=[^&]+&from=\d+&to=\d+$/);
    const passage = doc.locator('mark.recital-doc__passage');
    await expect.poll(() => passage.count(), { timeout: 8000 }).toBeGreaterThan(0);
    const marked = (await passage.allTextContents()).join('');
    expect(marked).toContain(strip(LONG));
    expect(DOC_A.text).toContain(marked);
    expect(await doc.locator('h1').textContent()).toContain(DOC_A.title);

    const inView = await passage.first().evaluate((mark) => {
      const box = mark.getBoundingClientRect();
      return box.height > 0 && box.top >= 0 && box.bottom <= innerHeight;
    });
    expect(inView).toBe(true);

    await doc.getByLabel('Find in this text').fill('drowned salt marsh');
    await expect.poll(() => doc.locator('.recital-doc__count').textContent()).toBe('1 of 1 match');
    expect(await doc.locator('mark.recital-doc__match--current').textContent()).toBe(
      'drowned salt marsh',
    );
    expect(await seriousViolations(doc)).toEqual([]);
  });
});
