// The figures of one build on one library: the import through the options page, the store's
// size, cold wakes with the extension process's memory, warm scans.
import { importThroughOptions } from './extension.mjs';
import {
  extensionCpuMs,
  extensionPid,
  hostsServiceWorker,
  readMemory,
  resetPeak,
} from './extension-process.mjs';
import { scanOutcome } from './replies.mjs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** CPU ms per second below which the extension and the storage service count as idle. */
const IDLE_CPU_MS = 50;

/**
 * Waits until background work after an import has ended (a build that saves a table or merges
 * after the summary does it now): the store's size unchanged and the extension and storage
 * processes nearly idle for `quietS` seconds in a row, at most `maxS`. Returns the seconds until
 * the last busy second (0: quiet from the start) and whether it was still busy at `maxS`.
 */
async function waitForQuiet(ext, quietS = 5, maxS = 300) {
  const start = performance.now();
  let usage = await ext.usage();
  let cpu = extensionCpuMs(ext.profile);
  let lastBusy = start;
  while (performance.now() - lastBusy < quietS * 1000 && performance.now() - start < maxS * 1000) {
    await sleep(1000);
    const [nowUsage, nowCpu] = [await ext.usage(), extensionCpuMs(ext.profile)];
    if (nowUsage !== usage || nowCpu - cpu > IDLE_CPU_MS) lastBusy = performance.now();
    [usage, cpu] = [nowUsage, nowCpu];
  }
  const busyS = lastBusy === start ? 0 : (lastBusy - start) / 1000;
  return { busyS, capped: performance.now() - lastBusy < quietS * 1000 };
}

/** Imports the library, waits for the store to settle, closes the options page. */
export async function measureImport(ext, library) {
  const before = await ext.usage();
  const { ms, page } = await importThroughOptions(ext, library.paths);
  const { busyS: settleS, capped } = await waitForQuiet(ext);
  const stored = (await ext.usage()) - before;
  // The options page lives in the extension's process: closed, so the memory figures are the
  // service worker's.
  await page.close();
  return {
    ms,
    mbPerS: library.bytes / 1e6 / (ms / 1000),
    settleS,
    capped,
    bytesPerByte: stored / library.bytes,
    stored,
  };
}

/** After a wake's answer, the time its worker is given before the memory is read again. */
const SETTLE_MS = 1500;

/**
 * Stops the worker, then one checkText of `reply` wakes it; with the process's memory, at the
 * answer and {@link SETTLE_MS} after it. The worker
 * is given 2 s after its last answer first: Chrome stops an idle one after about 30 s, so a user's
 * worker always finishes what it does after an answer (storing the texts it read in parts).
 */
export async function coldScan(ext, reply, { memory = false } = {}) {
  await sleep(2000);
  const stopMs = await ext.stopWorker();
  let pid;
  let idle;
  if (memory) {
    // A moment for the stopped worker's memory to go back before the idle figure.
    await sleep(1000);
    pid = extensionPid(ext.profile);
    idle = readMemory(pid);
    resetPeak(pid);
  }
  const { ms, result } = await ext.checkText(reply.text);
  const outcome = { ms, stopMs, ...scanOutcome(result, reply) };
  if (memory) {
    const after = readMemory(pid);
    // What the worker reads after its answer (the second filters, parts to store) is part of the
    // wake too.
    await sleep(SETTLE_MS);
    outcome.memory = { idle, after, settled: readMemory(pid) };
    // The figure is the worker's only if the worker runs in the process measured.
    if (!hostsServiceWorker(pid)) throw new Error(`the service worker is not in process ${pid}`);
  }
  return outcome;
}

/** From the user's key press to the reply's first words: a chatbot takes at least this long. */
const KEY_TO_REPLY_MS = 1000;

/**
 * Stops the worker, then the user presses a key in a chat page (which wakes it, in a build that
 * does: `content/send/wake-on-activity.ts`) and the reply's check comes {@link KEY_TO_REPLY_MS}
 * later: its ms.
 */
async function keyThenScan(ext, chat, reply) {
  // A fresh page session: a page wakes the worker at most once in 20 s, and the runs come faster.
  await chat.reload();
  await sleep(2000);
  await ext.stopWorker();
  await chat.keyboard.press('Shift');
  await sleep(KEY_TO_REPLY_MS);
  const { ms, result } = await ext.checkText(reply.text);
  return { ms, ...scanOutcome(result, reply) };
}

/**
 * For each reply size: `runs` cold wakes + scans (with memory), `runs` checks a second after a
 * key press in a chat page, then on the warm worker the same reply `runs` times and `runs`
 * different replies once each.
 */
export async function measureScans(ext, replySets, runs) {
  const out = {};
  for (const [label, { first, others }] of Object.entries(replySets)) {
    const cold = [];
    for (let i = 0; i < runs; i++) cold.push(await coldScan(ext, first, { memory: true }));
    const chat = await ext.openChat();
    const afterKey = [];
    for (let i = 0; i < runs; i++) afterKey.push(await keyThenScan(ext, chat, first));
    await chat.close();
    const same = [];
    for (let i = 0; i < runs; i++) {
      const { ms, result } = await ext.checkText(first.text);
      same.push({ ms, ...scanOutcome(result, first) });
    }
    const other = [];
    for (const reply of others.slice(0, runs)) {
      const { ms, result } = await ext.checkText(reply.text);
      other.push({ ms, ...scanOutcome(result, reply) });
    }
    out[label] = { cold, afterKey, same, other };
  }
  return out;
}
