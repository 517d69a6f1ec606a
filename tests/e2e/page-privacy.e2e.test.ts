// What a chat page's own scripts can learn about Recital's marks (issue #15): a probe page at a
// chatbot host adds an assistant-looking reply holding a guessed passage, then looks for every
// trace a mark could leave in its own world. The same probe runs with an empty library and
// with the passage in the library: the page must see the same thing in both, while the
// content script's own world (read through CDP) shows the copied sentences marked.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type Harness } from './harness';
import { importDocuments } from './import-library';
import {
  B,
  C,
  COPYING_REPLY,
  markCard,
  markTexts,
  PASSAGE,
  withoutFinalPunctuation,
} from './stream';

// No "recital" anywhere in the page: any such name the probe finds came from the extension.
const PROBE_PAGE = `<!doctype html>
<html><head><title>Chat</title>
<style>body { margin: 0; font: 16px/1.5 sans-serif; } main { height: 100vh; overflow-y: auto; padding: 0 24px; }</style>
</head><body><main id="thread">
<div data-message-author-role="user" data-message-id="u-1"><div class="whitespace-pre-wrap">Tell me about the keeper.</div></div>
</main></body></html>`;

/** In the page, from its first moment: every mutation the page's own observer sees, summarised. */
function recordMutations(): void {
  const log: string[] = [];
  (window as unknown as { probeLog: string[] }).probeLog = log;
  const name = (node: Node): string => node.nodeName;
  new MutationObserver((records) => {
    for (const r of records)
      log.push(
        [
          r.type,
          name(r.target),
          r.attributeName ?? '',
          [...r.addedNodes].map(name).join('+'),
          [...r.removedNodes].map(name).join('+'),
        ].join('|'),
      );
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

/** The page's guess: an assistant-looking reply quoting the passage, added by its own script. */
async function addGuess(page: Page): Promise<void> {
  await page.evaluate((paragraphs) => {
    const reply = document.createElement('div');
    reply.setAttribute('data-message-author-role', 'assistant');
    reply.setAttribute('data-message-id', 'm-1');
    const markdown = document.createElement('div');
    markdown.className = 'markdown';
    for (const text of paragraphs)
      markdown.append(Object.assign(document.createElement('p'), { textContent: text }));
    reply.append(markdown);
    document.querySelector('#thread')?.append(reply);
  }, COPYING_REPLY);
}

/** Everything the page's own world can read that a mark could change. */
function probe() {
  const host = document.documentElement.lastElementChild as HTMLElement;
  const names: string[] = [];
  for (const el of document.querySelectorAll('*')) {
    names.push(el.tagName, el.id, String(el.className));
    for (const attr of el.attributes) names.push(attr.name, attr.value);
  }
  for (const sheet of document.styleSheets)
    for (const rule of sheet.cssRules) names.push(rule.cssText);
  // A copied word's middle, found by the page in its own text.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let word: { x: number; y: number } | undefined;
  for (let node = walker.nextNode(); node && !word; node = walker.nextNode()) {
    const at = (node as Text).data.indexOf('hundred and forty');
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + 'hundred'.length);
    const rect = range.getBoundingClientRect();
    word = { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
  }
  const hits = word ? document.elementsFromPoint(word.x, word.y) : [];
  const caret = word ? document.caretRangeFromPoint(word.x, word.y) : null;
  const copied = document.querySelectorAll('.markdown p')[1];
  const style = copied ? getComputedStyle(copied) : undefined;
  const thread = document.querySelector('#thread') as HTMLElement;
  return {
    highlights: CSS.highlights.size,
    // The guess's answer, as a page read it from a build that painted with CSS.highlights.
    highlightRanges: [...CSS.highlights].map(([name, highlight]) => `${name}:${highlight.size}`),
    adoptedSheets: document.adoptedStyleSheets.length,
    sheets: document.styleSheets.length,
    recitalNames: names.filter((n) => /recital/i.test(n)),
    html: document.documentElement.outerHTML,
    serializableShadows: document.documentElement.getHTML({ serializableShadowRoots: true }),
    hostIsBody: host === document.body,
    hostShadowRoot: host.shadowRoot,
    hostLayout: JSON.stringify([
      host.getBoundingClientRect(),
      host.scrollWidth,
      host.scrollHeight,
      host.childNodes.length,
      getComputedStyle(host).pointerEvents,
    ]),
    pageLayout: [
      document.documentElement.scrollWidth,
      document.documentElement.scrollHeight,
      thread.scrollHeight,
    ],
    wordFound: word !== undefined,
    hitsHost: hits.includes(host),
    hits: hits.map((el) => `${el.tagName}.${String(el.className)}`),
    caret: caret ? `${caret.startContainer.nodeName}:${caret.startOffset}` : null,
    animations: document.getAnimations().length,
    copiedStyle: style ? [style.color, style.backgroundColor, style.textDecorationLine] : [],
    mutations: (window as unknown as { probeLog: string[] }).probeLog,
    // Last: a find moves the selection. The hover card's title and button, searched for.
    finds: ['The Skerryvane Ledger', 'Show in Recital', 'Exact copy'].map((text) =>
      (window as unknown as { find(s: string): boolean }).find(text),
    ),
  };
}

/** Puts the pointer on the copied words, as a reader hovering the mark would. */
async function hoverCopiedWords(page: Page): Promise<void> {
  const word = await page.evaluate(() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = (node as Text).data.indexOf('hundred and forty');
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 'hundred'.length);
      const rect = range.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    }
    return null;
  });
  if (!word) throw new Error('the copied words are not on the page');
  await page.mouse.move(word.x, word.y);
}

