#!/usr/bin/env node
// Library import and wake-up figures in real Chromium, with the built extension (dist/):
//   - a baseline: the folder's .txt files written to a scratch IndexedDB with no indexing, and
//     the IndexedDB size per MB of text it takes (navigator.storage.estimate() usage delta);
//   - import through the options page, as a user does it (the headline figure), and its size;
//   - first check of a ~2,000-word reply after a service-worker stop (cold wake: open the store,
//     load the index, read the matched texts) against the same check on a running worker, with
//     the "Check selected text" page's message (checkText), for the options page's library.
// Prints figures; no pass/fail. Usage: npm run build:ext && node scripts/bench-import.mjs [folder] [--options-only]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { sampleThreadCpu } from './chromium-thread-cpu.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
// RECITAL_DIST benches another build (e.g. the previous commit's) the same way.
const DIST = process.env.RECITAL_DIST
  ? path.resolve(process.env.RECITAL_DIST)
  : path.join(ROOT, 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
const args = process.argv.slice(2);
const folder = path.resolve(
  args.find((a) => !a.startsWith('--')) ?? path.join(ROOT, '../shared/corpus/library'),
);
// --options-only: just the options-page import (the headline figure), for a quick check.
const optionsOnly = args.includes('--options-only');
const RUNS = 5;
const PAGE = 'src/popup/index.html';
const OPTIONS = 'src/options/index.html';

if (!fs.existsSync(path.join(DIST, 'manifest.json')))
  throw new Error('dist/ is missing: run `npm run build:ext` first');
// A private copy of the build: a rebuild of dist/ during the minutes this takes must not pull
// the files from under the running extension.
const EXTENSION = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-bench-dist-'));
fs.cpSync(DIST, EXTENSION, { recursive: true });
process.on('exit', () => fs.rmSync(EXTENSION, { recursive: true, force: true }));
const files = fs
  .readdirSync(folder)
  .filter((f) => f.endsWith('.txt'))
  .sort();
if (files.length === 0) throw new Error(`no .txt files in ${folder}`);

const texts = files.map((f) => fs.readFileSync(path.join(folder, f), 'utf8'));
const corpusBytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);

/** A user's time in the file dialog, between clicking "Choose files…" and confirming. */
const DIALOG_MS = 500;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mb = (bytes) => bytes / 1e6;
const fmt = (x, digits = 1) => x.toFixed(digits);

async function launchExtension() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      '--headless=new',
      `--disable-extensions-except=${EXTENSION}`,
      `--load-extension=${EXTENSION}`,
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--no-sandbox',
    ],
  });
  const worker =
    context.serviceWorkers()[0] ??
    (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  const openPage = async (pagePath = PAGE) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/${pagePath}`);
    return page;
  };
  const stopWorker = async () => {
    const page = await openPage();
    const cdp = await context.newCDPSession(page);
    const versions = new Map();
    cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
      for (const v of e.versions) versions.set(v.versionId, v);
    });
    await cdp.send('ServiceWorker.enable');
    const deadline = Date.now() + 10_000;
    let target;
    while (!target && Date.now() < deadline) {
      target = [...versions.values()].find(
        (v) =>
          v.scriptURL.startsWith(`chrome-extension://${extensionId}/`) &&
          v.runningStatus === 'running',
      );
      if (!target) await new Promise((r) => setTimeout(r, 20));
    }
    if (!target) throw new Error('no running service worker to stop');
    await cdp.send('ServiceWorker.stopWorker', { versionId: target.versionId });
    while (Date.now() < deadline && versions.get(target.versionId)?.runningStatus !== 'stopped')
      await new Promise((r) => setTimeout(r, 20));
    await cdp.detach();
    await page.close();
  };
  const close = async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { context, profile, openPage, stopWorker, close };
}

// A ~2,000-word reply: original filler around three copied passages of three books.
const words = (text) => text.split(/\s+/).filter(Boolean);
const passage = (text, at, n) =>
  words(text)
    .slice(at, at + n)
    .join(' ');
const filler = (n, seed) =>
  Array.from(
    { length: n },
    (_, i) =>
      [
        'consider',
        'meanwhile',
        'perhaps',
        'notably',
        'harbour',
        'engine',
        'quietly',
        'seventeen',
        'lantern',
        'ledger',
      ][(i * 7 + seed) % 10],
  ).join(' ');
