// The first run's practice chat: with an empty library it asks to add the sample library, then
// a made-up chatbot streams a reply quoting it and Recital's own pipeline marks the quote, in
// Chromium with the built extension.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type Harness } from './harness';
import { marksInWorld } from './page-marks.mjs';

let h: Harness;

beforeAll(async () => {
  h = await launch(() => undefined);
});
afterAll(async () => {
  await h?.close();
});

describe('the practice chat', () => {
  it('adds the sample library with the user OK, streams a reply and marks the quoted words only', async () => {
    const page = await h.openExtensionPage('src/practice/index.html');
    await page.getByRole('button', { name: 'Add the sample library' }).click();
    await page.getByRole('button', { name: 'Ask' }).click();
    await page.getByRole('button', { name: 'Ask' }).waitFor({ timeout: 20_000 });
    // The marks live in a closed shadow root; this extension page's own world may open it.
    const marked = async (): Promise<string> =>
      (await page.evaluate(marksInWorld, { kind: 'exact' }))
        .map((mark) => mark.text ?? '')
        .join(' | ');
    await expect.poll(marked, { timeout: 10_000 }).toContain('brass spoon');
    const text = await marked();
    expect(text).toContain('Every spring the salt keeper of Orrin Bay');
    expect(text).not.toContain('Here is how');
    expect(text).not.toContain('I hope that helps');
    await page.close();
  });
});
