#!/usr/bin/env node
// One page must not starve the others (issue #15, item 5). The background's reply path (the
// content handlers, the matcher over a real store in fake-indexeddb) of this tree and of a
// baseline tree, driven in Node by two simulated tabs: tab A streams four replies repeating
// 11 library words up to 1.9 MB each, sending its growing text like the content script does
// (a tail change, then the content script's pause before the next send); tab B opens a new
// quoting reply every second. Prints how long B waited for each first highlight (the answer to
// its first replyChanged), baseline and this tree alternating in the same run. No pass/fail.
// Usage: node scripts/bench-budget.mjs [--base /work/wt/budget-base] [--mb 1.9] [--grow-kb 190] [--rounds 2]
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

const ROOT = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
};
const BASE = path.resolve(arg('--base', '/work/wt/budget-base'));
const TARGET_CHARS = Math.round(Number(arg('--mb', '1.9')) * 1e6);
const GROW_CHARS = Math.round(Number(arg('--grow-kb', '190')) * 1e3);
const ROUNDS = Number(arg('--rounds', '2'));
const STREAMING_REPLIES = 4;
const PROBE_EVERY_MS = 1000;
const MAX_PROBES = 3600;

/** The background's reply path of one tree; the scheduler only where the tree has one. */
function entrySource(tree) {
  const src = (p) => JSON.stringify(path.join(tree, 'src', p));
  const hasScheduler = fs.existsSync(path.join(tree, 'src/background/scan-scheduler.ts'));
  return `import 'fake-indexeddb/auto';
import { openLibraryStore } from ${src('library/store/index')};
import { createMatcher } from ${src('background/matcher')};
import { createContentHandlers } from ${src('background/content-handlers')};
import { createTabState } from ${src('background/tab-state')};
import { createReplyDetails } from ${src('background/reply-details')};
${hasScheduler ? `import { ScanScheduler, nextMacrotask } from ${src('background/scan-scheduler')};\nimport { SCAN_SLICE_CHARS } from ${src('background/scan-limits')};` : ''}
export const hasScheduler = ${hasScheduler};
export async function createBackground(name, docs) {
  const store = await openLibraryStore(name);
  for (const d of docs) await store.addDocument({ title: d.title, format: 'paste', text: d.text });
  const matcher = createMatcher(store);
  const details = createReplyDetails();
  const tabState = createTabState({ setBadgeText: () => undefined });
  const scanning = details.wrap(matcher);
  const handlers = createContentHandlers({
    tabState,
    ${hasScheduler ? 'scheduler: new ScanScheduler(scanning, { sliceChars: SCAN_SLICE_CHARS, nextTurn: nextMacrotask }),' : 'matcher: scanning,'}
  });
  await matcher.scanText('warm up');
  return handlers;
}
`;
}

async function bundle(tree, name) {
  const outDir = path.join(tree, '.bench');
  fs.mkdirSync(outDir, { recursive: true });
  const entry = path.join(outDir, `budget-entry-${name}.ts`);
  fs.writeFileSync(entry, entrySource(tree));
  await build({
    root: tree,
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      ssr: entry,
      outDir,
      emptyOutDir: false,
      target: 'node20',
      minify: false,
      rollupOptions: { output: { entryFileNames: `budget-${name}.mjs` } },
    },
  });
  return import(path.join(outDir, `budget-${name}.mjs`));
}

// The first books of the corpus (or the samples without it): the library's size barely matters.
const corpus = path.resolve(arg('--library', path.join(ROOT, '../shared/corpus/library')));
const folder = fs.existsSync(corpus) ? corpus : path.join(ROOT, 'samples/library');
const library = fs
  .readdirSync(folder)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .slice(0, 5)
  .map((f) => ({ title: f, text: fs.readFileSync(path.join(folder, f), 'utf8') }));
const bookWords = library[0].text.split(/\s+/).filter(Boolean);
const middle = Math.floor(bookWords.length / 2);
const REPEATED = `${bookWords.slice(middle, middle + 11).join(' ')} `;
const QUOTE = bookWords.slice(middle + 500, middle + 530).join(' ');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tab = (id) => ({ id: 'ext', url: 'https://chatgpt.com/c/1', tab: { id } });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Tab A: one reply streaming, as the content script's send loop does it. */
async function streamReply(handlers, replyId, nextRevision) {
  let text = '';
  let base;
  const sendTimes = [];
  while (text.length < TARGET_CHARS) {
    const grown = text + REPEATED.repeat(Math.ceil(GROW_CHARS / REPEATED.length));
    const revision = nextRevision();
    const change = base
      ? {
          kind: 'tail',
          baseRevision: base,
          baseLength: text.length,
          keep: text.length,
          tail: grown.slice(text.length),
        }
      : { kind: 'whole', text: grown };
    const started = performance.now();
    const answer = await handlers.replyChanged(
      {
        siteId: 'chatgpt',
        replyId,
        revision,
        change,
        isComplete: false,
        url: 'https://chatgpt.com/c/1',
      },
      tab(1),
    );
    sendTimes.push(performance.now() - started);
    if (!answer.ok) throw new Error(`tab A: ${answer.error.message}`);
    base = revision;
    text = grown;
    // The content script's pause between two sends of a long streaming reply.
    await sleep(Math.min(200, 50 + Math.floor(text.length / 100)));
  }
  return sendTimes;
}