/** The page rebuilds its root element from a copy of its body, as some apps re-mount. */
async function rebuildRoot(page: Page): Promise<void> {
  await page.evaluate(() => {
    const body = document.body.cloneNode(true) as HTMLElement;
    document.documentElement.replaceChildren(document.head, body);
  });
}

type Probe = ReturnType<typeof probe>;

describe("what the chat page's scripts can observe of the marks", () => {
  let h: Harness;
  const runs: {
    before: Probe;
    after: Probe;
    marks: (string | null)[][];
    card: string | undefined;
  }[] = [];

  async function probeRun(): Promise<void> {
    const page = await h.context.newPage();
    await page.addInitScript(recordMutations);
    await page.goto('https://chatgpt.com/c/probe');
    await page.waitForLoadState('load');
    await page.waitForTimeout(300);
    await addGuess(page);
    // Long enough for the read, the scan and the paint: the library run shows marks by then.
    await page.waitForTimeout(2000);
    const marks = [await markTexts(page, 'exact')];
    await hoverCopiedWords(page);
    // Long enough for the card's question to the background and its paint.
    await page.waitForTimeout(1000);
    const card = (await markCard(page))?.text;
    const before = await page.evaluate(probe);
    await rebuildRoot(page);
    await page.waitForTimeout(2000);
    marks.push(await markTexts(page, 'exact'));
    const after = await page.evaluate(probe);
    runs.push({ before, after, marks, card });
    await page.close();
  }

  beforeAll(async () => {
    // RECITAL_DIST probes another build (an older one fails these tests).
    h = await launch(() => ({ body: PROBE_PAGE }), {
      hosts: ['chatgpt.com'],
      dist: process.env.RECITAL_DIST,
    });
    await probeRun();
    await importDocuments(h, [{ title: 'The Skerryvane Ledger', text: PASSAGE }]);
    await probeRun();
  });
  afterAll(async () => h?.close());

  it('flags the visible copy in the content script’s world, also after the page rebuilt its root', () => {
    const copied = [withoutFinalPunctuation(B), withoutFinalPunctuation(C)];
    expect(runs[0]?.marks).toEqual([[], []]);
    expect(runs[1]?.marks).toEqual([copied, copied]);
  });

  it('shows the hovered mark’s card in the content script’s world only', () => {
    expect(runs[0]?.card).toBeUndefined();
    expect(runs[1]?.card).toMatch(/^Exact copy · \d+ wordsThe Skerryvane LedgerShow in Recital$/);
    for (const run of runs)
      for (const seen of [run.before, run.after]) expect(seen.finds).toEqual([false, false, false]);
  });

  it('shows the page no highlight, stylesheet, name, shadow root or element over the copied words', () => {
    for (const run of runs) {
      for (const seen of [run.before, run.after]) {
        expect(seen.highlights).toBe(0);
        expect(seen.adoptedSheets).toBe(0);
        expect(seen.recitalNames).toEqual([]);
        expect(seen.html).not.toMatch(/recital/i);
        expect(seen.serializableShadows).not.toMatch(/recital/i);
        expect(seen.hostIsBody).toBe(false);
        expect(seen.hostShadowRoot).toBeNull();
        expect(seen.wordFound).toBe(true);
        expect(seen.hitsHost).toBe(false);
        expect(seen.hits[0]).toBe('P.');
        expect(seen.caret).toMatch(/^#text:\d+$/);
        expect(seen.animations).toBe(0);
      }
    }
  });

  it('shows the page the same DOM, layout, styles and mutations with and without the passage in the library', () => {
    const [empty, library] = runs;
    expect(library?.before).toEqual(empty?.before);
    expect(library?.after).toEqual(empty?.after);
    // The host is there in both, put back at the root's end after the page rebuilt it.
    expect(empty?.after.html).toMatch(
      /<\/body><div style="[^"]*pointer-events: none !important;[^"]*"><\/div><\/html>$/,
    );
  });
});
