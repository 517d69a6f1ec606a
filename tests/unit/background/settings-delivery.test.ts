import { describe, expect, it } from 'vitest';
import {
  createPageSettingsHandler,
  pushPaintSettings,
} from '../../../src/background/settings-delivery';
import { DEFAULT_SETTINGS, type LibrarySettings } from '../../../src/library/store/index';
import type { PaintSettings } from '../../../src/shared/page-settings';
import { ok } from '../../../src/shared/result';

const SETTINGS: LibrarySettings = {
  ...DEFAULT_SETTINGS,
  highlightColors: { exact: '#123456', near: '#abcdef' },
  markReplies: false,
  userSites: [
    { origin: 'https://bot.test', replySelector: '.answer' },
    { origin: 'https://secret.test', replySelector: '.private' },
  ],
  disabledSites: ['claude'],
};

describe("answering a content script's getPageSettings", () => {
  const handler = createPageSettingsHandler(async () => SETTINGS);

  it('gives the paint settings and the user site of the asking page only', async () => {
    expect(
      await handler.getPageSettings({}, { url: 'https://bot.test/c/1', tab: { id: 1 } }),
    ).toEqual(
      ok({
        highlightColors: { exact: '#123456', near: '#abcdef' },
        markReplies: false,
        userSite: { origin: 'https://bot.test', replySelector: '.answer' },
      }),
    );
  });

  it('gives no user site to a page of another origin, and nothing else of the settings', async () => {
    const result = await handler.getPageSettings(
      {},
      { url: 'https://chatgpt.com/', tab: { id: 1 } },
    );
    expect(result).toEqual(
      ok({ highlightColors: SETTINGS.highlightColors, markReplies: false, userSite: null }),
    );
  });

  it('refuses a sender without a web page', async () => {
    const result = await handler.getPageSettings({}, { url: 'chrome://newtab/' });
    expect(result.ok === false && result.error.code).toBe('bad-sender');
  });
});

describe('pushing the paint settings to the tabs', () => {
  it('sends every tab the paint settings alone, and a tab that refuses stops no other', async () => {
    const sent: [number, PaintSettings][] = [];
    await pushPaintSettings(SETTINGS, {
      tabIds: async () => [1, 2, 3],
      send: async (tabId, paint) => {
        if (tabId === 2) throw new Error('No content script in this tab');
        sent.push([tabId, paint]);
      },
    });
    const paint = { highlightColors: SETTINGS.highlightColors, markReplies: false };
    expect(sent).toEqual([
      [1, paint],
      [3, paint],
    ]);
  });

  it('does nothing when the tabs cannot be listed', async () => {
    await expect(
      pushPaintSettings(SETTINGS, {
        tabIds: () => Promise.reject(new Error('no tabs')),
        send: () => Promise.reject(new Error('not reached')),
      }),
    ).resolves.toBeUndefined();
  });
});
