// A page probing the library with replies nobody can see (issue #15, item 1): the built
// extension on a ChatGPT stand-in whose replies each copy one library document, two of them
// visible and the others hidden one way each. Only the visible ones may be flagged, counted
// or logged; a hidden one shown later is read then.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, ROOT, type Harness } from './harness';
import { importDocuments } from './import-library';
import { openPopup, tabIdOf } from './popup-fixture';
import { badgeText } from './stream';

const FIXTURE = fs.readFileSync(
  path.join(ROOT, 'tests/fixtures/hidden-probe/chatgpt-probes.html'),
  'utf8',
);

/** Each reply's passage name: how the fixture shows or hides it. */
const VISIBLE = ['scrolled', 'visible'];
const HIDDEN = [
  'display',
  'visibility',
  'opacity',
  'offScreen',
  'clip',
  'srOnly',
  'ariaHidden',
  'details',
  'scale',
  'clipPath',
  'contentVisibility',
  'inline',
];

/**
 * A passage of made-up words no other passage shares (so a match names its document), 30
 * words from consonant-vowel syllables numbered from `seed`.
 */
function passageOf(seed: number): string {
  const consonants = 'bdfgklmnprstvz';
  const vowels = 'aeiou';
  const words: string[] = [];
  for (let w = 0; w < 30; w++) {
    let n = seed * 1000 + w * 7 + 1;
    let word = '';
    for (let s = 0; s < 3; s++) {
      word += `${consonants[n % consonants.length]}${vowels[Math.floor(n / 14) % vowels.length]}`;
      n = Math.floor(n / 70) + s * 3 + 1;
    }
    words.push(`${word}${seed}${w}`);
  }
  return `${words.join(' ')}.`;
}

const NAMES = [...VISIBLE, ...HIDDEN];
const PASSAGES = new Map(NAMES.map((name, i) => [name, passageOf(i + 1)]));
const titleOf = (name: string): string => `Probe ${name}`;

function probePage(): string {
  return FIXTURE.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const passage = PASSAGES.get(name);
    if (passage === undefined) throw new Error(`no passage named ${name}`);
    return passage;
  });
}

async function citedTitles(popup: Page): Promise<string[]> {
  return (await popup.locator('.recital-span cite').allTextContents()).sort();
}

describe('a page probing with hidden replies learns nothing', () => {
  let h: Harness;
  let chat: Page;

  beforeAll(async () => {
    h = await launch((url) => (url.pathname.startsWith('/c/') ? { body: probePage() } : undefined));
    await importDocuments(
      h,
      NAMES.map((name) => ({ title: titleOf(name), text: PASSAGES.get(name) as string })),
    );
    chat = await h.context.newPage();
    await chat.goto('https://chatgpt.com/c/probe');
    await chat.waitForLoadState('load');
  });
  afterAll(async () => h?.close());

  it('flags the visible replies, the one scrolled out of view in the inner scroller too, and no hidden one', async () => {
    // The reply scrolled away really is out of view: above the scroller's shown area.
    expect(
      await chat.evaluate(() => {
        const reply = document.querySelector('[data-turn-id="a-scrolled"]') as Element;
        const scroller = document.getElementById('scroller') as Element;
        return reply.getBoundingClientRect().bottom < scroller.getBoundingClientRect().top;
      }),
    ).toBe(true);
    await expect.poll(() => badgeText(h, chat), { timeout: 10_000 }).toBe('2');
    const popup = await openPopup(h, await tabIdOf(h, chat));
    await expect.poll(() => popup.locator('.recital-span').count()).toBe(2);
    expect(await citedTitles(popup)).toEqual(VISIBLE.map(titleOf).sort());
    expect(await popup.locator('.recital-reply').count()).toBe(2);
    await popup.close();
  });

  it('logs only the visible replies in the audit log', async () => {
    const audit = await h.openExtensionPage('src/audit/index.html');
    await expect.poll(() => audit.locator('.recital-audit-record').count()).toBe(2);
    const cited = (await audit.locator('.recital-audit-record cite').allTextContents()).sort();
    expect(cited).toEqual(VISIBLE.map(titleOf).sort());
    const logged = (await audit.locator('.recital-audit-record').allTextContents()).join('\n');
    for (const name of HIDDEN) expect(logged).not.toContain(titleOf(name));
    await audit.close();
  });

  it('reads a hidden reply once it shows: a class dropped, a details opened', async () => {
    await chat.evaluate(() => {
      document.querySelector('.probe-display')?.classList.remove('probe-display');
      document.getElementById('closed-details')?.setAttribute('open', '');
    });
    await expect.poll(() => badgeText(h, chat), { timeout: 10_000 }).toBe('4');
    const popup = await openPopup(h, await tabIdOf(h, chat));
    await expect.poll(() => popup.locator('.recital-span').count()).toBe(4);
    expect(await citedTitles(popup)).toEqual(
      [...VISIBLE, 'display', 'details'].map(titleOf).sort(),
    );
    await popup.close();
  });
});
