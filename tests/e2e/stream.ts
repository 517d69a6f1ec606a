// Streams an assistant reply into a fixture page the way chatbots do: the fixture's reply
// template is appended, words arrive in chunks as new text nodes, each paragraph opens a new
// element next to the previous one, and the site's streaming signals (expected.json "live"
// toggles) are set before the first chunk and cleared after the last. It runs inside the page,
// so a test can look at the page while the stream is still going.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, type Harness } from './harness';
import {
  isolatedWorld,
  markColorsInWorld,
  marksInWorld,
  cardInWorld,
  markCentreInWorld,
  type IsolatedWorld,
} from './page-marks.mjs';

/** One streaming signal: an attribute flipped between two values (expected.json "live"). */
export interface StreamToggle {
  /** `reply`: looked up on/in the appended reply; `document`: in the whole page. */
  scope: 'reply' | 'document';
  selector: string;
  attribute: string;
  streaming: string;
  done: string;
}

/** How a fixture takes a new reply (tests/fixtures/sites/<id>/expected.json "live"). */
export interface LiveFixture {
  /** `<template>` whose content is one new assistant reply. */
  template: string;
  /** Where the template's content is appended. */
  container: string;
  /** Inside the new reply: the element the first paragraph's words go into. */
  streamInto: string;
  toggles: StreamToggle[];
}

export interface SiteFixture {
  /** Site id (the fixture folder). */
  id: string;
  /** File name without `.html`: `reply`, or a layout variant such as `reply-2026-09`. */
  variant: string;
  html: string;
  live: LiveFixture;
}

/** Every site fixture page with a "live" section (reply.html + expected.json, x.html + x.expected.json). */
export function loadSiteFixtures(): SiteFixture[] {
  const dir = path.join(ROOT, 'tests/fixtures/sites');
  if (!fs.existsSync(dir)) return [];
  const out: SiteFixture[] = [];
  for (const id of fs.readdirSync(dir).sort()) {
    const siteDir = path.join(dir, id);
    if (!fs.statSync(siteDir).isDirectory()) continue;
    for (const file of fs.readdirSync(siteDir).sort()) {
      if (!file.endsWith('.html')) continue;
      const variant = file.slice(0, -'.html'.length);
      const expectedPath = path.join(
        siteDir,
        variant === 'reply' ? 'expected.json' : `${variant}.expected.json`,
      );
      if (!fs.existsSync(expectedPath)) continue;
      const expected = JSON.parse(fs.readFileSync(expectedPath, 'utf8')) as { live?: LiveFixture };
      if (expected.live)
        out.push({
          id,
          variant,
          html: fs.readFileSync(path.join(siteDir, file), 'utf8'),
          live: expected.live,
        });
    }
  }
  return out;
}

export interface StreamPlan {
  live: LiveFixture;
  /** Paragraphs of the reply. */
  paragraphs: string[];
  /** Total time the stream takes. */
  durationMs?: number;
  /** Number of chunks the words are cut into. */
  chunks?: number;
  /**
   * Appended to every id-like attribute of the new reply, so several streamed replies (a long
   * conversation) do not share the template's ids. Omit to keep the template's ids.
   */
  uniqueSuffix?: string;
  /**
   * Stream into an existing reply instead of a new one: the last element matching this selector
   * has its `streamInto` contents replaced (a regenerated reply).
   */
  replaceIn?: string;
}

interface StreamWindow {
  __recitalStream?: Promise<void>;
}

/** Appends a new reply (or empties an existing one) and starts streaming; resolves once running. */
export async function startStream(page: Page, plan: StreamPlan): Promise<void> {
  await page.evaluate(streamInPage, plan);
}

/**
 * Runs inside the page (any driver's `evaluate`: Playwright's here, Puppeteer's for Firefox): the
 * body of {@link startStream}. The stream goes on in `window.__recitalStream`.
 */
