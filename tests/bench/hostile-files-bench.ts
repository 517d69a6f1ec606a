// Hostile files in real Chromium, with the built extension (dist/): for each file, the seconds
// from handing it to the options page's file input to its result line, and the peak memory of
// the browser's renderer processes (the options tab, the extension's pages and workers) above
// what they held before, and how responsive the options page stayed meanwhile: its longest
// main-thread task (Long Tasks API) and the longest delay of a 10 ms timer there. The baseline,
// measured in the same run: an honest EPUB of real text about as large as the bombs, and the same
// Markdown without the pathological line. RECITAL_DIST=<folder> measures another build (an older
// checkout's dist/, say) with this bench.
// Targets (issue #15): bombs refused within 20 s with the tab under 1.5 GB; pathological text
// imported or refused within 10 s, and a cold scan after it within 5 s.
// Prints figures; no pass/fail. Usage: npm run bench -- --only hostile
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8 } from 'fflate';
import type { JSHandle, Page } from 'playwright-core';
import { launch, ROOT, sendFromPage, type Harness } from '../e2e/harness';
import { openOptionsPage } from '../e2e/import-library';
import {
  bombEntries,
  docxFrame,
  epubFrame,
  makeEpub,
  rawZip,
  xhtml,
} from '../reliability/make-packages';

const MB = 1024 * 1024;
const GB = 1024 * MB;
const CORPUS = path.join(ROOT, '../shared/corpus/library');

interface Case {
  name: string;
  kind: 'baseline' | 'hostile';
  bytes: () => Uint8Array;
}

const chapters = (n: number): string[] => Array.from({ length: n }, (_, i) => `OEBPS/c${i}.xhtml`);

/** Eight chapters of real text from the corpus, as paragraphs; about `mb` MB of text. */
function honestEpub(mb: number): Uint8Array {
  const files = fs.existsSync(CORPUS) ? fs.readdirSync(CORPUS).sort() : [];
  let text = '';
  for (const f of files) {
    if (text.length >= mb * MB) break;
    text += fs.readFileSync(path.join(CORPUS, f), 'utf8');
  }
  if (text.length === 0) text = 'A line of honest text for the baseline. '.repeat((mb * MB) / 40);
  const escape = (s: string): string =>
    s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
  const per = Math.ceil(text.length / 8);
  return makeEpub(
    Array.from({ length: 8 }, (_, i) =>
      xhtml(
        text
          .slice(i * per, (i + 1) * per)
          .split(/\n\s*\n/)
          .map((p) => `<p>${escape(p)}</p>`)
          .join(''),
      ),
    ),
  );
}

const COPY =
  'Nobody in the valley remembered who first kept bees on the south slope, but every family ' +
  'claimed the honey had once been paid as rent to a bishop who never came.';

const CASES: Case[] = [
  { name: 'honest EPUB, 8 chapters of corpus text', kind: 'baseline', bytes: () => honestEpub(6) },
  {
    name: 'EPUB bomb: 8 chapters declaring 1 GB each',
    kind: 'hostile',
    bytes: () => rawZip([...epubFrame(8), ...bombEntries(chapters(8), MB, GB)]),
  },
  {
    name: 'EPUB bomb: 8 chapters declaring 1 KB, inflating to 1 GB each',
    kind: 'hostile',
    bytes: () => rawZip([...epubFrame(8), ...bombEntries(chapters(8), GB, 1000)]),
  },
  {
    name: 'DOCX bomb: a body declaring 1 KB, inflating to 1 GB',
    kind: 'hostile',
    bytes: () => rawZip([...docxFrame(), ...bombEntries(['word/document.xml'], GB, 1000)]),
  },
  {
    name: 'HTML, 1 MB of paragraphs',
    kind: 'baseline',
    bytes: () =>
      strToU8(`<title>t</title>${'<p>A plain line of prose in a paragraph.</p>'.repeat(23_000)}`),
  },
  {
    name: 'HTML: 1 MB of nested <div> (100,000 deep)',
    kind: 'hostile',
    bytes: () =>
      strToU8(`<title>t</title>${'<div>'.repeat(100_000)}deep${'</div>'.repeat(100_000)}`),
  },
  {
    name: 'HTML: 1 MB of unclosed <b><i>',
    kind: 'hostile',
    bytes: () => strToU8(`<title>t</title>${'<b><i>x '.repeat(120_000)}`),
  },
  {
    name: 'Markdown, 250 KB of ordinary lines and a copy',
    kind: 'baseline',
    bytes: () => strToU8(`# a x\n\n${'A plain line of prose.\n'.repeat(11_000)}\n${COPY}\n`),
  },
  {
    name: 'Markdown: "# a", 250,000 spaces and "x", then a copy',
    kind: 'hostile',
    bytes: () => strToU8(`# a${' '.repeat(250_000)}x\n\n${COPY}\n`),
  },
];

/** Resident memory of every renderer process of this browser profile, in bytes. */
function rendererRss(profile: string): number {
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer') || !cmd.includes(profile)) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      total += Number(rss?.[1] ?? 0) * 1024;
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return total;
}

