#!/usr/bin/env node
// The library-scale benchmark of issue #20: for each library size (generated as the core bench
// does) and each build, in one run: import through the options page (MB/s), IndexedDB bytes per
// byte of text, cold wake + first scan and warm scans of 2,000- and 5,000-word replies, the
// extension process's memory around a wake, and wakes after a worker stopped during and right
// after an import or an options page closed mid-import, and the check a second after a key press
// in a chat page that woke the worker; beside them, what a cold wake costs before the library's
// size counts (each build with an empty library, and an extension whose worker only answers).
// Prints figures; no pass/fail.
//
// Usage: npm run bench:library-scale -- [--sizes 83M,1G] [--runs 5] [--seed 1]
//   RECITAL_DIST=old:new (folders; default /tmp/dist-old, then this tree's dist/); each build
//   is labelled with its folder's name. docs/benchmarks.md says how to build the old one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchExtension } from './library-scale/extension.mjs';
import { libraryFolder } from './library-scale/generate-library.mjs';
import { bareWakes, coldWakes } from './library-scale/floor.mjs';
import { pageClosedDuringImport, stopsDuringImport } from './library-scale/killed.mjs';
import { measureImport, measureScans } from './library-scale/measure.mjs';
import { createReplyMaker } from './library-scale/replies.mjs';
import { printBare, printDetails, printTable } from './library-scale/report.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const CORPUS = path.resolve(process.env.RECITAL_CORPUS ?? path.join(ROOT, '../shared/corpus'));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
};
const SIZES = option('sizes', '83M,1G').split(',');
const RUNS = Number(option('runs', '5'));
const SEED = Number(option('seed', '1'));
const DISTS = (process.env.RECITAL_DIST ?? `/tmp/dist-old:${path.join(ROOT, 'dist')}`)
  .split(':')
  .map((d) => path.resolve(d));
for (const dist of DISTS)
  if (!fs.existsSync(path.join(dist, 'manifest.json')))
    throw new Error(`${dist} holds no build (manifest.json): see docs/benchmarks.md`);
// Two builds from folders of the same name (old:old) get their position too.
const labels = DISTS.map((d) => path.basename(d));
const labelOf = (i) =>
  new Set(labels).size === labels.length ? labels[i] : `${labels[i]}#${i + 1}`;

const started = performance.now();
console.log(
  `Library scale bench (issue #20): ${SIZES.join(', ')}; builds ${DISTS.map((d, i) => `${labelOf(i)} = ${d}`).join(', ')}; ${RUNS} runs; seed ${SEED}`,
);
console.log(
  `${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} at the start`,
);

/** Every figure of one build on one library, each in a fresh profile. */
async function benchBuild(dist, library, replies, maker, seed) {
  const run = async (work) => {
    const ext = await launchExtension(dist);
    try {
      return await work(ext);
    } finally {
      await ext.close();
    }
  };
  // First, in a fresh profile: the wake before any library.
  const empty = await run((ext) => coldWakes(ext, replies, RUNS));
  const { imported, scans } = await run(async (ext) => {
    const result = await measureImport(ext, library);
    return { imported: result, scans: await measureScans(ext, replies, RUNS) };
  });
  const first = replies['2,000-word'].first;
  const stops = await run((ext) =>
    stopsDuringImport(ext, library, first, { importMs: imported.ms, seed }),
  );
  const closed = await run((ext) =>
    pageClosedDuringImport(ext, library, first, maker, { importMs: imported.ms, seed: seed + 7 }),
  );
  return { import: imported, scans, stops, closed, empty };
}

for (const size of SIZES) {
  const made = performance.now();
  const { folder, files } = libraryFolder(path.join(CORPUS, 'library'), size);
  const bytes = files.reduce((n, x) => n + x.bytes, 0);
  const library = {
    paths: files.map((x) => path.join(folder, x.name)),
    names: new Set(files.map((x) => x.name)),
    bytes,
  };
  console.log(
    `\n=== ${size}: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB in ${folder} (ready in ${((performance.now() - made) / 1000).toFixed(0)} s) ===`,
  );
  const maker = createReplyMaker(folder, files, CORPUS);
  const set = (total, count, seed) => ({
    first: maker.reply({ total, count, seed }),
    others: Array.from({ length: RUNS }, (_, i) =>
      maker.reply({ total, count, seed: seed + 1 + i }),
    ),
  });
  const replies = {
    '2,000-word': set(2000, 3, SEED * 100),
    '5,000-word': set(5000, 5, SEED * 100 + 50),
  };
  const bare = await bareWakes(replies, RUNS);
  const results = [];
  for (const [i, dist] of DISTS.entries()) {
    const label = labelOf(i);
    const result = { label, ...(await benchBuild(dist, library, replies, maker, SEED)) };
    printDetails(label, result, replies);
    results.push(result);
  }
  printTable(size, results);
  printBare(bare);
}
console.log(
  `\nrun took ${((performance.now() - started) / 60_000).toFixed(1)} min; load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} at the end`,
);
