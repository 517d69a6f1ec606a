// The probe end to end: a book imported through the options page, a series of probes run from
// the probe page in a stand-in chat whose model answers four ways; the prompt box is filled and
// nothing is sent until the test clicks send; each reply is scored and listed in the report.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type Harness } from './harness';
import { importDocuments } from './import-library';
import { CHAT_PATH, KINDS, PROBE_BOOK, PROBE_CHAT_HTML } from './probe-chat';
import { PROBE_PASSAGES } from '../fixtures/probe/passages';

const TITLE = 'Four Famous Openings';

async function sendLog(chat: Page): Promise<string[]> {
  return chat.evaluate(() => (window as unknown as { sendLog: string[] }).sendLog);
}

async function replyCount(chat: Page): Promise<number> {
  return chat.locator('[data-message-author-role="assistant"]').count();
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
      await importDocuments(h, [{ title: TITLE, author: 'Various', text: PROBE_BOOK }]),
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
    await probe.getByLabel('Document').selectOption({ label: `${TITLE} (Various)` });
    await probe.getByRole('button', { name: 'Start the probe series' }).click();

    for (let i = 0; i < KINDS.length; i++) {
      await probe.getByRole('button', { name: 'Put this prompt into the chat' }).click();
      await probe.locator('[data-status="waiting"]').waitFor();
      // The prompt is in the chat's box, through input events (the send button woke up)...
      const passage = PROBE_PASSAGES[i];
      const firstWords = passage?.prefix.split(' ').slice(0, 8).join(' ') ?? '';
      await expect.poll(() => chat.locator('#prompt-textarea').textContent()).toContain(firstWords);
      expect(await chat.locator('[data-testid="send-button"]').isDisabled()).toBe(false);
      // ...and nothing was sent: no click, no Enter, no submit, no new reply.
      expect(await sendLog(chat)).toEqual([]);
      expect(await replyCount(chat)).toBe(1 + i);
      // The prompt holds the prefix only, never the continuation.
      const continuationTail = passage?.continuation.split(' ').slice(-8).join(' ') ?? '';
      expect(await chat.locator('#prompt-textarea').textContent()).not.toContain(continuationTail);

      await chat.locator('[data-testid="send-button"]').click();
      expect(await sendLog(chat)).toEqual(['click']);
      await chat.evaluate(() => ((window as unknown as { sendLog: string[] }).sendLog = []));
      await probe.locator('[data-status="scored"]').waitFor({ timeout: 30_000 });
      await probe
        .getByRole('button', { name: i + 1 < KINDS.length ? 'Next passage' : 'Finish the series' })
        .click();
    }
    await probe.getByText(`Series done: ${KINDS.length} probes`).waitFor();

    const cards = probe.locator('article.probe-card');
    await expect.poll(() => cards.count()).toBe(KINDS.length);
    const shares: number[] = [];
    for (let i = 0; i < KINDS.length; i++) {
      const text = (await cards.nth(i).locator('[data-score="in-order"]').textContent()) ?? '';
      shares.push(Number(/(\d+)%/.exec(text)?.[1]) / 100);
    }
    const [verbatim = -1, changed = -1, paraphrase = -1, unrelated = -1] = shares;
    expect(verbatim).toBeGreaterThanOrEqual(0.95);
    expect(changed).toBeGreaterThan(0.5);
    expect(changed).toBeLessThan(verbatim);
    expect(paraphrase).toBeLessThanOrEqual(0.2);
    expect(unrelated).toBe(0);
    expect(await probe.locator('[data-summary="probes"]').textContent()).toBe('4');
    // Verbatim and changed have at least half the continuation in order.
    expect(await probe.locator('[data-summary="memorized"]').textContent()).toContain('2 (50%)');
    // Each card shows the continuation beside the reply.
    expect(await cards.nth(0).locator('[data-side="continuation"]').textContent()).toBeTruthy();
    expect(h.strayRequests).toEqual([]);
  }, 180_000);
});