export async function streamInPage(p: StreamPlan): Promise<void> {
  const w = window as unknown as StreamWindow;
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
  let roots: Element[];
  if (p.replaceIn) {
    const existing = [...document.querySelectorAll(p.replaceIn)].at(-1);
    if (!existing) throw new Error(`no reply ${p.replaceIn} to regenerate`);
    roots = [existing];
  } else {
    const template = document.querySelector(p.live.template);
    const container = [...document.querySelectorAll(p.live.container)].at(-1);
    if (!(template instanceof HTMLTemplateElement) || !container)
      throw new Error(`fixture lacks ${p.live.template} or ${p.live.container}`);
    const fragment = template.content.cloneNode(true) as DocumentFragment;
    roots = [...fragment.children];
    if (p.uniqueSuffix !== undefined) {
      const suffix = p.uniqueSuffix;
      const idLike = /^(?:id|data-[\w-]*(?:id|key|index)|data-testid)$/;
      for (const root of roots) {
        for (const el of [root, ...root.querySelectorAll('*')]) {
          for (const attr of [...el.attributes]) {
            if (!idLike.test(attr.name) || attr.value === '') continue;
            if (attr.name === 'data-testid' && !/\d$/.test(attr.value)) continue;
            const v = attr.value;
            // Keep shapes selectors rely on: "...:assistant" suffixes and numeric indexes.
            const colon = v.lastIndexOf(':');
            const next = /^\d+$/.test(v)
              ? `${v}${suffix.replace(/\D/g, '')}`
              : colon > 0
                ? `${v.slice(0, colon)}-${suffix}${v.slice(colon)}`
                : `${v}-${suffix}`;
            el.setAttribute(attr.name, next);
          }
        }
      }
    }
    // Marks the new reply so tests can tell its highlights from any others.
    for (const root of roots) root.setAttribute('data-recital-new-reply', '');
    container.appendChild(fragment);
  }
  const findInReply = (selector: string): Element | undefined => {
    for (const root of roots) {
      if (root.matches(selector)) return root;
      const found = [...root.querySelectorAll(selector)].at(-1);
      if (found) return found;
    }
    return undefined;
  };
  const target = findInReply(p.live.streamInto);
  if (!target) throw new Error(`new reply lacks ${p.live.streamInto}`);
  if (p.replaceIn) {
    // Regenerate: the old answer's paragraphs go, the first one is reused (as React would).
    let next = target.nextElementSibling;
    while (next && next.tagName === target.tagName) {
      const after = next.nextElementSibling;
      next.remove();
      next = after;
    }
    target.replaceChildren();
  }
  const setSignals = (isStreaming: boolean): void => {
    for (const toggle of p.live.toggles) {
      const el =
        toggle.scope === 'reply'
          ? findInReply(toggle.selector)
          : [...document.querySelectorAll(toggle.selector)].at(-1);
      el?.setAttribute(toggle.attribute, isStreaming ? toggle.streaming : toggle.done);
    }
  };
  // Words keep their trailing space, so chunk boundaries never glue two words together.
  const pieces: { paragraph: number; text: string }[] = [];
  p.paragraphs.forEach((para, paragraph) => {
    for (const m of para.matchAll(/\S+\s*/g)) pieces.push({ paragraph, text: m[0] });
  });
  const chunkCount = Math.max(1, Math.min(p.chunks ?? 40, pieces.length));
  const perChunk = Math.ceil(pieces.length / chunkCount);
  const delay = (p.durationMs ?? 2000) / chunkCount;
  setSignals(true);
  w.__recitalStream = (async () => {
    let current: Element = target;
    let currentParagraph = 0;
    for (let i = 0; i < pieces.length; i += perChunk) {
      await sleep(delay);
      for (const piece of pieces.slice(i, i + perChunk)) {
        if (piece.paragraph !== currentParagraph) {
          currentParagraph = piece.paragraph;
          const next = document.createElement(target.tagName.toLowerCase());
          for (const attr of [...target.attributes])
            if (attr.name !== 'data-recital-stream') next.setAttribute(attr.name, attr.value);
          current.after(next);
          current = next;
        }
        current.appendChild(document.createTextNode(piece.text));
      }
    }
    await sleep(50);
    setSignals(false);
  })();
}

/** Waits until the stream started by {@link startStream} has written its last word. */
export async function finishStream(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as StreamWindow).__recitalStream);
}

/** Streams a whole reply and waits for its end. */
export async function streamReply(page: Page, plan: StreamPlan): Promise<void> {
  await startStream(page, plan);
  await finishStream(page);
}

/** A kind of mark the overlay paints. */
export type MarkKind = 'exact' | 'near' | 'flash';

const worlds = new WeakMap<Page, Promise<IsolatedWorld>>();

/** The content script's isolated world of `page` (one CDP session per page). */
function worldOf(page: Page): Promise<IsolatedWorld> {
  let world = worlds.get(page);
  if (!world) {
    world = isolatedWorld(page.context(), page);
    worlds.set(page, world);
  }
  return world;
}

