/* global document, requestAnimationFrame, window -- used inside page.evaluate callbacks, which run in the page */
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
//   highlights, the browser-side IPC of its messages) and GC are not counted; a sample's weight is
//   capped at the run's 90th-percentile sample delta (about 0.2-0.3 ms here), because on a busy
//   machine the sampler thread sometimes stalls and the next sample's delta then spans
//   milliseconds the script may not have used (the capped-off time is printed: a large figure
//   says the run was disturbed);
// - the same per frame from a trace, in a run of its own: the exact durations of the content
//   script's calls (devtools.timeline FunctionCall events) and of the tasks that run its port
//   messages and promise continuations (see indirectTasks), as main-thread CPU time and as wall
//   time (see traceFrameCosts), and what the content script spent before the stream (page load,
//   its first read, the reading code's warm-up in idle time); beside it, how long the page's own
//   script ran in the costliest frame against its median frame, and the share of CPU time the
//   virtual machine's host took away (Linux "steal"), both signs of a slow moment of the machine;
// - frame intervals (p50/p95/max) and long tasks with and without the extension;
// - latency from the last streamed word to its mark being drawn (the reply ends with a copied
//   sentence; the page follows the stream down, so the mark is in view), read in the content
//   script's isolated world through CDP (tests/e2e/page-marks.mjs), for this and older builds;
// - memory, in runs of their own (see measureMemory): what the content script holds on the JS
//   heap after the reply and after a 200-turn conversation, by the heap sampler, with the page's
//   V8 and Blink heaps with and without the extension as a cross-check.
//
// Usage: npm run build && node tests/bench/content-cost.mjs [words=5000] [wordsPerFrame=8] [turnsAbove=0]
// (BENCH_TRACE_RUNS=n: only n traced runs; BENCH_DEBUG=1: where the costliest frames' time went)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  addTurnsInPage,
  buildReply,
  buildTurn,
  COPIED,
  importBenchPassage,
  streamReplyInPage,
} from './content-page.mjs';
import { frameIndexAt, percentile, readTraceStream, traceFrameCosts } from './content-trace.mjs';
import { isolatedWorld, marksInWorld, WAIT_FOR_MARK } from '../e2e/page-marks.mjs';

/** Waits (up to 20 s) until `expected` exact marks are painted, then 1.5 s more; their count. */
async function waitForMarkCount(world, expected) {
  const count = async () =>
    world ? (await world.evaluate(marksInWorld, { kind: 'exact' })).length : 0;
  const started = Date.now();
  while ((await count()) < expected && Date.now() - started < 20_000)
    await new Promise((resolve) => setTimeout(resolve, 50));
  await new Promise((resolve) => setTimeout(resolve, 1500));
  return count();
}

