// The figures of one build on one library: the import through the options page, the store's
// size, cold wakes with the extension process's memory, warm scans.
import { importThroughOptions } from './extension.mjs';
import { extensionPid, readMemory, resetPeak } from './process-memory.mjs';
import { scanOutcome } from './replies.mjs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until the store's size has not changed for `quietS` seconds (a build that saves or
 * merges after the summary does it now), at most `maxS`. Returns the seconds waited.
 */
async function waitForQuietStore(ext, quietS = 5, maxS = 180) {
  const start = performance.now();
  let last = await ext.usage();
  let quiet = 0;
  while (quiet < quietS && performance.now() - start < maxS * 1000) {
    await sleep(1000);
    const now = await ext.usage();
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
  return (performance.now() - start) / 1000;
}

/** Imports the library, waits for the store to settle, closes the options page. */
export async function measureImport(ext, library) {
  const before = await ext.usage();
  const { ms, page } = await importThroughOptions(ext, library.paths);
  const settleS = await waitForQuietStore(ext);
  const stored = (await ext.usage()) - before;
  // The options page lives in the extension's process: closed, so the memory figures are the
  // service worker's.
  await page.close();
  return {
    ms,
    mbPerS: library.bytes / 1e6 / (ms / 1000),
    settleS,
    bytesPerByte: stored / library.bytes,
    stored,
  };
}

/** Stops the worker, then one checkText of `reply` wakes it; with the process's memory. */
export async function coldScan(ext, reply, { memory = false } = {}) {
  await ext.stopWorker();
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
  const outcome = { ms, ...scanOutcome(result, reply) };
  if (memory) outcome.memory = { idle, after: readMemory(pid) };
  return outcome;
}

/**
 * For each reply size: `runs` cold wakes + scans (with memory), then on the warm worker the same
 * reply `runs` times and `runs` different replies once each.
 */
export async function measureScans(ext, replySets, runs) {
  const out = {};
  for (const [label, { first, others }] of Object.entries(replySets)) {
    const cold = [];
    for (let i = 0; i < runs; i++) cold.push(await coldScan(ext, first, { memory: true }));
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
    out[label] = { cold, same, other };
  }
  return out;
}
