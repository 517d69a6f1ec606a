// Baselines measured in the same run: an exact shingle Map and fuse.js, beside the core.
import Fuse from 'fuse.js';
import {
  makeReply,
  paragraphsOf,
  prefixLibrary,
  sentencesOf,
  sumBytes,
  type Doc,
  type Reply,
} from './bench-text';
import { buildIndex, timeCalls, timeScans, type Built, type Range } from './core-timings';
import { fmt, liveBytes, MB, note, ratio, table, type BenchOptions } from './measure';

/** The obvious exact matcher: every 8-word shingle of every document in a Map, no stride. */
class ShingleBaseline {
  private readonly shingles = new Map<string, number>();

  add(docNumber: number, text: string): void {
    const words = text.toLowerCase().match(/[a-z0-9']+/g) ?? [];
    for (let i = 0; i + 8 <= words.length; i++) {
      const key = words.slice(i, i + 8).join(' ');
      if (!this.shingles.has(key)) this.shingles.set(key, docNumber);
    }
  }

  /** Reply character ranges covered by shingles found in the library. */
  scan(reply: string): Range[] {
    const words = [...reply.matchAll(/[A-Za-z0-9']+/g)];
    const lower = words.map((w) => w[0].toLowerCase());
    const covered = new Uint8Array(words.length);
    for (let i = 0; i + 8 <= words.length; i++) {
      if (this.shingles.has(lower.slice(i, i + 8).join(' '))) covered.fill(1, i, i + 8);
    }
    const runs: Range[] = [];
    for (let i = 0; i < words.length; i++) {
      if (!covered[i]) continue;
      let j = i;
      while (j + 1 < words.length && covered[j + 1]) j++;
      const first = words[i] as RegExpExecArray;
      const last = words[j] as RegExpExecArray;
      runs.push({ replyStart: first.index, replyEnd: last.index + last[0].length });
      i = j;
    }
    return runs;
  }
}

/** Reply sizes of the scan tables, in words. */
export const SIZES = [500, 2000, 5000];

/** Baselines (a) fuse.js and (b) an exact shingle Map, beside the core on one small library. */
export function runBaselines(
  corpus: Doc[],
  carriers: string[],
  random: () => number,
  options: BenchOptions,
): void {
  const small = prefixLibrary(corpus, 2 * MB);
  const smallBytes = sumBytes(small);
  note(`baselines on a ${fmt(smallBytes / MB)} MB library`);
  const replies = new Map(
    SIZES.map((w) => [w, Array.from({ length: 12 }, () => makeReply(carriers, small, w, random))]),
  );
  const recital = runShingleBaseline(small, replies, options);
  runFuseBaseline(small, replies, recital, options);
}

/** Baseline (b): build time, memory and scans of the shingle Map beside the core's. */
function runShingleBaseline(
  small: Doc[],
  replies: Map<number, Reply[]>,
  options: BenchOptions,
): { built: Built; buildS: number } {
  const smallBytes = sumBytes(small);
  const before = liveBytes();
  const recitalStart = performance.now();
  const recital = buildIndex(small);
  const recitalBuildS = (performance.now() - recitalStart) / 1000;
  const recitalMemory = liveBytes() - before;

  const beforeShingles = liveBytes();
  const shingleStart = performance.now();
  const shingles = new ShingleBaseline();
  small.forEach((d, i) => shingles.add(i, d.text));
  const shingleBuildS = (performance.now() - shingleStart) / 1000;
  const shingleMemory = liveBytes() - beforeShingles;

  const rows: string[][] = [
    [
      'build time s (incl. lookup table)',
      fmt(recitalBuildS, 2),
      fmt(shingleBuildS, 2),
      ratio(shingleBuildS, recitalBuildS),
    ],
    [
      'index memory MB (live heap + buffers after GC)',
      fmt(recitalMemory / MB, 2),
      fmt(shingleMemory / MB, 2),
      ratio(shingleMemory, recitalMemory),
    ],
  ];
  for (const words of SIZES) {
    const list = replies.get(words) as Reply[];
    const ours = timeScans(recital, list, options.scans);
    const theirs = timeCalls(list, options.scans, (text) => shingles.scan(text));
    const w = words.toLocaleString('en-US');
    rows.push([
      `${w}-word scan, median ms (wall)`,
      fmt(ours.median, 2),
      fmt(theirs.median, 2),
      ratio(theirs.median, ours.median),
    ]);
    rows.push([
      `${w}-word scan, median ms (CPU)`,
      fmt(ours.cpuMedian, 2),
      fmt(theirs.cpuMedian, 2),
      ratio(theirs.cpuMedian, ours.cpuMedian),
    ]);
    rows.push([
      `${w}-word replies: planted passages found (≥80% covered)`,
      `${ours.found}/${ours.planted}`,
      `${theirs.found}/${theirs.planted}`,
      '',
    ]);
  }
  table(
    `Baseline (b): every 8-word shingle in a JS Map (no stride, no verification), same ${fmt(smallBytes / MB)} MB library and replies`,
    ['measure', 'Recital core', 'shingle Map', 'shingle Map / Recital'],
    rows,
  );

  return { built: recital, buildS: recitalBuildS };
}

/** Baseline (a): fuse.js, the obvious way: paragraphs as the collection, sentences as patterns. */
function runFuseBaseline(
  small: Doc[],
  replies: Map<number, Reply[]>,
  { built: recital, buildS: recitalBuildS }: { built: Built; buildS: number },
  options: BenchOptions,
): void {
  note(`fuse.js on ${options.fuseSentences} sentences (seconds each)`);
  const paragraphs = small.flatMap((d) => paragraphsOf(d.text).map((p) => p.replace(/\s+/g, ' ')));
  const fuseStart = performance.now();
  const fuse = new Fuse(paragraphs, { ignoreLocation: true, threshold: 0.2, includeScore: true });
  const fuseBuildS = (performance.now() - fuseStart) / 1000;
  const fuseReplies = replies.get(500) as Reply[];
  const plantedSentences = fuseReplies.flatMap((r) =>
    r.planted.filter((p) => p.how === 'exact' || p.how === 'typography').map((p) => p.original),
  );
  const carrierSentences = fuseReplies.flatMap((r) =>
    sentencesOf(r.text.slice(0, r.planted[0]?.replyStart ?? r.text.length)),
  );
  const plantedCount = Math.min(Math.ceil(options.fuseSentences / 2), plantedSentences.length);
  const sample = [
    ...plantedSentences.slice(0, plantedCount).map((s) => ({ s, planted: true })),
    ...carrierSentences
      .slice(0, options.fuseSentences - plantedCount)
      .map((s) => ({ s, planted: false })),
  ];
  const fuseTimes: number[] = [];
  let located = 0;
  for (const { s, planted } of sample) {
    const t0 = performance.now();
    const results = fuse.search(s, { limit: 5 });
    fuseTimes.push(performance.now() - t0);
    if (planted && results[0]?.item.toLowerCase().includes(s.toLowerCase().slice(0, 60))) located++;
  }
  const sentencesPerReply =
    fuseReplies.reduce((n, r) => n + sentencesOf(r.text).length, 0) / fuseReplies.length;
  const perSentence = fuseTimes.reduce((a, b) => a + b, 0) / Math.max(1, fuseTimes.length);
  const perReply = perSentence * sentencesPerReply;
  const ours500 = timeScans(recital, fuseReplies, options.scans);
  table(
    `Baseline (a): fuse.js (ignoreLocation, threshold 0.2) over the ${paragraphs.length.toLocaleString('en-US')} paragraphs of the same library; ${fuseTimes.length} reply sentences timed`,
    ['measure', 'Recital core', 'fuse.js', 'fuse.js / Recital'],
    [
      ['build s', fmt(recitalBuildS, 2), fmt(fuseBuildS, 2), ''],
      ['ms per sentence pattern (wall)', '', fmt(perSentence, 0), ''],
      [
        `500-word reply (${fmt(sentencesPerReply, 0)} sentences), ms (wall)`,
        fmt(ours500.median, 2),
        `${fmt(perReply, 0)} (projected)`,
        ratio(perReply, ours500.median),
      ],
      [
        'planted sentences whose source paragraph ranks first',
        `${ours500.found}/${ours500.planted} passages found`,
        `${located}/${plantedCount}`,
        '',
      ],
    ],
  );
}
