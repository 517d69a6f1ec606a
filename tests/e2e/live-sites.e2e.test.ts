// Live detection on every site that has a fixture: the fixture is served at the site's real
// host, a reply copying two library sentences is streamed in with the site's own streaming
// signals, and the highlights, the badge and the page's HTML are checked.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITES, siteForUrl } from '../../src/sites/index';
import { launch, type Harness } from './harness';
import { importDocuments } from './import-library';
import {
  B,
  badgeText,
  C,
  COPYING_REPLY,
  finishStream,
  marksInside,
  markTexts,
  loadSiteFixtures,
  PASSAGE,
  SECRET_WORDS,
  startStream,
  withoutFinalPunctuation,
  type StreamToggle,
} from './stream';

const FIXTURES = loadSiteFixtures();
/** Every fixture's user turn asks this; the test swaps in a quote of the passage. */
const FIXTURE_PROMPT = 'Explain the pump, with code.';

function pageUrlOf(siteId: string, variant: string): string {
  const site = SITES.find((s) => s.id === siteId);
  const pattern = site?.matches[0];
  if (!pattern) throw new Error(`no adapter for fixture ${siteId}`);
  return `${pattern.replace(/\*$/, '')}recital-live/${siteId}/${variant}`;
}

/**
 * Puts the passage where it must never be flagged: the user's prompt, and any thinking block
 * (text mentioning thinking inside a subtree the adapter excludes). Returns what it marked.
 */
async function quotePassageOutsideAnswers(
  page: Page,
  exclude: string[],
): Promise<{ prompts: number; thoughts: number }> {
  return page.evaluate(
    ([prompt, quote, excludeSelector]) => {
      const counts = { prompts: 0, thoughts: 0 };
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const texts: Text[] = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text);
      for (const text of texts) {
        const parent = text.parentElement;
        if (!parent) continue;
        if (text.data.includes(prompt)) {
          text.data = quote;
          parent.setAttribute('data-recital-probe', 'prompt');
          counts.prompts++;
        } else if (
          excludeSelector !== '' &&
          /think|thought|reason/i.test(text.data) &&
          parent.closest(excludeSelector)
        ) {
          text.data = `Reasoning: ${quote}`;
          parent.setAttribute('data-recital-probe', 'thinking');
          counts.thoughts++;
        }
      }
      return counts;
    },
    [FIXTURE_PROMPT, `Please summarize: ${B} ${C}`, exclude.join(', ')] as const,
  );
}

/** True while every streaming toggle of the fixture still holds its "streaming" value. */
async function isSignalStreaming(page: Page, toggles: StreamToggle[]): Promise<boolean> {
  return page.evaluate(
    (list) =>
      list.every((t) => {
        const scope =
          t.scope === 'reply'
            ? [...document.querySelectorAll('[data-recital-new-reply]')].at(-1)
            : document;
        const candidates = scope
          ? [
              ...(scope instanceof Element && scope.matches(t.selector) ? [scope] : []),
              ...scope.querySelectorAll(t.selector),
            ]
          : [];
        return candidates.at(-1)?.getAttribute(t.attribute) === t.streaming;
      }),
    toggles,
  );
}

describe('live detection on every site with a fixture', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await launch((url) => {
      const site = siteForUrl(url.href);
      const fixture =
        site &&
        FIXTURES.find(
          (f) => url.pathname === `/recital-live/${f.id}/${f.variant}` && f.id === site.id,
        );
      return fixture ? { body: fixture.html } : undefined;
    });
    await importDocuments(h, [{ title: 'The Skerryvane Ledger', text: PASSAGE }]);
  });
  afterAll(async () => h?.close());

  it('has a fixture for every site adapter', () => {
    expect([...new Set(FIXTURES.map((f) => f.id))].sort()).toEqual(SITES.map((s) => s.id).sort());
  });

  it.each(FIXTURES.map((f) => [`${f.id}/${f.variant}`, f] as const))(
    '%s: flags the copied sentences of a streamed reply, only there, and counts them',
    async (_name, fixture) => {
      const siteId = fixture.id;
      const site = SITES.find((s) => s.id === siteId);
      if (!site) throw new Error(`no adapter ${siteId}`);
      const page = await h.context.newPage();
      try {
        await page.goto(pageUrlOf(siteId, fixture.variant));
        await page.waitForTimeout(300);
        const probes = await quotePassageOutsideAnswers(page, site.exclude ?? []);
        expect(probes.prompts).toBeGreaterThan(0);

        await startStream(page, {
          live: fixture.live,
          paragraphs: COPYING_REPLY,
          durationMs: 2000,
          chunks: 40,
        });
        await expect
          .poll(() => markTexts(page, 'exact'), { timeout: 5000, interval: 50 })
          .toContain(withoutFinalPunctuation(B));
        // Seen while the site still says it is generating, not only after the stream ended.
        expect(await isSignalStreaming(page, fixture.live.toggles)).toBe(true);
        await finishStream(page);

        const expected = [withoutFinalPunctuation(B), withoutFinalPunctuation(C)];
        await expect.poll(() => markTexts(page, 'exact'), { timeout: 5000 }).toEqual(expected);
        expect(await marksInside(page, 'exact', '[data-recital-new-reply]')).toBe(2);
        expect(await marksInside(page, 'exact', '[data-recital-probe]')).toBe(0);
        expect(await markTexts(page, 'near')).toEqual([]);
        await expect.poll(() => badgeText(h, page)).toBe('2');

        const html = await page.content();
        for (const word of SECRET_WORDS) expect(html).not.toContain(word);
        expect(h.strayRequests).toEqual([]);
      } finally {
        await page.close();
      }
    },
  );
});
