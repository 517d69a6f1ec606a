// What warmUpIndexing buys: indexing the corpus library in fresh processes, with and without the
// warm-up first, alternating. A fresh process each, since the warm-up only acts on a cold one.
import { spawnSync } from 'node:child_process';
import { PassageIndex, warmUpIndexing } from '../../../src/core/index';
import { loadCorpusLibrary } from './bench-text';
import { fmt, note, percentile, table } from './measure';

/** The flag that makes the bench process a probe: `--probe-indexing warm|cold <libraryDir>`. */
export const PROBE_FLAG = '--probe-indexing';

/** In a probe process: index the library (after the warm-up for `warm`), print the wall ms. */
export function probeIndexing(mode: string, libraryDir: string): void {
  const docs = loadCorpusLibrary(libraryDir);
  const started = performance.now();
  if (mode === 'warm') warmUpIndexing();
  const index = new PassageIndex();
  docs.forEach((d) => index.addDocument(d.id, d.text));
  index.prepare();
  process.stdout.write(`${performance.now() - started}\n`);
}

/** Runs `rounds` cold and warm probes, alternating, and prints their medians side by side. */
export function timeWarmUp(libraryDir: string, rounds: number): void {
  note(`indexing the corpus in ${2 * rounds} fresh processes, with and without the warm-up`);
  const times: Record<'cold' | 'warm', number[]> = { cold: [], warm: [] };
  for (let round = 0; round < rounds; round++) {
    for (const mode of ['cold', 'warm'] as const) {
      const probe = spawnSync(
        process.execPath,
        [process.argv[1] as string, PROBE_FLAG, mode, libraryDir],
        { encoding: 'utf8' },
      );
      const ms = Number(probe.stdout.trim());
      if (probe.status === 0 && Number.isFinite(ms)) times[mode].push(ms);
    }
  }
  const cold = percentile(times.cold, 50);
  const warm = percentile(times.warm, 50);
  table(
    `Warm-up: indexing the corpus library in a fresh process, median of ${rounds} alternating runs each (wall, warm-up included)`,
    ['first thing the process does', 'ms', 'warm / cold'],
    [
      ['index at once', fmt(cold, 0), ''],
      ['warmUpIndexing, then index', fmt(warm, 0), fmt(warm / cold, 2)],
    ],
  );
}
