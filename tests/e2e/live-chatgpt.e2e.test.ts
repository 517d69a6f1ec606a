// Live detection on ChatGPT: the built extension in Chromium, the ChatGPT fixture served at
// https://chatgpt.com, a library seeded with a passage written for this test, and replies
// streamed into the page as ChatGPT streams them.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TabReport } from '../../src/shared/messages';
import { launch, ROOT, sendFromPage, type Harness } from './harness';
import { importDocuments } from './import-library';
import {
  B,
  badgeText,
  C,
  CLOSING,
  COPYING_REPLY,
  finishStream,
  marksInside,
  markTexts,
  OPENING,
  PASSAGE,
  SECRET_WORDS,
  startStream,
  streamReply,
  withoutFinalPunctuation,
  type LiveFixture,
} from './stream';

const FIXTURE_DIR = path.join(ROOT, 'tests/fixtures/sites/chatgpt');
const FIXTURE_HTML = fs.readFileSync(path.join(FIXTURE_DIR, 'reply.html'), 'utf8');
const LIVE = (
  JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, 'expected.json'), 'utf8')) as {
    live: LiveFixture;
  }
).live;

const ASSISTANT_TURN = '[data-turn="assistant"]';
const USER_TEXT = '[data-message-author-role="user"] .whitespace-pre-wrap';

async function openConversation(h: Harness, url: string): Promise<Page> {
  const page = await h.context.newPage();
  await page.goto(url);
  // The content script starts at document_idle; its first frame reads the fixture's reply.
  await page.waitForLoadState('load');
  await page.waitForTimeout(300);
  return page;
}

