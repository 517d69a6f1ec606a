// The probe in Firefox ESR (one launch): the Firefox build, the book imported through the options
// page, a series of four probes run from the probe page in the stand-in chat the Chromium probe
// test uses (probe-chat.ts), whose "model" answers verbatim, with changed words, with a paraphrase
// or with unrelated text, only when its send button is clicked. The prompt box must be filled
// through the content script, nothing sent and no reply shown before the test's click, and the
// report must list each probe in its score band.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  importThroughOptions,
  launchFirefox,
  waitForText,
  type FirefoxHarness,
} from './firefox-harness';
import { manifestHosts } from './harness';
import {
  CHAT_PATH,
  clearSendLog,
  expectScoreBands,
  EXPECTED_SUMMARY,
  KINDS,
  PROBE_AUTHOR,
  PROBE_BOOK,
  PROBE_CHAT_HTML,
  PROBE_TITLE,
  PROMPT_BOX,
  promptMarks,
  readSendLog,
  REPLY,
  SEND_BUTTON,
  shareShown,
} from './probe-chat';

/** Clicks the button whose text is `name` (polled: the probe page may be a background tab). */
async function clickButton(page: Page, name: string): Promise<void> {
  await page.waitForFunction(
    (n) => [...document.querySelectorAll('button')].some((b) => b.textContent?.trim() === n),
    { polling: 100, timeout: 30_000 },
    name,
  );
  await page.locator(`button::-p-text(${name})`).click();
}

/** Waits for `selector` in `page` without animation frames (a hidden tab runs none). */
async function waitFor(page: Page, selector: string, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    (s) => document.querySelector(s) !== null,
    { polling: 100, timeout },
    selector,
  );
}

/** The chat's prompt box text, the send button's state, what was sent, how many replies. */
function chatState(chat: Page) {
  return chat.evaluate(
    (box, send, reply) => ({
      prompt: document.querySelector(box)?.textContent ?? '',
      sendDisabled: (document.querySelector(send) as HTMLButtonElement | null)?.disabled ?? true,
      replies: document.querySelectorAll(reply).length,
    }),
    PROMPT_BOX,
    SEND_BUTTON,
    REPLY,
  );
}

describe('the probe in Firefox ESR', () => {
  let h: FirefoxHarness;
  beforeAll(async () => {
    h = await launchFirefox(
      (url) =>
        url.hostname === 'chatgpt.com' && url.pathname === CHAT_PATH
          ? { body: PROBE_CHAT_HTML }
          : undefined,
      { hosts: manifestHosts() },
    );
    expect(
      await importThroughOptions(h, [
        { title: PROBE_TITLE, author: PROBE_AUTHOR, text: PROBE_BOOK },
      ]),
    ).toEqual(['imported']);
  }, 120_000);
  afterAll(async () => h?.close());

  it('fills the prompt box without sending, scores each kind of reply, lists every probe', async () => {
    const chat = await h.browser.newPage();
    await chat.goto(`https://chatgpt.com${CHAT_PATH}`);
    const probe = await h.openExtensionPage('src/probe/index.html');
    // The content script has reported the chat: the probe page lists it.
    await probe.waitForFunction(
      () => {
        const options = [...document.querySelectorAll('#probe-tab option')];
        if (options.some((o) => o.textContent?.includes('ChatGPT'))) return true;
        [...document.querySelectorAll('button')]
          .find((b) => b.textContent?.trim() === 'Look for open chats again')
          ?.click();
        return false;
      },
      { polling: 1000, timeout: 30_000 },
    );
    const docValue = await probe.$$eval(
      'form.probe-setup select:not(#probe-tab) option',
      (options, label) => options.find((o) => o.textContent === label)?.getAttribute('value'),
      `${PROBE_TITLE} (${PROBE_AUTHOR})`,
    );
    expect(docValue).toBeTruthy();
    await probe.select('form.probe-setup select:not(#probe-tab)', docValue as string);
    await clickButton(probe, 'Start the probe series');

    for (let i = 0; i < KINDS.length; i++) {
      await probe.bringToFront();
      await clickButton(probe, 'Put this prompt into the chat');
      await waitFor(probe, '[data-status="waiting"]');
      // The prompt is in the chat's box, through input events (the send button woke up)...
      const { opening, continuationTail } = promptMarks(i);
      await chat.waitForFunction(
        (box, text) => document.querySelector(box)?.textContent?.includes(text) === true,
        { polling: 100, timeout: 15_000 },
        PROMPT_BOX,
        opening,
      );
      const state = await chatState(chat);
      expect(state.sendDisabled).toBe(false);
      // ...and nothing was sent: no click, no Enter, no submit, no new reply; no continuation.
      expect(await chat.evaluate(readSendLog)).toEqual([]);
      expect(state.replies).toBe(1 + i);
      expect(state.prompt).not.toContain(continuationTail);

      // The user's click, with the chat in front as the probe page left it.
      await chat.bringToFront();
      await chat.click(SEND_BUTTON);
      expect(await chat.evaluate(readSendLog)).toEqual(['click']);
      await chat.evaluate(clearSendLog);
      await waitFor(probe, '[data-status="scored"]');
      await probe.bringToFront();
      await clickButton(probe, i + 1 < KINDS.length ? 'Next passage' : 'Finish the series');
    }
    await waitForText(probe, `Series done: ${KINDS.length} probes`);

    const shares = (
      await probe.$$eval('article.probe-card [data-score="in-order"]', (cells) =>
        cells.map((c) => c.textContent ?? ''),
      )
    ).map(shareShown);
    expectScoreBands(shares);
    const summary = await probe.evaluate(() => ({
      probes: document.querySelector('[data-summary="probes"]')?.textContent,
      memorized: document.querySelector('[data-summary="memorized"]')?.textContent,
      continuation: document.querySelector('article.probe-card [data-side="continuation"]')
        ?.textContent,
    }));
    expect(summary.probes).toBe(EXPECTED_SUMMARY.probes);
    expect(summary.memorized).toContain(EXPECTED_SUMMARY.memorized);
    expect(summary.continuation).toBeTruthy();
    // Nothing asked for a host outside the fixtures but Firefox's own services.
    const firefoxOwn = /(^|\.)(mozilla\.(com|net|org)|firefox\.com)$/;
    expect(h.strayHosts.filter((host) => !firefoxOwn.test(host))).toEqual([]);
  }, 240_000);
});
