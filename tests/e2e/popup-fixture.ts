// Shared setup of the popup specs: two library documents, a ChatGPT conversation whose reply
// copies one long sentence of the first and one shorter sentence of the second.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launch, ROOT, type Harness } from './harness';
import { importDocuments } from './import-library';
import { streamReply, type LiveFixture } from './stream';

const FIXTURE_DIR = path.join(ROOT, 'tests/fixtures/sites/chatgpt');
const FIXTURE_HTML = fs.readFileSync(path.join(FIXTURE_DIR, 'reply.html'), 'utf8');
const LIVE = (
  JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, 'expected.json'), 'utf8')) as {
    live: LiveFixture;
  }
).live;

export const LONG =
  'The tidewright measured each spring flood with a knotted rope of tarred hemp, calling out the fathoms to her apprentices while the gulls wheeled above the drowned salt marsh and the old bell tolled from the harbour chapel.';
export const SHORT =
  'Crimson pippins ripened slowly beneath the crooked pear wall behind the vicarage garden.';
export const DOC_A = {
  title: 'The Tidewright’s Almanac',
  author: 'Ines Marlowe',
  text: `Chapter One\n\nThe fog came before the boats that morning, as it always did in March. ${LONG} Nobody in the village remembered a higher water, and nobody wished to.\n\nChapter Two\n\nBy April the marsh had drained, leaving ribbons of silver weed across the road to the quay.`,
};
export const DOC_B = {
  title: 'Orchard Hours',
  author: 'Tomas Reyne',
  text: `Late summer brought wasps and visitors in equal measure. ${SHORT} The gardener pretended not to notice the missing fruit, though he counted every branch at dusk.`,
};
const REPLY = [
  'Here is a short answer in my own words about the village and its seasons.',
  `The almanac opens with a flood. ${LONG}`,
  'Later on, the story moves inland to a quieter setting with fruit trees and a walled garden.',
  `One line describes it well. ${SHORT}`,
  'I hope this helps with your reading group; tell me if you want a summary of the later chapters as well.',
];

/** The plain fixture, with its thread emptied (`empty`) or a tall spacer before it (`tall`). */
function chatPage(kind: 'plain' | 'empty' | 'tall'): string {
  if (kind === 'plain') return FIXTURE_HTML;
  const start = FIXTURE_HTML.indexOf('<div id="thread">') + '<div id="thread">'.length;
  const end = FIXTURE_HTML.indexOf('</main>');
  if (kind === 'empty') return `${FIXTURE_HTML.slice(0, start)}</div>${FIXTURE_HTML.slice(end)}`;
  return FIXTURE_HTML.replace(
    '<main id="main">',
    '<main id="main"><div style="height: 2400px">Earlier conversation</div>',
  );
}

export async function launchChat(): Promise<Harness> {
  return launch((url) => {
    if (url.pathname.startsWith('/c/empty')) return { body: chatPage('empty') };
    if (url.pathname.startsWith('/c/copy')) return { body: chatPage('tall') };
    if (url.pathname.startsWith('/c/')) return { body: chatPage('plain') };
    return undefined;
  });
}

export async function seedDocuments(h: Harness): Promise<void> {
  await importDocuments(h, [DOC_A, DOC_B]);
}

export async function openChat(h: Harness, pathName: string): Promise<Page> {
  const page = await h.context.newPage();
  await page.goto(`https://chatgpt.com${pathName}`);
  await page.waitForLoadState('load');
  await page.waitForTimeout(300);
  return page;
}

/** Streams the reply, then shows it: marks are boxes drawn over visible text only. */
export async function streamCopyingReply(page: Page): Promise<void> {
  await streamReply(page, { live: LIVE, paragraphs: REPLY, durationMs: 800 });
  await page.evaluate(() =>
    [...document.querySelectorAll('[data-recital-new-reply]')].at(-1)?.scrollIntoView(),
  );
}

/** Streams a reply of these paragraphs, then shows it. */
export async function streamParagraphs(page: Page, paragraphs: string[]): Promise<void> {
  await streamReply(page, { live: LIVE, paragraphs, durationMs: 800 });
  await page.evaluate(() =>
    [...document.querySelectorAll('[data-recital-new-reply]')].at(-1)?.scrollIntoView(),
  );
}

/** The id of the tab showing `page`: the worker asks for the active tab once it is in front. */
export async function tabIdOf(h: Harness, page: Page): Promise<number> {
  await page.bringToFront();
  const sw = await h.serviceWorker();
  return sw.evaluate(async () => {
    const api = (
      globalThis as unknown as {
        chrome: { tabs: { query(q: object): Promise<{ id?: number }[]> } };
      }
    ).chrome;
    const [tab] = await api.tabs.query({ active: true, lastFocusedWindow: true });
    if (tab?.id === undefined) throw new Error('no active tab');
    return tab.id;
  });
}

export async function openPopup(h: Harness, tabId: number): Promise<Page> {
  const popup = await h.openExtensionPage(`src/popup/index.html?tabId=${tabId}`);
  await popup.getByText('Checking this page…').waitFor({ state: 'detached' });
  return popup;
}

/** Runs axe-core in `page` (evaluated as a string: extension CSP blocks an injected script tag). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const source = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{
            violations: { id: string; impact?: string; nodes: { target: unknown }[] }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
}