const ROOT = path.resolve(import.meta.dirname, '../..');
// RECITAL_DIST benches another build (e.g. the previous commit's) against the same page.
const DIST = process.env.RECITAL_DIST
  ? path.resolve(process.env.RECITAL_DIST)
  : path.join(ROOT, 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
const WORDS = Number(process.argv[2] ?? 5000);
const WORDS_PER_FRAME = Number(process.argv[3] ?? 8);
// Finished turns above the streamed reply (a long conversation); the figures above use none.
const TURNS_ABOVE = Number(process.argv[4] ?? 0);
const SAMPLE_INTERVAL_US = 100;
/** Heap sampler interval for the memory figures: small, so a few-KB structure is seen. */
const MEMORY_SAMPLE_BYTES = 512;
const TURNS = 200;
const WORDS_PER_TURN = 250;
const FIXTURE = fs.readFileSync(path.join(ROOT, 'tests/fixtures/sites/chatgpt/reply.html'), 'utf8');

/** Chromium with (or without) the built extension, the bench passage in its library, and the ChatGPT fixture served. */
async function launch(withExtension) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-bench-'));
  const args = [
    '--headless=new',
    '--no-first-run',
    '--disable-sync',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-sandbox',
  ];
  if (withExtension) args.push(`--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    viewport: { width: 1280, height: 900 },
    args,
  });
  const close = async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  try {
    await context.route('https://chatgpt.com/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: FIXTURE }),
    );
    if (withExtension) await importBenchPassage(context);
  } catch (e) {
    await close();
    throw e;
  }
  return { context, close };
}

async function run(withExtension, mode = 'profile') {
  const { context, close } = await launch(withExtension);
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const traceEvents = [];
    if (mode === 'trace') {
      // From before the page loads: the content script's start-up and idle work is reported too.
      await cdp.send('Tracing.start', {
        // BENCH_DEBUG adds compiler and Blink GC events, to see what a slow call spent its time on;
        // BENCH_DEBUG=samples also CPU-profile samples (which slow every call down a little).
        traceConfig: {
          includedCategories: [
            'devtools.timeline',
            'blink.user_timing',
            'v8',
            'disabled-by-default-v8.gc',
            'toplevel',
            'v8.execute',
            ...(process.env.BENCH_DEBUG
              ? ['disabled-by-default-v8.compile', 'blink_gc', 'disabled-by-default-blink_gc']
              : []),
            ...(process.env.BENCH_DEBUG === 'samples'
              ? ['disabled-by-default-v8.cpu_profiler']
              : []),
          ],
          recordMode: 'recordAsMuchAsPossible',
        },
        // Kept in the browser until the end: streamed out as it is recorded, the trace kept this
        // process parsing JSON on one of the machine's two cores while the reply streamed.
        transferMode: 'ReturnAsStream',
      });
    }
    await page.goto('https://chatgpt.com/c/bench');
    const world = withExtension ? await isolatedWorld(context, page) : undefined;
    await page.waitForTimeout(1000);
    const { words, lastSentence } = buildReply(WORDS);
    if (TURNS_ABOVE > 0) {
      const turns = [];
      for (let n = 1; n <= TURNS_ABOVE; n++) turns.push(buildTurn(n, WORDS_PER_TURN));
      await page.evaluate(addTurnsInPage, { turns });
      await waitForMarkCount(world, withExtension ? Math.floor(TURNS_ABOVE / 10) : 0);
    }

    if (mode !== 'trace') {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLE_INTERVAL_US });
      await cdp.send('Profiler.start');
    }

    const timings = await page.evaluate(
      async ({ words, perFrame }) => {
        const longTasks = [];
        const observer = new PerformanceObserver((list) =>
          list.getEntries().forEach((e) => longTasks.push(e.duration)),
        );
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
          function recitalBenchClockMark0() {
            return busy(3);
          },
          function recitalBenchClockMark1() {
            return busy(3);
          },
          function recitalBenchClockMark2() {
            return busy(3);
          },
          function recitalBenchClockMark3() {
            return busy(3);
          },
        ];
        // For a trace: a user-timing mark whose trace timestamp maps the trace clock to page time.
        const traceMarkAt = performance.mark('recital-bench-clock').startTime;
        const markAt = [];
        for (const mark of marks) {
          markAt.push(mark());
          await new Promise((r) => setTimeout(r, 10));
        }
        const frames = [];
        const scroller = document.scrollingElement;
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
            if (chunk.length > 0)
              paragraph.appendChild(document.createTextNode(`${chunk.join(' ')} `));
            inParagraph += chunk.length;
            // The page follows the stream, as chat pages do: the marks it passes move.
            scroller.scrollTop = scroller.scrollHeight;
            if (i < words.length) requestAnimationFrame(step);
            else resolve();
          };
          requestAnimationFrame(step);
        });
        const lastWordAt = performance.now();
        const streamMs = lastWordAt - streamStart;
        // The composer's Stop button goes once the last word is in, as on the real site.
        setTimeout(() => button.setAttribute('data-testid', 'send-button'), 50);
        window.benchLongTasks = { observer, longTasks };
        return { frames, streamMs, lastWordAt, markAt, traceMarkAt };
      },
      { words, perFrame: WORDS_PER_FRAME },
    );
    // Marks are read in the content script's world: the page's own world sees none.
    const highlightAt = world
      ? await world.evaluate(WAIT_FOR_MARK, { text: lastSentence, timeoutMs: 10_000 })
      : null;
    timings.latencyMs = highlightAt === null ? null : highlightAt - timings.lastWordAt;
    // Frames after the stream, while the reply settles and completes.
    await page.waitForTimeout(1500);
    timings.longTasks = await page.evaluate(() => {
      window.benchLongTasks.observer.disconnect();
      return window.benchLongTasks.longTasks;
    });
    timings.highlightCount = world
      ? (await world.evaluate(marksInWorld, { kind: 'exact' })).length
      : 0;

    if (mode === 'trace') {
      const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      const { stream } = await complete;
      traceEvents.push(...(await readTraceStream(cdp, stream)));
      return { frames: timings.frames.length, ...traceFrameCosts(traceEvents, timings) };
    }
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
        for (let up = id; up !== undefined; up = parentOf.get(up))
          if (byId.get(up).callFrame.functionName === name) return true;
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
      console.log(
        [...selfByFunction]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 15)
          .map(([k, v]) => `${(v / 1000).toFixed(1)} ms ${k}`)
          .join('\n'),
      );
      console.log('long tasks', JSON.stringify(timings.longTasks));
      console.log(
        `sample deltas us p50/p90/p99/max: ${percentile(deltas, 50)}/${percentile(deltas, 90)}/${percentile(deltas, 99)}/${deltas.at(-1)}`,
      );
      const slowest = [...frameUs.keys()].sort((a, b) => frameUs[b] - frameUs[a]).slice(0, 4);
      for (const k of slowest) {
        const top = [...(selfByFrame.get(k) ?? [])].sort((a, b) => b[1] - a[1]).slice(0, 5);
        console.log(
          `frame ${k}: ${(frameUs[k] / 1000).toFixed(2)} ms: ${top.map(([key, us]) => `${(us / 1000).toFixed(2)} ${key}`).join(' | ')}`,
        );
      }
    }
    const intervals = [];
    for (let k = 1; k < timings.frames.length; k++)
      intervals.push(timings.frames[k] - timings.frames[k - 1]);
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
    await close();
  }
}

/** Live sampled bytes allocated with a frame of the extension's scripts on the stack, and the top allocation sites. */
function extensionBytes(heapProfile) {
  let bytes = 0;
  const sites = new Map();
  const walk = (node, isUnderExtension) => {
    const { url, functionName, lineNumber } = node.callFrame;
    const isExtension = isUnderExtension || url.startsWith('chrome-extension://');
    if (isExtension && node.selfSize > 0) {
      bytes += node.selfSize;
      const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber}`;
      sites.set(key, (sites.get(key) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, isExtension);
  };
  walk(heapProfile.head, false);
  return { bytes, sites };
}

/**
 * Memory, in runs of their own (the heap sampler slows allocation): the 5,000-word reply streams
 * (40 words a frame), then 199 finished turns follow (200 replies). After each, a forced GC, then
 * the V8 and Blink (DOM) heaps of the page's isolate and, with the extension, the heap sampler's
 * live allocations whose stack has a chrome-extension:// frame: the content script's isolated
 * world shares the page's isolate, so those are what the content script holds on the JS heap
 * (its Ranges and highlights live in the Blink heap, which only the with/without difference shows).
 */
async function measureMemory(withExtension) {
  const { context, close } = await launch(withExtension);
  try {
    const page = await context.newPage();
    await page.goto('https://chatgpt.com/c/bench');
    const world = withExtension ? await isolatedWorld(context, page) : undefined;
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    if (withExtension)
      await cdp.send('HeapProfiler.startSampling', { samplingInterval: MEMORY_SAMPLE_BYTES });
    // Again with the sampler on, so the content script's start-up allocations are counted too.
    await page.reload();
    await page.waitForTimeout(1000);
    const snapshot = async () => {
      for (let k = 0; k < 3; k++) await cdp.send('HeapProfiler.collectGarbage');
      const heap = await cdp.send('Runtime.getHeapUsage');
      const sampled = withExtension
        ? extensionBytes((await cdp.send('HeapProfiler.getSamplingProfile')).profile)
        : undefined;
      return { v8: heap.usedSize, blink: heap.embedderHeapUsedSize ?? 0, sampled };
    };
    const loaded = await snapshot();
    const { words, lastSentence } = buildReply(WORDS);
    await page.evaluate(streamReplyInPage, { words, perFrame: 40 });
    if (world) await world.evaluate(WAIT_FOR_MARK, { text: lastSentence, timeoutMs: 10_000 });
    await page.waitForTimeout(1500);
    const afterReply = await snapshot();
    const turns = [];
    for (let n = 1; n < TURNS; n++) turns.push(buildTurn(n, WORDS_PER_TURN));
    const expectedHighlights = COPIED.length + turns.filter((_, n) => (n + 1) % 10 === 0).length;
    await page.evaluate(addTurnsInPage, { turns });
    const highlights = await waitForMarkCount(world, expectedHighlights);
    const afterTurns = await snapshot();
    if (withExtension) await cdp.send('HeapProfiler.stopSampling');
    const conversationWords =
      words.length + turns.reduce((n, t) => n + t.join(' ').split(' ').length, 0);
    return { loaded, afterReply, afterTurns, highlights, expectedHighlights, conversationWords };
  } finally {
    await close();
  }
}

/** The machine's CPU time counters (Linux /proc/stat, in clock ticks), or undefined elsewhere. */
function cpuStat() {
  try {
    return fs
      .readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
  } catch {
    return undefined;
  }
}

/**
 * The share of the CPU time between two readings that a virtual machine's host gave to other
 * guests (the "steal" column): while it is high, every thread here runs slower, the page's own
 * script as much as the content script.
 */
function stolenShare(before, after) {
  if (!before || !after || after.length < 8) return undefined;
  const delta = after.map((v, k) => v - (before[k] ?? 0));
  const total = delta.reduce((a, b) => a + b, 0);
  return total > 0 ? delta[7] / total : undefined;
}

if (!fs.existsSync(path.join(DIST, 'manifest.json'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(1);
}

const f = (n) => (n === null ? 'n/a' : n.toFixed(2));

/** The traced run's figures: the content script's time per streamed frame, and the page's own script as a control. */
function printTraced(traced, stolen) {
  for (const [what, t] of [
    ['main-thread CPU time', traced.perFrame.thread],
    ['wall time', traced.perFrame.wall],
  ]) {
    const mean = t.reduce((a, b) => a + b, 0) / Math.max(1, t.length);
    console.log(
      `  from a trace (a run of its own; the content script's calls and message tasks, exact), ${what} per streamed frame: median ${f(percentile(t, 50))} ms (target <= 0.5), mean ${f(mean)}, p95 ${f(percentile(t, 95))}, max ${f(t.at(-1) ?? 0)} ms (target <= 2; ${t.filter((ms) => ms > 2).length} frames over 2 ms)`,
    );
  }
  // The bench page's own animation-frame callback does about the same small work every frame:
  // its slowest frames show how far the machine alone moves a frame's figure.
  const page = traced.perFrame.page;
  console.log(
    `  control, the page's own script per streamed frame (main-thread CPU time): median ${f(percentile(page, 50))} ms, p99 ${f(percentile(page, 99))}, max ${f(page.at(-1) ?? 0)} ms (${page.filter((ms) => ms > 2).length} frames over 2 ms)`,
  );
  console.log(
    `  in the trace's costliest frame, the page's own script ran ${f(traced.costliestFrame.pageMs)} ms (its median frame: ${f(traced.costliestFrame.pageMedianMs)} ms)`,
  );
  if (stolen !== undefined)
    console.log(
      `  CPU time the virtual machine's host took away during the traced run (steal): ${f(stolen * 100)}%`,
    );
}

/** A traced run, with the host's steal over it. */
async function tracedRun() {
  const statBefore = cpuStat();
  const traced = await run(true, 'trace');
  return { traced, stolen: stolenShare(statBefore, cpuStat()) };
}

// BENCH_TRACE_RUNS=n: only n traced runs, to compare builds quickly (RECITAL_DIST); about 20 s each.
if (process.env.BENCH_TRACE_RUNS) {
  for (let k = 0; k < Number(process.env.BENCH_TRACE_RUNS); k++) {
    const { traced, stolen } = await tracedRun();
    console.log(`traced run ${k + 1} (load average ${f(os.loadavg()[0])}):`);
    printTraced(traced, stolen);
  }
  process.exit(0);
}

const loadBefore = os.loadavg()[0];
const baseline = await run(false);
const recital = await run(true);
const { traced, stolen } = await tracedRun();
if (process.env.BENCH_DEBUG) {
  // Without the extension every task indirectTasks counts is the page's: this should be ~0.
  const untraced = await run(false, 'trace');
  console.log(
    `without the extension, the trace attributes ${untraced.perFrame.thread.reduce((a, b) => a + b, 0).toFixed(2)} ms to it over ${untraced.frames} frames`,
  );
}
const memoryBaseline = await measureMemory(false);
const memory = await measureMemory(true);
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
const signedKb = (bytes) => `${bytes >= 0 ? '+' : '-'}${kb(Math.abs(bytes))}`;
console.log(
  `content-cost: ${WORDS} words streamed at ${WORDS_PER_FRAME} words/frame (${recital.frames} frames, ${f(recital.streamMs / 1000)} s)${TURNS_ABOVE > 0 ? ` below ${TURNS_ABOVE} finished turns` : ''}`,
);
// The profiler samples wall time: other processes on the machine inflate the per-frame figures.
console.log(
  `  machine load average (1 min) before / after the runs: ${f(loadBefore)} / ${f(os.loadavg()[0])} on ${os.cpus().length} cores`,
);
console.log(
  `  content script main-thread time: ${f(recital.extensionMs)} ms total (sampler stalls capped off: ${f(recital.cappedMs)} ms)`,
);
console.log(
  `  content script time per streamed frame: median ${f(recital.frameP50)} ms (target <= 0.5), mean ${f(recital.extensionMs / recital.frames)}, p95 ${f(recital.frameP95)}, max ${f(recital.frameMax)} ms (target <= 2; ${recital.framesOver2} frames over 2 ms)`,
);
printTraced(traced, stolen);
console.log(
  `  from the trace, the content script before the stream (page load, first read, idle warm-up${TURNS_ABOVE > 0 ? ', the turns above' : ''}): ${traced.before.calls} calls, ${f(traced.before.threadUs / 1000)} ms main-thread CPU time, the longest ${f(traced.before.longestThreadUs / 1000)} ms`,
);
console.log(
  `  frame interval p50/p95/max ms: baseline ${f(baseline.p50)}/${f(baseline.p95)}/${f(baseline.max)}, with Recital ${f(recital.p50)}/${f(recital.p95)}/${f(recital.max)}`,
);
console.log(
  `  long tasks (>50 ms): baseline ${baseline.longTasks} (${f(baseline.longTaskMs)} ms), with Recital ${recital.longTasks} (${f(recital.longTaskMs)} ms)`,
);
console.log(
  `  last streamed word -> its highlight: ${f(recital.latencyMs)} ms (target <= 100); exact highlights at the end: ${recital.highlightCount} (expected ${COPIED.length + Math.floor(TURNS_ABOVE / 10)})`,
);
const replyChars = buildReply(WORDS).words.join(' ').length;
console.log(
  `  memory the content script holds (live JS allocations from its frames after GC, ${MEMORY_SAMPLE_BYTES}-byte heap sampling):`,
);
console.log(`    page loaded, no reply yet: ${kb(memory.loaded.sampled.bytes)}`);
console.log(
  `    after the ${WORDS}-word reply: ${kb(memory.afterReply.sampled.bytes)} (the reply's text itself: ${replyChars} characters, ${kb(replyChars)} as Latin-1)`,
);
console.log(
  `    after a ${TURNS}-turn conversation (${memory.conversationWords} words, ${memory.highlights} of ${memory.expectedHighlights} expected highlights): ${kb(memory.afterTurns.sampled.bytes)}`,
);
for (const [name, key] of [
  ['page loaded', 'loaded'],
  [`after the reply`, 'afterReply'],
  [`after ${TURNS} turns`, 'afterTurns'],
]) {
  const a = memoryBaseline[key];
  const b = memory[key];
  console.log(
    `  page heaps after GC, ${name}: V8 ${kb(a.v8)} without Recital, ${kb(b.v8)} with (${signedKb(b.v8 - a.v8)}); Blink ${kb(a.blink)} / ${kb(b.blink)} (${signedKb(b.blink - a.blink)})`,
  );
}
if (process.env.BENCH_DEBUG) {
  const top = [...memory.afterTurns.sampled.sites].sort((a, b) => b[1] - a[1]).slice(0, 15);
  console.log(top.map(([site, bytes]) => `    ${kb(bytes)} ${site}`).join('\n'));
}