async function simulate(handlers) {
  let revision = 0;
  const nextRevision = () => ++revision;
  await handlers.pageOpened({ siteId: 'chatgpt', url: 'https://chatgpt.com/c/1' }, tab(1));
  await handlers.pageOpened({ siteId: 'chatgpt', url: 'https://chatgpt.com/c/2' }, tab(2));
  const started = performance.now();
  let isStreaming = true;
  const streams = Promise.all(
    Array.from({ length: STREAMING_REPLIES }, (_, i) =>
      streamReply(handlers, `a-${i}`, nextRevision),
    ),
  ).finally(() => (isStreaming = false));
  // B's replies are due once a second, each timed from when it was due. All timers are set now:
  // the ones that come due while a scan blocks the thread then all run right after it, as the
  // messages queued meanwhile would in the worker, before A's next send.
  const probes = [];
  const timers = [];
  for (let i = 0; i < MAX_PROBES; i++) {
    const sent = started + (i + 1) * PROBE_EVERY_MS;
    const fire = () => {
      if (isStreaming) probes.push(probe(handlers, `b-${i}`, nextRevision(), sent));
    };
    timers.push(setTimeout(fire, sent - performance.now()));
  }
  const sendTimes = (await streams).flat();
  timers.forEach(clearTimeout);
  const answers = await Promise.all(probes);
  const waits = answers.map((a) => a.wait);
  const found = answers.filter((a) => a.found).length;
  return { waits, found, streamMs: performance.now() - started, sendTimes };
}

/** Tab B: a new reply quoting the library; resolves with the wait from `sent` to its answer. */
async function probe(handlers, replyId, revision, sent) {
  const answer = await handlers.replyChanged(
    {
      siteId: 'chatgpt',
      replyId,
      revision,
      change: { kind: 'whole', text: `As the book puts it: ${QUOTE}. That is all.` },
      isComplete: true,
      url: 'https://chatgpt.com/c/2',
    },
    tab(2),
  );
  const found = answer.ok && answer.value.status === 'scanned' && answer.value.spans.length > 0;
  return { wait: performance.now() - sent, found };
}

const builds = [
  { name: 'baseline', tree: BASE },
  { name: 'this tree', tree: ROOT },
];
for (const b of builds) b.module = await bundle(b.tree, b.name === 'baseline' ? 'base' : 'new');

console.log(
  `Budget bench: tab A streams ${STREAMING_REPLIES} replies repeating 11 library words to ${(TARGET_CHARS / 1e6).toFixed(1)} MB (+${GROW_CHARS / 1e3} kB a send); tab B opens a quoting reply every ${PROBE_EVERY_MS} ms.`,
);
console.log(
  `Node ${process.version}; library ${library.length} books from ${folder}; baseline ${BASE}; ${ROUNDS} rounds, builds alternating.\n`,
);
const rows = [];
for (let round = 1; round <= ROUNDS; round++) {
  for (const b of builds) {
    const handlers = await b.module.createBackground(`bench-${b.name}-${round}`, library);
    const r = await simulate(handlers);
    rows.push({ build: b.name, round, ...r });
    console.log(
      `${b.name.padEnd(9)} round ${round}: tab B first highlight median ${median(r.waits).toFixed(0)} ms, max ${Math.max(...r.waits).toFixed(0)} ms (${r.found}/${r.waits.length} found); tab A streamed in ${(r.streamMs / 1000).toFixed(1)} s, its answer median ${median(r.sendTimes).toFixed(0)} ms, max ${Math.max(...r.sendTimes).toFixed(0)} ms`,
    );
  }
}

console.log(
  '\n| build | round | tab B first highlight, median ms | max ms | B replies found | tab A stream s | tab A answer median ms | max ms |',
);
console.log('| --- | --: | --: | --: | --: | --: | --: | --: |');
for (const r of rows)
  console.log(
    `| ${r.build} | ${r.round} | ${median(r.waits).toFixed(0)} | ${Math.max(...r.waits).toFixed(0)} | ${r.found}/${r.waits.length} | ${(r.streamMs / 1000).toFixed(1)} | ${median(r.sendTimes).toFixed(0)} | ${Math.max(...r.sendTimes).toFixed(0)} |`,
  );