describe('live detection on ChatGPT', () => {
  let h: Harness;
  const pages = new Map<string, string>();

  beforeAll(async () => {
    h = await launch((url) => {
      const body =
        pages.get(url.pathname) ?? (url.pathname.startsWith('/c/') ? FIXTURE_HTML : undefined);
      return body === undefined ? undefined : { body };
    });
    await importDocuments(h, [{ title: 'The Skerryvane Ledger', text: PASSAGE }]);
  });
  afterAll(async () => h?.close());

  it('highlights copied sentences while the reply streams, covers them exactly once complete, and counts them on the badge', async () => {
    const page = await openConversation(h, 'https://chatgpt.com/c/stream');
    // The user's own prompt and the model's thinking both quote the passage: never flagged.
    await page.evaluate(
      ([b, c, user]) => {
        const prompt = document.querySelector(user);
        if (prompt) prompt.textContent = `Summarize this: ${b} ${c}`;
        const thought = document.querySelector('.pointer-events-none');
        thought?.append(
          Object.assign(document.createElement('div'), {
            textContent: `Reasoning: the user quotes "${b}" and "${c}"`,
          }),
        );
      },
      [B, C, USER_TEXT] as const,
    );

    await startStream(page, {
      live: LIVE,
      paragraphs: COPYING_REPLY,
      durationMs: 2500,
      chunks: 50,
    });
    await expect
      .poll(() => markTexts(page, 'exact'), { timeout: 5000, interval: 50 })
      .toContain(withoutFinalPunctuation(B));
    const isStillStreaming = await page.evaluate(
      () => document.querySelector('[data-testid="stop-button"]') !== null,
    );
    expect(isStillStreaming).toBe(true);

    await finishStream(page);
    await expect
      .poll(() => markTexts(page, 'exact'), { timeout: 5000 })
      .toEqual([withoutFinalPunctuation(B), withoutFinalPunctuation(C)]);
    expect(await markTexts(page, 'near')).toEqual([]);
    expect(await marksInside(page, 'exact', '[data-message-author-role="user"]')).toBe(0);
    expect(await marksInside(page, 'exact', '.pointer-events-none')).toBe(0);
    expect(await marksInside(page, 'exact', '[data-turn-id="a-2"] .markdown')).toBe(2);
    await expect.poll(() => badgeText(h, page)).toBe('2');

    const html = await page.content();
    for (const word of SECRET_WORDS) expect(html).not.toContain(word);
    expect(h.strayRequests).toEqual([]);
    await page.close();
  });

  it('drops the old highlights and scans the new reply after an in-app navigation to another conversation', async () => {
    const page = await openConversation(h, 'https://chatgpt.com/c/first');
    await streamReply(page, { live: LIVE, paragraphs: COPYING_REPLY, durationMs: 1000 });
    await expect.poll(() => markTexts(page, 'exact')).toHaveLength(2);
    await expect.poll(() => badgeText(h, page)).toBe('2');

    // The page's router: a new URL and a new thread, with no document load.
    await page.evaluate(() => {
      history.pushState({}, '', '/c/second');
      document.querySelector('#thread')?.replaceChildren();
    });
    await expect.poll(() => markTexts(page, 'exact')).toEqual([]);
    await streamReply(page, {
      live: LIVE,
      paragraphs: [OPENING, `One story stands out. ${C}`, CLOSING],
      durationMs: 1000,
      uniqueSuffix: 's2',
    });
    await expect.poll(() => markTexts(page, 'exact')).toEqual([withoutFinalPunctuation(C)]);
    await expect.poll(() => badgeText(h, page)).toBe('1');
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    await page.close();
  });

  it('rescans a regenerated reply and counts only what the new text copies', async () => {
    const page = await openConversation(h, 'https://chatgpt.com/c/regenerate');
    await streamReply(page, { live: LIVE, paragraphs: COPYING_REPLY, durationMs: 1000 });
    await expect.poll(() => badgeText(h, page)).toBe('2');

    await streamReply(page, {
      live: LIVE,
      paragraphs: [OPENING, `Only one scene matters here. ${B}`, CLOSING],
      durationMs: 1000,
      replaceIn: ASSISTANT_TURN,
    });
    await expect.poll(() => markTexts(page, 'exact')).toEqual([withoutFinalPunctuation(B)]);
    await expect.poll(() => badgeText(h, page)).toBe('1');

    await streamReply(page, {
      live: LIVE,
      paragraphs: [OPENING, CLOSING],
      durationMs: 600,
      replaceIn: ASSISTANT_TURN,
    });
    await expect.poll(() => markTexts(page, 'exact')).toEqual([]);
    await expect.poll(() => badgeText(h, page)).toBe('');
    await page.close();
  });

  it('counts every flagged reply of a 200-turn conversation once, also after turns scroll out and back', async () => {
    const FLAGGED = new Set([3, 17, 28, 41, 55, 62, 79, 88, 94, 99]);
    const turns: string[] = [];
    for (let i = 0; i < 100; i++) {
      const answer = FLAGGED.has(i)
        ? `Answer ${i}. ${B} Then the next part of answer ${i} continues in my own words.`
        : `Answer ${i} covers topic number ${i} with original wording about gardens, rivers and the number ${i * 7}.`;
      turns.push(
        `<div data-turn-id-container=""><section data-testid="conversation-turn-${2 * i + 1}" data-turn="user" data-turn-id="u-${i}"><div data-message-author-role="user" data-message-id="u-${i}"><div class="whitespace-pre-wrap">Question ${i}</div></div></section></div>`,
        `<div data-turn-id-container=""><section data-testid="conversation-turn-${2 * i + 2}" data-turn="assistant" data-turn-id="a-${i}"><div data-message-author-role="assistant" data-message-id="m-${i}"><div class="markdown prose"><p>${answer}</p></div></div></section></div>`,
      );
    }
    const threadStart = FIXTURE_HTML.indexOf('<div id="thread">') + '<div id="thread">'.length;
    const threadEnd = FIXTURE_HTML.indexOf('</main>');
    pages.set(
      '/c/long',
      `${FIXTURE_HTML.slice(0, threadStart)}${turns.join('\n')}</div>${FIXTURE_HTML.slice(threadEnd)}`,
    );

    const page = await openConversation(h, 'https://chatgpt.com/c/long');
    await expect.poll(() => badgeText(h, page), { timeout: 10_000 }).toBe(String(FLAGGED.size));
    // Marks out of view have no boxes (null); each flagged turn, scrolled into view, shows one.
    expect(await markTexts(page, 'exact')).toHaveLength(FLAGGED.size);
    for (const i of FLAGGED) {
      const turn = `[data-turn-id="a-${i}"]`;
      await page.locator(turn).scrollIntoViewIfNeeded();
      // Boxes follow the scroll a frame or two later: wait for the turn's own mark.
      await expect
        .poll(async () => ({
          inside: await marksInside(page, 'exact', turn),
          visible: new Set((await markTexts(page, 'exact')).filter((text) => text !== null)),
        }))
        .toEqual({ inside: 1, visible: new Set([withoutFinalPunctuation(B)]) });
    }

    // A virtualized list evicts the first 60 turns, then mounts them again as new nodes.
    await page.evaluate(async () => {
      const containers = [...document.querySelectorAll('#thread > [data-turn-id-container]')].slice(
        0,
        60,
      );
      const copies = containers.map((c) => c.cloneNode(true));
      containers.forEach((c) => c.remove());
      await new Promise((r) => setTimeout(r, 700));
      document.querySelector('#thread')?.prepend(...copies);
    });
    await page.waitForTimeout(1000);
    expect(await badgeText(h, page)).toBe(String(FLAGGED.size));
    await expect.poll(() => markTexts(page, 'exact')).toHaveLength(FLAGGED.size);

    await streamReply(page, {
      live: LIVE,
      paragraphs: [OPENING, `A last note. ${C}`],
      durationMs: 800,
    });
    await expect.poll(() => badgeText(h, page)).toBe(String(FLAGGED.size + 1));
    expect(h.strayRequests).toEqual([]);
    await page.close();
  });

  it('keeps counting the whole conversation after the idle service worker was stopped', async () => {
    const page = await openConversation(h, 'https://chatgpt.com/c/worker-restart');
    await streamReply(page, { live: LIVE, paragraphs: COPYING_REPLY, durationMs: 800 });
    await expect.poll(() => badgeText(h, page)).toBe('2');
    await h.stopServiceWorker();
    await streamReply(page, {
      live: LIVE,
      paragraphs: [OPENING, `Once more: ${C}`],
      durationMs: 800,
      uniqueSuffix: 'after-restart',
    });
    await expect.poll(() => badgeText(h, page), { timeout: 10_000 }).toBe('3');
    await expect
      .poll(() => markTexts(page, 'exact'))
      .toEqual([
        withoutFinalPunctuation(B),
        withoutFinalPunctuation(C),
        withoutFinalPunctuation(C),
      ]);
    await page.close();
  });

  it('finishes a reply whose stream outlived the service worker: the page sends the whole text again, nothing is missed', async () => {
    const page = await openConversation(h, 'https://chatgpt.com/c/restart-mid-stream');
    await startStream(page, {
      live: LIVE,
      paragraphs: COPYING_REPLY,
      durationMs: 3000,
      chunks: 60,
    });
    await expect
      .poll(() => markTexts(page, 'exact'), { timeout: 5000, interval: 50 })
      .toContain(withoutFinalPunctuation(B));
    // The worker forgets the reply's text; the page's next change builds on it and must be refused.
    await h.stopServiceWorker();
    await finishStream(page);
    await expect
      .poll(() => markTexts(page, 'exact'), { timeout: 10_000 })
      .toEqual([withoutFinalPunctuation(B), withoutFinalPunctuation(C)]);
    await expect.poll(() => badgeText(h, page), { timeout: 10_000 }).toBe('2');
    await expect
      .poll(
        async () =>
          (await tabReport(h, page))?.replies.find((r) => r.replyId === 'a-2')?.isComplete,
        { timeout: 5000 },
      )
      .toBe(true);
    await page.close();
  });

  it('tells the popup when the adapter finds no replies on a page that has content', async () => {
    pages.set(
      '/c/redesigned',
      '<!doctype html><title>ChatGPT</title><main><div class="new-layout"><p>Some reply in markup no adapter knows.</p></div></main>',
    );
    const page = await openConversation(h, 'https://chatgpt.com/c/redesigned');
    await expect
      .poll(async () => (await tabReport(h, page))?.replyCount, { timeout: 5000 })
      .toBe(0);
    await page.close();
  });

  it('flashes a span on command, and rescans the page when the library grows', async () => {
    const page = await openConversation(h, 'https://chatgpt.com/c/commands');
    const extra =
      'Lantern oil was rationed so strictly that the keeper measured every evening pour with a pewter thimble borrowed from the parish church.';
    await streamReply(page, {
      live: LIVE,
      paragraphs: [OPENING, `One scene: ${B}`, `And another, in passing: ${extra}`, CLOSING],
      durationMs: 800,
    });
    await expect.poll(() => badgeText(h, page)).toBe('1');

    const report = await tabReport(h, page);
    const flagged = report?.replies.find((r) => r.spans.length > 0);
    const span = flagged?.spans[0];
    if (!flagged || !span) throw new Error('no flagged reply in the tab report');
    expect(Object.keys(span).sort()).toEqual(['kind', 'replyEnd', 'replyStart', 'spanId']);
    const answer = await commandTab(h, page, {
      type: 'highlightSpan',
      payload: { replyId: flagged.replyId, spanId: span.spanId },
    });
    expect(answer).toEqual({ ok: true, value: { found: true } });
    expect(await markTexts(page, 'flash')).toEqual([withoutFinalPunctuation(B)]);
    expect(
      await commandTab(h, page, {
        type: 'highlightSpan',
        payload: { replyId: flagged.replyId, spanId: 'nope' },
      }),
    ).toEqual({ ok: true, value: { found: false } });

    // A second document arrives while the page is open: the reply is rescanned in place.
    await importDocuments(h, [
      { title: 'Keeper Accounts', text: `The ledgers survive in part. ${extra} Nobody knows why.` },
    ]);
    await expect.poll(() => badgeText(h, page), { timeout: 5000 }).toBe('2');
    await expect
      .poll(() => markTexts(page, 'exact'))
      .toEqual([withoutFinalPunctuation(B), withoutFinalPunctuation(extra)]);
    await page.close();
  });
});