/**
 * The text under every mark of a kind, in document order, read from the content script's
 * world (the page's own world sees no mark); `null` for a mark out of view. Brings the page to
 * the front first: a hidden tab runs no animation frame, so its boxes wait to be placed.
 */
export async function markTexts(page: Page, kind: MarkKind): Promise<(string | null)[]> {
  await page.bringToFront();
  const marks = await (await worldOf(page)).evaluate(marksInWorld, { kind });
  return marks.map((mark) => mark.text);
}

/** The underline colour of every visible box of a kind, as computed (`rgb(...)`). */
export async function markColors(page: Page, kind: MarkKind): Promise<string[]> {
  await page.bringToFront();
  return (await worldOf(page)).evaluate(markColorsInWorld, { kind });
}

/** The hover card as the content script's world holds it: its words and its button's centre. */
export async function markCard(page: Page): Promise<ReturnType<typeof cardInWorld>> {
  return (await worldOf(page)).evaluate(cardInWorld, undefined);
}

/** Moves the pointer onto the first visible mark of a kind (the page must be in front). */
export async function hoverMark(page: Page, kind: MarkKind): Promise<void> {
  await page.bringToFront();
  const centre = await (await worldOf(page)).evaluate(markCentreInWorld, { kind });
  if (!centre) throw new Error(`no visible ${kind} mark`);
  await page.mouse.move(centre.x, centre.y);
}

/** How many marks of a kind start or end inside an element matching `selector`. */
export async function marksInside(page: Page, kind: MarkKind, selector: string): Promise<number> {
  await page.bringToFront();
  const marks = await (await worldOf(page)).evaluate(marksInWorld, { kind, selector });
  return marks.filter((mark) => mark.inside).length;
}

/**
 * The toolbar badge text of the tab showing `page`. Without the "tabs" permission the worker
 * cannot see tab URLs, so the page is brought to the front and the active tab is asked.
 */
export async function badgeText(h: Harness, page: Page): Promise<string> {
  await page.bringToFront();
  const sw = await h.serviceWorker();
  return sw.evaluate(async () => {
    const api = (globalThis as unknown as { chrome: BadgeApi }).chrome;
    const tabs = await api.tabs.query({ active: true, lastFocusedWindow: true });
    const tab = tabs[0];
    if (tabs.length !== 1 || tab?.id === undefined)
      throw new Error(`expected one active tab, found ${tabs.length}`);
    return api.action.getBadgeText({ tabId: tab.id });
  });
}

interface BadgeApi {
  tabs: { query(q: { active: boolean; lastFocusedWindow: boolean }): Promise<{ id?: number }[]> };
  action: { getBadgeText(d: { tabId: number }): Promise<string> };
}

/** Drops a final period, question or exclamation mark: spans end at the last word. */
export function withoutFinalPunctuation(sentence: string): string {
  return sentence.replace(/[.!?]+$/, '');
}

// The library passage. B and C are copied into replies; A and D never are, so their
// distinctive words (Skerryvane, Olavsen, Bergen, misread) must never reach the page.
const A =
  'Marguerite Olavsen kept the Skerryvane light for thirty-one winters and never once let the great lamp go dark.';
export const B =
  'Every evening she climbed the hundred and forty iron steps, trimmed the brass wick, and wrote the weather into a green ledger bound with sailcloth.';
export const C =
  'When the supply boat failed to come in the storm of 1911, she burned the driftwood furniture one chair at a time to keep the kettle warm for the stranded fishermen.';
const D =
  'Her nephew later sold that ledger to a collector in Bergen, who misread her cramped handwriting and published the tide tables as poetry.';
export const PASSAGE = `${A} ${B}\n\n${C} ${D}`;
export const SECRET_WORDS = ['Skerryvane', 'Olavsen', 'Bergen', 'misread', 'cramped'];

export const OPENING =
  'Here is a short summary of the story you asked about, told in my own words rather than quoted.';
export const CLOSING =
  'I hope this overview helps with your research; tell me if you would like the historical background of the lighthouse service, the economics of coastal supply boats, or a reading list about keepers and their families in northern waters.';
export const COPYING_REPLY = [
  OPENING,
  `The keeper followed a strict routine. ${B} That routine anchored her days.`,
  `Another episode shows her resourcefulness. ${C}`,
  CLOSING,
];
