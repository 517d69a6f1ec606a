// The user's activity on a chatbot page wakes a stopped service worker before the reply they
// ask for arrives: the built extension in Chromium, the ChatGPT fixture at https://chatgpt.com.
// A worker stopped while idle stays stopped while nobody touches the page, and a page's own
// script cannot wake it with made-up events.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, ROOT, type Harness } from './harness';

type Version = { versionId: string; runningStatus: string; scriptURL: string };

/**
 * The extension worker's running status, through CDP from the extension's manifest.json (a page
 * of its origin that runs no script, so it never messages the worker itself).
 */
async function watchWorker(h: Harness) {
  const page = await h.context.newPage();
  await page.goto(`chrome-extension://${h.extensionId}/manifest.json`);
  const cdp = await h.context.newCDPSession(page);
  const versions = new Map<string, Version>();
  cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: Version[] }) => {
    for (const v of e.versions)
      if (v.scriptURL.startsWith(`chrome-extension://${h.extensionId}/`))
        versions.set(v.versionId, v);
  });
  await cdp.send('ServiceWorker.enable');
  const statuses = () => [...versions.values()].map((v) => v.runningStatus);
  return {
    /** True while a version of the worker is starting or running. */
    isAwake: () => statuses().some((s) => s !== 'stopped'),
    async stop() {
      await expect.poll(() => statuses().includes('running'), { timeout: 10_000 }).toBe(true);
      for (const v of versions.values())
        if (v.runningStatus === 'running')
          await cdp.send('ServiceWorker.stopWorker', { versionId: v.versionId });
      await expect.poll(() => statuses().every((s) => s === 'stopped')).toBe(true);
    },
    close: () => page.close(),
  };
}

const FIXTURE_HTML = fs.readFileSync(
  path.join(ROOT, 'tests/fixtures/sites/chatgpt/reply.html'),
  'utf8',
);

describe('waking the worker on the user’s activity', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await launch((url) =>
      url.pathname.startsWith('/c/') ? { body: FIXTURE_HTML } : undefined,
    );
  });
  afterAll(async () => h?.close());

  /** The ChatGPT stand-in at `/c/<name>`, its content script started, and the worker watched. */
  async function openChat(name: string) {
    const page = await h.context.newPage();
    await page.goto(`https://chatgpt.com/c/${name}`);
    await page.waitForLoadState('load');
    // The content script's start (page settings, the reply's scan) is done well within this.
    await page.waitForTimeout(1500);
    return { page, worker: await watchWorker(h) };
  }

  it('starts a stopped worker on a key press in the page, not on a script’s events or on nothing', async () => {
    const { page, worker } = await openChat('wake');
    await worker.stop();

    await page.waitForTimeout(2000);
    expect(worker.isAwake()).toBe(false);
    // A hostile page firing events of its own: not the user.
    await page.evaluate(() => {
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
      document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    });
    await page.waitForTimeout(2000);
    expect(worker.isAwake()).toBe(false);

    await page.keyboard.press('a');
    await expect.poll(() => worker.isAwake(), { timeout: 10_000 }).toBe(true);
    await worker.close();
    await page.close();
  });

  it('wakes a stopped worker again with no new input while the hold after a key press lasts', async () => {
    const { page, worker } = await openChat('think');
    // The user sends a prompt; a chatbot that reasons first says nothing for a while.
    await page.keyboard.press('Enter');
    await expect.poll(() => worker.isAwake(), { timeout: 10_000 }).toBe(true);
    // Stopped as the browser stops an idle worker (Playwright's own attachment to workers keeps
    // Chromium from doing it here), the worker is started again by the page's next wake, at most
    // 20 s after the key press, with nobody touching the page.
    await page.waitForTimeout(3000);
    await worker.stop();
    await page.waitForTimeout(1000);
    expect(worker.isAwake()).toBe(false);
    await expect.poll(() => worker.isAwake(), { timeout: 25_000, interval: 500 }).toBe(true);
    await worker.close();
    await page.close();
  });
});