interface ActiveTabApi {
  tabs: {
    query(q: { active: boolean; lastFocusedWindow: boolean }): Promise<{ id?: number }[]>;
    sendMessage(tabId: number, message: unknown): Promise<unknown>;
  };
}

async function activeTabId(h: Harness, page: Page): Promise<number> {
  await page.bringToFront();
  const sw = await h.serviceWorker();
  const id = await sw.evaluate(
    async () =>
      (
        await (globalThis as unknown as { chrome: ActiveTabApi }).chrome.tabs.query({
          active: true,
          lastFocusedWindow: true,
        })
      )[0]?.id,
  );
  if (id === undefined) throw new Error('no active tab');
  return id;
}

/** The background's report of the tab, asked the way the popup asks. */
async function tabReport(h: Harness, page: Page): Promise<TabReport | null> {
  const tabId = await activeTabId(h, page);
  const popup = await h.openExtensionPage('src/popup/index.html');
  const result = await sendFromPage<{ ok: boolean; value: TabReport | null }>(
    popup,
    'getTabReport',
    { tabId },
  );
  await popup.close();
  return result.ok ? result.value : null;
}

/** Sends a BackgroundToContent command to the page's content script from the worker. */
async function commandTab(h: Harness, page: Page, message: unknown): Promise<unknown> {
  const tabId = await activeTabId(h, page);
  const sw = await h.serviceWorker();
  return sw.evaluate(
    ([id, m]) => (globalThis as unknown as { chrome: ActiveTabApi }).chrome.tabs.sendMessage(id, m),
    [tabId, message] as const,
  );
}
