import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type Harness } from './harness';

describe('the built extension', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await launch(() => ({ body: '<!doctype html><title>chat</title><main>hello</main>' }));
  });
  afterAll(async () => h?.close());

  it('loads in Chromium with a running service worker and opens its options page', async () => {
    expect(h.extensionId).toMatch(/^[a-p]{32}$/);
    const page = await h.openExtensionPage('src/options/index.html');
    await expect.poll(() => page.locator('#app').textContent()).toContain('Recital');
    expect(h.strayRequests).toEqual([]);
  });
});
