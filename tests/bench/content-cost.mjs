/* global document, requestAnimationFrame, chrome -- used inside page.evaluate callbacks, which run in the page */
// Page cost of the content script, measured in real Chromium: a 5,000-word reply streams into
// the ChatGPT fixture (a few words per animation frame, as chatbots stream) once with the built
// extension and once without it (the baseline, same page, same stream, same run).
//
// Figures:
// - content-script main-thread time: V8 CPU-profile samples (100 us interval) whose stack
//   contains a frame of the extension's scripts (its own JS plus the DOM calls it makes), each
//   weighted by its time delta. Samples are bucketed by animation frame: the profiler's clock
//   is aligned to the page's performance.now() by a marker function the page busy-runs before
//   the stream, then every sample between two rAF timestamps counts for that frame (median,
//   p95, max over the streamed frames). Limits: 0.1 ms resolution (a frame with 0.05 ms of work
//   may show 0 or 0.1); work the script causes outside V8 (style recalc and paint of the
//   highlights, the browser-side IPC of sendMessage) and GC are not counted; a sample's weight is
//   capped at the run's 90th-percentile sample delta (about 0.2-0.3 ms here), because on a busy
//   machine the sampler thread sometimes stalls and the next sample's delta then spans
//   milliseconds the script may not have used (the capped-off time is printed: a large figure
//   says the run was disturbed);
// - frame intervals (p50/p95/max) and long tasks with and without the extension;
// - latency from the last streamed word to its highlight (the reply ends with a copied sentence).
//
// Usage: npm run build && node tests/bench/content-cost.mjs [words=5000] [wordsPerFrame=8]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '../..');
// RECITAL_DIST benches another build (e.g. the previous commit's) against the same page.
const DIST = process.env.RECITAL_DIST ? path.resolve(process.env.RECITAL_DIST) : path.join(ROOT, 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
const WORDS = Number(process.argv[2] ?? 5000);
const WORDS_PER_FRAME = Number(process.argv[3] ?? 8);
const SAMPLE_INTERVAL_US = 100;
const FIXTURE = fs.readFileSync(path.join(ROOT, 'tests/fixtures/sites/chatgpt/reply.html'), 'utf8');

const COPIED = [
  'Every evening she climbed the hundred and forty iron steps, trimmed the brass wick, and wrote the weather into a green ledger bound with sailcloth.',
  'When the supply boat failed to come in the storm of 1911, she burned the driftwood furniture one chair at a time to keep the kettle warm for the stranded fishermen.',
  'Lantern oil was rationed so strictly that the keeper measured every evening pour with a pewter thimble borrowed from the parish church.',
  'The inspector who came each spring found the brass so bright that he wrote in his report that the lamp room could be used as a mirror.',
];
const PASSAGE = `Marguerite Olavsen kept the Skerryvane light for thirty-one winters. ${COPIED.join(' ')} Her nephew later sold that ledger to a collector in Bergen.`;

/** Filler prose that copies nothing, with the copied sentences spread through it and one at the very end. */
function buildReply(total) {
  const vocab = 'the a river garden morning stone window quiet road market letter city winter harbor music paper table friend evening light story bridge field summer voice house simple green distant small early bright open careful slow warm patient steady honest gentle across under beside toward through before after while because although often rarely always sometimes carried found made kept told showed built wrote walked watched turned gave'.split(' ');
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const copiedWords = COPIED.reduce((n, s) => n + s.split(' ').length, 0);
  const fillerPerGap = Math.floor((total - copiedWords) / (COPIED.length - 1));
  const words = [];
  COPIED.forEach((sentence, i) => {
    if (i > 0) {
      for (let k = 0; k < fillerPerGap; k++) {
        const w = vocab[Math.floor(random() * vocab.length)];
        words.push(random() < 0.08 ? `${w}.` : w);
      }
    }
    words.push(...sentence.split(' '));
  });
  return { words, lastSentence: COPIED.at(-1).replace(/[.!?]+$/, '') };
}

/** Index of the frame whose [start, next start) holds `t`; -1 before the first, frames.length - 1 after the last. */
function frameIndexAt(frames, t) {
  let lo = 0;
  let hi = frames.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (frames[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function run(withExtension) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-bench-'));
  const args = ['--headless=new', '--no-first-run', '--disable-sync', '--disable-background-networking', '--disable-component-update', '--no-sandbox'];
  if (withExtension) args.push(`--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    viewport: { width: 1280, height: 900 },
    args,
  });
  try {
    await context.route('https://chatgpt.com/**', (route) => route.fulfill({ contentType: 'text/html', body: FIXTURE }));
    let extensionId;
    if (withExtension) {
      const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
      extensionId = new URL(sw.url()).host;
      const popup = await context.newPage();
      await popup.goto(`chrome-extension://${extensionId}/src/popup/index.html`);
      const added = await popup.evaluate((text) => chrome.runtime.sendMessage({ type: 'addText', payload: { title: 'Bench passage', text } }), PASSAGE);
      if (!added?.ok) throw new Error(`seeding failed: ${JSON.stringify(added)}`);
      await popup.close();
    }
    const page = await context.newPage();
    await page.goto('https://chatgpt.com/c/bench');
    await page.waitForTimeout(1000);
    const { words, lastSentence } = buildReply(WORDS);

    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLE_INTERVAL_US });
    await cdp.send('Profiler.start');

    const timings = await page.evaluate(async ({ words, perFrame, lastSentence }) => {
      const longTasks = [];
      const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
      observer.observe({ type: 'longtask', buffered: false });
      const template = document.querySelector('#recital-next-reply');
      document.querySelector('#thread').appendChild(template.content.cloneNode(true));
      const first = [...document.querySelectorAll('[data-recital-stream]')].at(-1);
      const button = document.querySelector('#composer-submit-button');
      button.setAttribute('data-testid', 'stop-button');
      // Busy-runs named functions so the CPU profile shows when page times `markAt` happened;
      // several, because a stalled sampler can miss one or sample it late.
      const busy = (ms) => {
        const at = performance.now();
        while (performance.now() - at < ms);
        return at;
      };
      const marks = [
        function recitalBenchClockMark0() { return busy(3); },
        function recitalBenchClockMark1() { return busy(3); },
        function recitalBenchClockMark2() { return busy(3); },
        function recitalBenchClockMark3() { return busy(3); },
      ];
      const markAt = [];
      for (const mark of marks) {
        markAt.push(mark());
        await new Promise((r) => setTimeout(r, 10));
      }
      const frames = [];
      let paragraph = first;
      let inParagraph = 0;
      let i = 0;
      const streamStart = performance.now();
      await new Promise((resolve) => {
        const step = (t) => {
          frames.push(t);
          const chunk = words.slice(i, i + perFrame);
          i += chunk.length;
          if (inParagraph > 80 && chunk.length > 0) {
            const p = document.createElement('p');
            paragraph.after(p);
            paragraph = p;
            inParagraph = 0;
          }
          if (chunk.length > 0) paragraph.appendChild(document.createTextNode(`${chunk.join(' ')} `));
          inParagraph += chunk.length;
          if (i < words.length) requestAnimationFrame(step);
          else resolve();
        };
        requestAnimationFrame(step);
      });
      const lastWordAt = performance.now();
      const streamMs = lastWordAt - streamStart;
      // The composer's Stop button goes once the last word is in, as on the real site.
      setTimeout(() => button.setAttribute('data-testid', 'send-button'), 50);
      const hasHighlight = () => {
        const h = globalThis.CSS?.highlights?.get('recital-exact');
        if (!h) return false;
        for (const r of h) if (r.toString() === lastSentence) return true;
        return false;
      };
      const highlightAt = await new Promise((resolve) => {
        const started = performance.now();
        const poll = () => {
          if (hasHighlight()) resolve(performance.now());
          else if (performance.now() - started > 10_000) resolve(null);
          else setTimeout(poll, 2);
        };
        poll();
      });
      // Frames after the stream, while the reply settles and completes.
      await new Promise((r) => setTimeout(r, 1500));
      observer.disconnect();
      const highlights = globalThis.CSS?.highlights?.get('recital-exact');
      return {
        frames,
        streamMs,
        latencyMs: highlightAt === null ? null : highlightAt - lastWordAt,
        markAt,
        longTasks,
        highlightCount: highlights ? highlights.size : 0,
      };
    }, { words, perFrame: WORDS_PER_FRAME, lastSentence });

    const { profile: cpu } = await cdp.send('Profiler.stop');
    const byId = new Map(cpu.nodes.map((n) => [n.id, n]));
    const parentOf = new Map();
    for (const n of cpu.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
    const isExtension = new Map();
    const touchesExtension = (id) => {
      if (isExtension.has(id)) return isExtension.get(id);
      const node = byId.get(id);
      const own = node.callFrame.url.startsWith('chrome-extension://');
      const parent = parentOf.get(id);
      const result = own || (parent !== undefined && touchesExtension(parent));
      isExtension.set(id, result);
      return result;
    };
    // Sample times in the profiler's clock (us); the marker's first sample maps it to page ms.
    const sampleAt = [];
    let clock = cpu.startTime;
    for (let k = 0; k < cpu.samples.length; k++) sampleAt.push((clock += cpu.timeDeltas[k] ?? 0));
    // A marker's first sample comes at or after its start, later when the sampler stalled: the
    // smallest profiler-minus-page offset over the markers is the best estimate.
    let offsetUs = Infinity;
    timings.markAt.forEach((at, m) => {
      const name = `recitalBenchClockMark${m}`;
      const k = cpu.samples.findIndex((id) => {
        for (let up = id; up !== undefined; up = parentOf.get(up)) if (byId.get(up).callFrame.functionName === name) return true;
        return false;
      });
      if (k >= 0) offsetUs = Math.min(offsetUs, sampleAt[k] - at * 1000);
    });
    if (offsetUs === Infinity) throw new Error('clock markers not sampled');
    const pageMsOf = (k) => (sampleAt[k] - offsetUs) / 1000;
    const deltas = [...cpu.timeDeltas].sort((a, b) => a - b);
    const sampleCapUs = Math.max(2 * SAMPLE_INTERVAL_US, percentile(deltas, 90));
    const weightOf = (k) => Math.min(sampleCapUs, cpu.timeDeltas[k] ?? 0);
    let cappedUs = 0;
    const frameUs = new Float64Array(Math.max(0, timings.frames.length - 1));
    let extensionUs = 0;
    const selfByFunction = new Map();
    const selfByFrame = new Map();
    for (let k = 0; k < cpu.samples.length; k++) {
      const id = cpu.samples[k];
      if (touchesExtension(id)) {
        extensionUs += weightOf(k);
        cappedUs += (cpu.timeDeltas[k] ?? 0) - weightOf(k);
        const frame = frameIndexAt(timings.frames, pageMsOf(k));
        const inFrame = frame >= 0 && frame < frameUs.length;
        if (inFrame) frameUs[frame] += weightOf(k);
        const call = byId.get(id).callFrame;
        const parent = byId.get(parentOf.get(id))?.callFrame;
        const key = `${call.functionName || '(anonymous)'} ${call.url.split('/').pop()}:${call.lineNumber}:${call.columnNumber} <- ${parent?.functionName ?? ''}:${parent?.lineNumber ?? ''}:${parent?.columnNumber ?? ''}`;
        selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + weightOf(k));
        if (inFrame) {
          const inThisFrame = selfByFrame.get(frame) ?? new Map();
          inThisFrame.set(key, (inThisFrame.get(key) ?? 0) + weightOf(k));
          selfByFrame.set(frame, inThisFrame);
        }
      }
    }
    if (process.env.BENCH_DEBUG) {
      console.log([...selfByFunction].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${(v / 1000).toFixed(1)} ms ${k}`).join('\n'));
      console.log('long tasks', JSON.stringify(timings.longTasks));
      console.log(`sample deltas us p50/p90/p99/max: ${percentile(deltas, 50)}/${percentile(deltas, 90)}/${percentile(deltas, 99)}/${deltas.at(-1)}`);
      const slowest = [...frameUs.keys()].sort((a, b) => frameUs[b] - frameUs[a]).slice(0, 4);
      for (const k of slowest) {
        const top = [...(selfByFrame.get(k) ?? [])].sort((a, b) => b[1] - a[1]).slice(0, 5);
        console.log(`frame ${k}: ${(frameUs[k] / 1000).toFixed(2)} ms: ${top.map(([key, us]) => `${(us / 1000).toFixed(2)} ${key}`).join(' | ')}`);
      }
    }
    const intervals = [];
    for (let k = 1; k < timings.frames.length; k++) intervals.push(timings.frames[k] - timings.frames[k - 1]);
    intervals.sort((a, b) => a - b);
    const perFrame = [...frameUs].map((us) => us / 1000).sort((a, b) => a - b);
    return {
      frames: timings.frames.length,
      frameP50: percentile(perFrame, 50),
      frameP95: percentile(perFrame, 95),
      frameMax: perFrame.at(-1) ?? 0,
      framesOver2: perFrame.filter((ms) => ms > 2).length,
      streamMs: timings.streamMs,
      extensionMs: extensionUs / 1000,
      cappedMs: cappedUs / 1000,
      p50: percentile(intervals, 50),
      p95: percentile(intervals, 95),
      max: intervals.at(-1) ?? 0,
      longTasks: timings.longTasks.length,
      longTaskMs: timings.longTasks.reduce((a, b) => a + b, 0),
      latencyMs: timings.latencyMs,
      highlightCount: timings.highlightCount,
    };
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

if (!fs.existsSync(path.join(DIST, 'manifest.json'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(1);
}

const baseline = await run(false);
const recital = await run(true);
const f = (n) => (n === null ? 'n/a' : n.toFixed(2));
console.log(`content-cost: ${WORDS} words streamed at ${WORDS_PER_FRAME} words/frame (${recital.frames} frames, ${f(recital.streamMs / 1000)} s)`);
console.log(`  content script main-thread time: ${f(recital.extensionMs)} ms total, ${f(recital.extensionMs / recital.frames)} ms per streamed frame on average (sampler stalls capped off: ${f(recital.cappedMs)} ms)`);
console.log(`  content script time per streamed frame p50/p95/max ms: ${f(recital.frameP50)}/${f(recital.frameP95)}/${f(recital.frameMax)} (${recital.framesOver2} frames over 2 ms)`);
console.log(`  frame interval p50/p95/max ms: baseline ${f(baseline.p50)}/${f(baseline.p95)}/${f(baseline.max)}, with Recital ${f(recital.p50)}/${f(recital.p95)}/${f(recital.max)}`);
console.log(`  long tasks (>50 ms): baseline ${baseline.longTasks} (${f(baseline.longTaskMs)} ms), with Recital ${recital.longTasks} (${f(recital.longTaskMs)} ms)`);
console.log(`  last streamed word -> its highlight: ${f(recital.latencyMs)} ms; exact highlights at the end: ${recital.highlightCount} (expected ${COPIED.length})`);