const reply = [
  filler(500, 1),
  passage(texts[Math.floor(texts.length * 0.02)], 5000, 150),
  filler(500, 2),
  passage(texts[Math.floor(texts.length * 0.35)], 20_000, 150),
  filler(500, 3),
  passage(texts[Math.floor(texts.length * 0.7)], 3000, 150),
  filler(50, 4),
].join('\n\n');
const replyWords = words(reply).length;

/** Cold wakes (worker stopped, then one scan) and warm scans of `reply`, RUNS of each. */
async function measureScans(ext, page) {
  const cold = [];
  let coldSpans = 0;
  for (let run = 0; run < RUNS; run++) {
    await ext.stopWorker();
    const p = await ext.openPage();
    const { ms, result } = await timedSend(p, 'checkText', { text: reply });
    cold.push(ms);
    coldSpans = result?.ok ? result.value.spans.length : -1;
    await p.close();
  }
  const warm = [];
  let warmSpans = 0;
  for (let run = 0; run < RUNS; run++) {
    const { ms, result } = await timedSend(page, 'checkText', { text: reply });
    warm.push(ms);
    warmSpans = result?.ok ? result.value.spans.length : -1;
  }
  return { cold, coldSpans, warm, warmSpans };
}

const printScans = (label, { cold, coldSpans, warm, warmSpans }) => {
  console.log(
    `cold wake + scan${label}: median ${fmt(median(cold), 0)} ms of ${RUNS} [${cold.map((x) => fmt(x, 0)).join(', ')}], ${coldSpans} spans`,
  );
  console.log(
    `warm scan${label}: median ${fmt(median(warm), 1)} ms of ${RUNS} [${warm.map((x) => fmt(x, 1)).join(', ')}], ${warmSpans} spans`,
  );
};

/** Sends one message from the page and times it inside the page. */
const timedSend = (page, type, payload) =>
  page.evaluate(
    async ([t, p]) => {
      const start = performance.now();
      const result = await globalThis.chrome.runtime.sendMessage({ type: t, payload: p });
      return { ms: performance.now() - start, result };
    },
    [type, payload],
  );

const usage = (page) => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);

const countDocuments = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve) => {
        const r = globalThis.indexedDB.open('recital');
        r.onerror = () => resolve(0);
        r.onsuccess = () => {
          const db = r.result;
          if (!db.objectStoreNames.contains('docs')) return resolve(0);
          const c = db.transaction('docs').objectStore('docs').count();
          c.onsuccess = () => {
            db.close();
            resolve(c.result);
          };
        };
      }),
  );

/**
 * The options page's own import path: the file picker, the importers, the store in the page,
 * then one libraryChanged. Returns undefined when the page has no multi-file input.
 */
async function importThroughOptionsPage({ scans = false } = {}) {
  const ext = await launchExtension();
  try {
    const page = await ext.openPage(OPTIONS);
    const input = page.locator('input[type=file][multiple]');
    if ((await input.count()) === 0) return undefined;
    await page
      .getByText('Loading your library…')
      .waitFor({ state: 'detached', timeout: 30_000 })
      .catch(() => undefined);
    const before = await usage(page);
    const cpu = sampleThreadCpu(ext.profile);
    const clickedAt = performance.now();
    // As a user does it: click "Choose files…", spend a moment in the file dialog (half a second
    // here; picking 171 files takes a person longer), then confirm. The clock starts at the
    // confirmation, when the files are handed to the page, as it did before the page started its
    // import workers on the click. (Playwright's click itself took 0.1-2 s to open the dialog.)
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByText('Choose files…').click(),
    ]);
    await new Promise((r) => setTimeout(r, DIALOG_MS));
    const start = performance.now();
    await chooser.setFiles(files.map((f) => path.join(folder, f)));
    // Done when the page says the batch finished (its own summary line).
    await page.waitForFunction(
      () =>
        /^Imported \d/.test(
          globalThis.document.querySelector('.recital-progress__status')?.textContent ?? '',
        ),
      undefined,
      { timeout: 30 * 60_000, polling: 50 },
    );
    const ms = performance.now() - start;
    const threads = cpu.stop();
    // The CPU time covers the dialog too: the page starts its import workers on the click.
    threads.windowMs = performance.now() - clickedAt;
    const count = await countDocuments(page);
    await new Promise((r) => setTimeout(r, 1000));
    const used = (await usage(page)) - before;
    // The library as the options page stores it (picked .txt files kept as files): wake and scan.
    return {
      ms,
      count,
      usage: used,
      threads,
      ...(scans && { scans: await measureScans(ext, page) }),
    };
  } finally {
    await ext.close();
  }
}