/** The profile folder of the launched browser, to tell its processes from other browsers'. */
function profileOf(): string {
  const out = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  const dirs = [...out.matchAll(/--user-data-dir=(\S+)/g)].map((m) => m[1] as string);
  return dirs.filter((d) => d.includes('recital-profile-')).at(-1) ?? '';
}

interface MainThreadProbe {
  /** The longest task on the page's main thread (Long Tasks API: those over 50 ms), in ms. */
  longestTask: number;
  /** How much later than asked a 10 ms timer fired, at worst: the delay a click would see. */
  longestWait: number;
  running: boolean;
}

/**
 * Starts watching the options page's main thread. Not requestAnimationFrame gaps: headless
 * Chromium sometimes runs frames once a second with the thread idle.
 */
function probeMainThread(page: Page): Promise<JSHandle<MainThreadProbe>> {
  return page.evaluateHandle(() => {
    const probe: MainThreadProbe = { longestTask: 0, longestWait: 0, running: true };
    new PerformanceObserver((list) => {
      for (const task of list.getEntries())
        probe.longestTask = Math.max(probe.longestTask, task.duration);
    }).observe({ type: 'longtask' });
    let due = performance.now() + 10;
    const tick = (): void => {
      const now = performance.now();
      probe.longestWait = Math.max(probe.longestWait, now - due);
      due = now + 10;
      if (probe.running) setTimeout(tick, 10);
    };
    setTimeout(tick, 10);
    return probe;
  });
}

/** Stops the probe; its figures in milliseconds. */
function readProbe(probe: JSHandle<MainThreadProbe>): Promise<MainThreadProbe> {
  return probe.evaluate((p) => {
    p.running = false;
    return { ...p };
  });
}

async function importAndWatch(
  page: Page,
  profile: string,
  bytes: Uint8Array,
  name: string,
): Promise<{
  seconds: number;
  peak: number;
  status: string;
  text: string;
  mainThread: MainThreadProbe;
}> {
  const results = page.locator('.recital-results__list li');
  const before = await results.count();
  const probe = await probeMainThread(page);
  const idle = rendererRss(profile);
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, rendererRss(profile))), 50);
  const started = performance.now();
  // From disk: Playwright refuses in-memory files over 50 MB.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'recital-hostile-')), name);
  fs.writeFileSync(file, bytes);
  await page.locator('input[type=file][multiple]').setInputFiles([file]);
  while ((await results.count()) <= before) await page.waitForTimeout(20);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const mainThread = await readProbe(probe);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  const item = results.last();
  return {
    seconds,
    peak: peak - idle,
    status: (await item.getAttribute('data-status')) ?? '?',
    text: (await item.innerText()).replace(/\s+/g, ' ').slice(0, 90),
    mainThread,
  };
}

async function coldScanSeconds(h: Harness): Promise<number> {
  const options = await openOptionsPage(h);
  await sendFromPage(options, 'libraryChanged', {});
  await options.close();
  await h.stopServiceWorker();
  const page = await h.openExtensionPage('src/popup/index.html');
  const started = performance.now();
  const answer = await sendFromPage<{ ok: boolean; value?: { spans: unknown[] } }>(
    page,
    'checkText',
    { text: `As the book says: ${COPY}` },
  );
  const seconds = (performance.now() - started) / 1000;
  await page.close();
  if (!answer.ok || !answer.value?.spans.length) throw new Error('the cold scan found no copy');
  return seconds;
}

/** The file name the case is picked under: its format decides the reader. */
const fileName = (caseName: string): string =>
  caseName.startsWith('Markdown')
    ? 'x.md'
    : caseName.startsWith('HTML')
      ? 'x.html'
      : caseName.includes('DOCX')
        ? 'x.docx'
        : 'x.epub';

const fmt = (x: number, d = 1): string => x.toFixed(d);

async function main(): Promise<void> {
  const dist = process.env.RECITAL_DIST;
  if (dist) console.log(`extension build: ${dist}`);
  console.log(
    'file | kind | seconds to result | renderer memory peak above idle | ' +
      'options page main thread: longest task / longest timer delay | result',
  );
  for (const c of CASES) {
    // A fresh browser per case: one case's garbage must not count in the next one's peak.
    const h = await launch(() => undefined, dist ? { dist: path.resolve(dist) } : {});
    try {
      const profile = profileOf();
      const page = await openOptionsPage(h);
      const bytes = c.bytes();
      const r = await importAndWatch(page, profile, bytes, fileName(c.name));
      const cold =
        c.name.startsWith('Markdown') && r.status === 'imported'
          ? await coldScanSeconds(h)
          : undefined;
      console.log(
        `${c.name} (${fmt(bytes.length / MB, 2)} MB) | ${c.kind} | ${fmt(r.seconds, 2)} s | ` +
          `${fmt(r.peak / MB, 0)} MB | ` +
          `${fmt(r.mainThread.longestTask, 0)} ms / ${fmt(r.mainThread.longestWait, 0)} ms | ` +
          `${r.status}: ${r.text}` +
          (cold === undefined ? '' : ` | cold wake + scan ${fmt(cold, 2)} s`),
      );
    } finally {
      await h.close();
    }
  }
}

await main();
