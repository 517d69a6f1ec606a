// The probe end to end: a book imported through the options page, a series of probes run from
// the probe page in a stand-in chat whose model answers four ways; the prompt box is filled and
// nothing is sent until the test clicks send; each reply is scored and listed in the report.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type Harness } from './harness';
import { importDocuments } from './import-library';
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

async function sendLog(chat: Page): Promise<string[]> {
  return chat.evaluate(readSendLog);
}

async function replyCount(chat: Page): Promise<number> {
  return chat.locator(REPLY).count();
}

describe('probe: a memorization test in the chat', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await launch((url) =>
      url.hostname === 'chatgpt.com' && url.pathname === CHAT_PATH
        ? { body: PROBE_CHAT_HTML }
        : undefined,
    );
    expect(
      await importDocuments(h, [{ title: PROBE_TITLE, author: PROBE_AUTHOR, text: PROBE_BOOK }]),
    ).toEqual(['imported']);
  }, 120_000);
  afterAll(async () => h?.close());

  it('fills the prompt box without sending, scores each kind of reply, lists every probe', async () => {
    const chat = await h.context.newPage();
    await chat.goto(`https://chatgpt.com${CHAT_PATH}`);
    // The content script has reported the page: the probe page can list it.
    const probe = await h.openExtensionPage('src/probe/index.html');
    await probe.getByRole('button', { name: 'Look for open chats again' }).click();
    await expect
      .poll(() => probe.locator('#probe-tab option').allTextContents())
      .toEqual([expect.stringContaining('ChatGPT')]);
    await probe.getByLabel('Document').selectOption({ label: `${PROBE_TITLE} (${PROBE_AUTHOR})` });
    await probe.getByRole('button', { name: 'Start the probe series' }).click();

    for (let i = 0; i < KINDS.length; i++) {
      await probe.getByRole('button', { name: 'Put this prompt into the chat' }).click();
      await probe.locator('[data-status="waiting"]').waitFor();
      // The prompt is in the chat's box, through input events (the send button woke up)...
      const { opening, continuationTail } = promptMarks(i);
      await expect.poll(() => chat.locator(PROMPT_BOX).textContent()).toContain(opening);
      expect(await chat.locator(SEND_BUTTON).isDisabled()).toBe(false);
      // ...and nothing was sent: no click, no Enter, no submit, no new reply.
      expect(await sendLog(chat)).toEqual([]);
      expect(await replyCount(chat)).toBe(1 + i);
      // The prompt holds the prefix only, never the continuation.
      expect(await chat.locator(PROMPT_BOX).textContent()).not.toContain(continuationTail);

      await chat.locator(SEND_BUTTON).click();
      expect(await sendLog(chat)).toEqual(['click']);
      await chat.evaluate(clearSendLog);
      await probe.locator('[data-status="scored"]').waitFor({ timeout: 30_000 });
      await probe
        .getByRole('button', { name: i + 1 < KINDS.length ? 'Next passage' : 'Finish the series' })
        .click();
    }
    await probe.getByText(`Series done: ${KINDS.length} probes`).waitFor();

    const cards = probe.locator('article.probe-card');
    await expect.poll(() => cards.count()).toBe(KINDS.length);
    const shares: number[] = [];
    for (let i = 0; i < KINDS.length; i++)
      shares.push(
        shareShown((await cards.nth(i).locator('[data-score="in-order"]').textContent()) ?? ''),
      );
    expectScoreBands(shares);
    expect(await probe.locator('[data-summary="probes"]').textContent()).toBe(
      EXPECTED_SUMMARY.probes,
    );
    expect(await probe.locator('[data-summary="memorized"]').textContent()).toContain(
      EXPECTED_SUMMARY.memorized,
    );
    // Each card shows the continuation beside the reply.
    expect(await cards.nth(0).locator('[data-side="continuation"]').textContent()).toBeTruthy();
    expect(h.strayRequests).toEqual([]);
  }, 180_000);
});