if (!optionsOnly) {
  const ext = await launchExtension();
  const { context, openPage } = ext;
  try {
    const page = await openPage();
    // Let the worker open its store first, so the usage baseline includes the empty database.
    await timedSend(page, 'checkText', { text: 'warm up' });
    const usageBefore = await usage(page);

    // Baseline: the same bytes into a scratch database, one put per file, no indexing.
    let baselineMs = 0;
    let totalBytes = 0;
    let totalWords = 0;
    for (const [i, text] of texts.entries()) {
      totalBytes += Buffer.byteLength(text);
      totalWords += text.split(/\s+/).filter(Boolean).length;
      baselineMs += await page.evaluate(
        async ([key, t]) => {
          const start = performance.now();
          const db = await new Promise((resolve, reject) => {
            const r = globalThis.indexedDB.open('bench-baseline', 1);
            r.onupgradeneeded = () => r.result.createObjectStore('texts');
            r.onsuccess = () => resolve(r.result);
            r.onerror = () => reject(r.error);
          });
          await new Promise((resolve, reject) => {
            const tx = db.transaction('texts', 'readwrite');
            tx.objectStore('texts').put(t, key);
            tx.oncomplete = resolve;
            tx.onerror = () => reject(tx.error);
          });
          db.close();
          return performance.now() - start;
        },
        [i, text],
      );
    }
    const usageBaseline = await usage(page);
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          const r = globalThis.indexedDB.deleteDatabase('bench-baseline');
          r.onsuccess = r.onerror = r.onblocked = resolve;
        }),
    );

    console.log(
      `Library import bench (Chromium ${context.browser()?.version() ?? ''}, ${os.cpus().length} cores)`,
    );
    console.log(
      `corpus:                ${files.length} files, ${fmt(mb(totalBytes))} MB UTF-8, ~${fmt(totalWords / 1e6, 2)} M words (${folder})`,
    );
    console.log(
      `baseline raw put:      ${fmt(baselineMs / 1000, 2)} s, ${fmt(mb(totalBytes) / (baselineMs / 1000), 2)} MB/s (same texts, no index, no chunks)`,
    );
    console.log(
      `baseline IndexedDB:    +${fmt(mb(usageBaseline - usageBefore))} MB for ${fmt(mb(totalBytes))} MB text = ${fmt((usageBaseline - usageBefore) / totalBytes, 2)} bytes per text byte (raw put)`,
    );
  } finally {
    await ext.close();
  }
}

const OPTIONS_RUNS = 3;
const viaOptions = [];
for (let run = 0; run < OPTIONS_RUNS; run++) {
  const result = await importThroughOptionsPage({ scans: run === OPTIONS_RUNS - 1 });
  if (!result) break;
  viaOptions.push(result);
}
if (viaOptions.length > 0) {
  const times = viaOptions.map((r) => r.ms);
  const last = viaOptions[viaOptions.length - 1];
  console.log(
    `import via options page: median ${fmt(median(times) / 1000, 2)} s wall of ${times.length} fresh profiles [${times.map((t) => fmt(t / 1000, 2)).join(', ')}], ${fmt(mb(corpusBytes) / (median(times) / 1000), 2)} MB/s (from confirming the file dialog to the page's summary: file picker -> import workers -> IndexedDB), ${last.count} of ${files.length} stored, IndexedDB +${fmt(mb(last.usage))} MB`,
  );
  console.log(`reply:                 ${replyWords} words, 3 copied passages of 150 words`);
  if (last.scans) printScans(' (options-page library)', last.scans);
  // Where the time of the median run went: CPU time of each group of Chromium's threads.
  const middle = [...viaOptions].sort((a, b) => a.ms - b.ms)[viaOptions.length >> 1];
  if (middle.threads.total > 0) {
    const shown = middle.threads.groups.filter(([, ms]) => ms >= 50);
    console.log(
      `  CPU time in that median run, from the click on "Choose files…" (the dialog and the import): ${fmt(middle.threads.total / 1000, 2)} s over ${fmt(middle.threads.windowMs / 1000, 2)} s wall on ${os.cpus().length} cores (${fmt((100 * middle.threads.total) / (middle.threads.windowMs * os.cpus().length), 0)}% busy): ${shown.map(([group, ms]) => `${group} ${fmt(ms / 1000, 2)} s`).join(', ')}`,
    );
  }
} else {
  console.log('import via options page: skipped (no multi-file input on the options page)');
}
