// Wakes after a killed worker: (a) the service worker stopped at seeded random points during an
// import and after its summary, each followed by a cold wake + scan; (b) the options page closed
// mid-import (its import workers die with it), then a cold wake + scan, then how long until a
// scan finds a document stored just before the close.
import { importThroughOptions, lastStoredDocument } from './extension.mjs';
import { coldScan, sleep } from './measure.mjs';
import { seededRandom } from './generate-library.mjs';
import { scanOutcome } from './replies.mjs';

/** Stops during the import at `stops` random points of `importMs`, then after its summary. */
export async function stopsDuringImport(ext, library, reply, { importMs, seed, stops = 3 }) {
  const random = seededRandom(seed);
  const points = Array.from({ length: stops }, () => (0.05 + 0.9 * random()) * importMs).sort(
    (a, b) => a - b,
  );
  const events = points.map((atMs) => ({
    atMs,
    run: async (_page, at) => ({
      when: `${(at / 1000).toFixed(1)} s into the import`,
      ...(await coldScan(ext, reply)),
    }),
  }));
  const { ms, page, results } = await importThroughOptions(ext, library.paths, events);
  results.push({ when: 'right after the summary', ...(await coldScan(ext, reply)) });
  const later = 500 + 4500 * random();
  await sleep(later);
  results.push({
    when: `${(later / 1000).toFixed(1)} s after the summary`,
    ...(await coldScan(ext, reply)),
  });
  await page.close();
  return { importMs: ms, wakes: results };
}

/**
 * Closes the options page at a random point of `importMs`; then a cold wake + scan of `reply`,
 * and checkText every 500 ms (up to 120 s) with a passage of the last stored document.
 */
export async function pageClosedDuringImport(ext, library, reply, maker, { importMs, seed }) {
  const random = seededRandom(seed);
  const atMs = (0.2 + 0.6 * random()) * importMs;
  let closedAt = 0;
  const event = {
    atMs,
    run: async (page) => {
      await page.close();
      closedAt = performance.now();
      return { closed: true };
    },
  };
  const { ms } = await importThroughOptions(ext, library.paths, [event]);
  if (ms !== undefined) return { note: 'the import finished before the close' };
  // The close's aborted writes settle; then what the store holds is what was stored before it.
  await sleep(500);
  const last = await lastStoredDocument(ext);
  const wake = await coldScan(ext, reply);
  const out = { closedAtS: atMs / 1000, stored: last?.count, lastFile: last?.fileName, wake };
  if (!last?.fileName || !library.names.has(last.fileName)) return out;
  const probe = maker.replyFrom(last.fileName, { total: 2000, seed: seed + 1 });
  const deadline = closedAt + 120_000;
  for (let polls = 1; ; polls++) {
    const { result } = await ext.checkText(probe.text);
    const outcome = scanOutcome(result, probe);
    if (outcome.found > 0 || performance.now() > deadline) {
      out.findLast = {
        found: outcome.found > 0,
        afterS: (performance.now() - closedAt) / 1000,
        polls,
      };
      return out;
    }
    await sleep(500);
  }
}
