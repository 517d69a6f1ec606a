/* global document -- used inside page.evaluate callbacks, which run in the page */
// One tab must not starve another, in real Chromium with the built extension (issue #15,
// item 5): tab A streams four replies repeating 11 library words to 1.9 MB each; tab B gets a
// finished reply quoting a library sentence every second; each B figure is the time from
// appending the reply to its highlight (first highlight latency). The same B replies with A
// idle are the reference. Builds alternate in one run: `RECITAL_DIST=a:b` (default: dist of the
// baseline worktree, then this tree's dist). Prints figures; no pass/fail.
// Usage: npm run build:ext && node tests/bench/budget-browser.mjs [rounds=1] [mb=1.9]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { isolatedWorld, WAIT_FOR_MARK } from '../e2e/page-marks.mjs';
import { COPIED, importBenchPassage } from './content-page.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
const DISTS = (process.env.RECITAL_DIST ?? `/work/wt/budget-base/dist:${path.join(ROOT, 'dist')}`)
  .split(':')
  .map((d) => path.resolve(d));
const ROUNDS = Number(process.argv[2] ?? 1);
const TARGET_CHARS = Math.round(Number(process.argv[3] ?? 1.9) * 1e6);
const FIXTURE = fs.readFileSync(path.join(ROOT, 'tests/fixtures/sites/chatgpt/reply.html'), 'utf8');
const REPEATED = `${COPIED[0].split(' ').slice(0, 11).join(' ')} `;
const QUOTED = COPIED[1].replace(/[.!?]+$/, '');

async function launch(dist) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-budget-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless=new',
      '--no-first-run',
      '--disable-sync',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-sandbox',
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
    ],
  });
  const close = async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  await context.route('https://chatgpt.com/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: FIXTURE }),
  );
  await importBenchPassage(context);
  return { context, close };
}

/** In the page: appends a finished reply quoting `quoted`; the page's clock when it went in. */
function appendReplyInPage({ id, quoted }) {
  const template = document.querySelector('#recital-next-reply');
  const reply = template.content.cloneNode(true);
  reply.querySelector('section').setAttribute('data-turn-id', id);
  reply.querySelector('[data-message-id]').setAttribute('data-message-id', id);
  reply.querySelector('[data-recital-stream]').textContent =
    `Here is the line you asked for: ${quoted}. I hope that helps.`;
  document.querySelector('#thread').append(reply);
  // Marks are drawn only over text in view, as a reader scrolls to a new reply.
  document.querySelector(`[data-message-id="${id}"]`).scrollIntoView({ block: 'center' });
  return performance.now();
}

/** Appends a quoting reply in tab B and resolves with ms until its mark (or -1 after 60 s). */
async function probe(page, world, id) {
  // In the content script's world: the page's own world sees no mark (docs/privacy.md).
  const waiting = world.evaluate(WAIT_FOR_MARK, {
    text: QUOTED,
    selector: `[data-message-id="${id}"]`,
    timeoutMs: 60_000,
  });
  const appendedAt = await page.evaluate(appendReplyInPage, { id, quoted: QUOTED });
  const markedAt = await waiting;
  return markedAt === null ? -1 : markedAt - appendedAt;
}

/** In the page: four replies grow by `perFrame` characters each every 16 ms to `target`. */
async function streamInPage({ repeated, target, perFrame, replies }) {
  const button = document.querySelector('#composer-submit-button');
  button.setAttribute('data-testid', 'stop-button');
  const paragraphs = [];
  for (let i = 0; i < replies; i++) {
    const reply = document.querySelector('#recital-next-reply').content.cloneNode(true);
    reply.querySelector('section').setAttribute('data-turn-id', `a-${i}`);
    reply.querySelector('[data-message-id]').setAttribute('data-message-id', `a-${i}`);
    paragraphs.push(reply.querySelector('[data-recital-stream]'));
    document.querySelector('#thread').append(reply);
  }
  const chunk = repeated.repeat(Math.ceil(perFrame / repeated.length));
  for (let length = 0; length < target; length += chunk.length) {
    // A timer, not an animation frame: tab A is a background tab, whose frames do not run.
    await new Promise((r) => setTimeout(r, 16));
    for (const [i, p] of paragraphs.entries()) {
      if (length % 100_000 < chunk.length && length > 0) {
        const next = document.createElement('p');
        p.after(next);
        paragraphs[i] = next;
      }
      paragraphs[i].appendChild(document.createTextNode(chunk));
    }
  }
  button.setAttribute('data-testid', 'send-button');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function run(dist, label) {
  const { context, close } = await launch(dist);
  try {
    const a = await context.newPage();
    await a.goto('https://chatgpt.com/c/a');
    const b = await context.newPage();
    await b.goto('https://chatgpt.com/c/b');
    await b.waitForTimeout(1500);
    // Marks are drawn only in a shown tab: B, the one measured, stays in front.
    await b.bringToFront();
    const world = await isolatedWorld(context, b);
    const idle = [];
    for (let i = 0; i < 3; i++) idle.push(await probe(b, world, `idle-${i}`));
    const started = Date.now();
    const stream = a
      .evaluate(streamInPage, {
        repeated: REPEATED,
        target: TARGET_CHARS,
        perFrame: 20_000,
        replies: 4,
      })
      .then(() => Date.now() - started);
    const busy = [];
    let streamMs;
    void stream.then((ms) => (streamMs = ms));
    // Probes while A streams, and for 10 more seconds (its last sends are still being scanned).
    for (let i = 0; streamMs === undefined || Date.now() - started < streamMs + 10_000; i++) {
      const due = started + (i + 1) * 1000;
      await b.waitForTimeout(Math.max(0, due - Date.now()));
      busy.push(await probe(b, world, `busy-${i}`));
      if (Date.now() - started > 180_000) break;
    }
    await stream;
    const line = `${label}: B's first highlight, A idle: median ${median(idle).toFixed(0)} ms; while A streams: median ${median(busy).toFixed(0)} ms, max ${Math.max(...busy).toFixed(0)} ms over ${busy.length} replies (${busy.filter((x) => x < 0).length} not lit in 60 s); A's stream took ${(streamMs / 1000).toFixed(1)} s`;
    console.log(line);
    return { label, idle, busy, streamMs };
  } finally {
    await close();
  }
}

console.log(
  `Budget bench (Chromium): tab A streams 4 replies repeating 11 library words to ${(TARGET_CHARS / 1e6).toFixed(1)} MB (20 kB per reply every 16 ms); tab B gets a quoting reply every second.`,
);
const rows = [];
for (let round = 1; round <= ROUNDS; round++)
  for (const dist of DISTS) rows.push(await run(dist, `${dist} round ${round}`));
console.log(
  '\n| build | B, A idle: median ms | B while A streams: median ms | max ms | B replies | A stream s |',
);
console.log('| --- | --: | --: | --: | --: | --: |');
for (const r of rows)
  console.log(
    `| ${r.label} | ${median(r.idle).toFixed(0)} | ${median(r.busy).toFixed(0)} | ${Math.max(...r.busy).toFixed(0)} | ${r.busy.length} | ${(r.streamMs / 1000).toFixed(1)} |`,
  );
