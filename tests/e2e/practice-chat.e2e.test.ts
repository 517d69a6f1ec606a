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
    // One reading holds the whole quote marked and none of the chatbot's own framing words
    // (marks are repainted when the stream ends, so a reading between two paints is empty).
    const reading = async () => {
      const text = await marked();
      return {
        quote:
          text.includes('Every spring the salt keeper of Orrin Bay') &&
          text.includes('brass spoon'),
        framing: text.includes('Here is how') || text.includes('I hope that helps'),
      };
    };
    await expect.poll(reading, { timeout: 10_000 }).toEqual({ quote: true, framing: false });
    await page.close();
  });
});
