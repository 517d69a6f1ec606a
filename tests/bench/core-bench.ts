// `npm run bench`: the matching core's speed and size on real text, beside two baselines measured
// in the same run. Prints markdown tables; no pass/fail (figures depend on the machine and load).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seededRandom } from '../unit/core/fixtures';
import { runBaselines, SIZES } from './core/baselines';
import {
  generateLibrary,
  loadCarriers,
  loadCorpusLibrary,
  makeReply,
  prefixLibrary,
  sumBytes,
  type Doc,
} from './core/bench-text';
import {
  buildIndex,
  timeIncremental,
  timeScans,
  timeStreaming,
  type Built,
} from './core/core-timings';
import { timeDecoding, timeReadingPaths } from './core/reading-paths';
import { PROBE_FLAG, probeIndexing, timeWarmUp } from './core/warm-up-cost';
import { fmt, fmtMb, MB, note, parseOptions, peaks, sampleMemory, table } from './core/measure';

const options = parseOptions(process.argv.slice(2));

function main(): void {
  const started = performance.now();
  const libraryDir = path.join(options.corpus, 'library');
  if (!fs.existsSync(libraryDir) || !fs.existsSync(path.join(options.corpus, 'carriers.jsonl'))) {
    process.stdout.write(
      `Corpus not found at ${options.corpus} (set RECITAL_CORPUS or --corpus); nothing to measure.\n`,
    );
    return;
  }
  process.stdout.write(
    `Recital core bench, ${new Date().toISOString()}, Node ${process.version}, ${os.cpus().length} cores, load average at start ${os
      .loadavg()
      .map((x) => fmt(x, 1))
      .join(' / ')}\n\n`,
  );
  note('loading the corpus');
  const corpus = loadCorpusLibrary(libraryDir);
  const carriers = loadCarriers(options.corpus);
  const random = seededRandom(7);

  // Baselines first, while the heap is small and quiet.
  runBaselines(corpus, carriers, random, options);

  const { corpusBuild, big, bigBuild, genSeconds } = runBuilds(corpus);
  const fiveThousandVs100 = runScans(corpus, big, bigBuild, carriers, random);
  printTargets(corpusBuild, bigBuild, fiveThousandVs100);
  // What the performance seams buy; last, so the tables above run as they always did.
  timeReadingPaths(corpus);
  timeDecoding(corpus);
  timeWarmUp(libraryDir, 3);
  process.stdout.write(
    `Run took ${fmt((performance.now() - started) / 1000, 0)} s (library generation ${fmt(genSeconds, 0)} s); load average at the end ${os
      .loadavg()
      .map((x) => fmt(x, 1))
      .join(' / ')}.\n`,
  );
}

/** Build throughput and index size: the corpus library (best of two) and a generated one. */
function runBuilds(corpus: Doc[]): {
  corpusBuild: Built;
  big: Doc[];
  bigBuild: Built;
  genSeconds: number;
} {
  const corpusBytes = sumBytes(corpus);
  note(`indexing the corpus library (${fmtMb(corpusBytes)}) twice`);
  const corpusBuild = [buildIndex(corpus), buildIndex(corpus)].reduce((a, b) =>
    a.addSeconds <= b.addSeconds ? a : b,
  );

  note(`generating a ${fmt(options.bigMb / 1000, 1)} GB library`);
  const genStarted = performance.now();
  const big = generateLibrary(corpus, options.bigMb * MB);
  const genSeconds = (performance.now() - genStarted) / 1000;
  note(
    `generated ${big.length} documents, ${fmtMb(sumBytes(big))} in ${fmt(genSeconds)} s; indexing`,
  );
  const bigBuild = buildIndex(big);

  table(
    'Index build (default shape k=6, S=6; one thread)',
    [
      'library',
      'text (UTF-8)',
      'addDocument MB/s (wall)',
      'addDocument MB/s (CPU)',
      'incl. lookup table MB/s (wall)',
      'lookup table s',
      'index bytes per text byte',
      'index bytes per MB',
      'postings',
    ],
    (
      [
        ['corpus library (Project Gutenberg)', corpusBuild],
        ['generated library (corpus + letter-permuted copies)', bigBuild],
      ] as [string, Built][]
    ).map(([name, b]) => [
      name,
      `${fmtMb(b.bytes)} (${b.index.size} docs)`,
      fmt(b.bytes / MB / b.addSeconds),
      fmt(b.bytes / MB / b.addCpuSeconds),
      fmt(b.bytes / MB / (b.addSeconds + b.tableSeconds)),
      fmt(b.tableSeconds, 2),
      fmt(b.serializedBytes / b.bytes, 3),
      fmt((b.serializedBytes / b.bytes) * MB, 0),
      b.index.postingCount.toLocaleString('en-US'),
    ]),
  );

  return { corpusBuild, big, bigBuild, genSeconds };
}

/**
 * Scan latency, adding and removing, and streaming, against three library sizes; returns the
 * median wall and CPU ms of a 5,000-word scan against 100 MB.
 */
function runScans(
  corpus: Doc[],
  big: Doc[],
  bigBuild: Built,
  carriers: string[],
  random: () => number,
): [number, number] {
  const libraries: [string, Doc[]][] = [
    ['10 MB', prefixLibrary(corpus, 10 * MB)],
    ['100 MB', prefixLibrary(big, 100 * MB)],
    [`${fmt(sumBytes(big) / 1e9, 2)} GB`, big],
  ];
  const scanRows: string[][] = [];
  const streamRows: string[][] = [];
  const incrementalRows: string[][] = [];
  let fiveThousandVs100 = NaN;
  let fiveThousandVs100Cpu = NaN;
  for (const [name, docs] of libraries) {
    note(`scanning against the ${name} library`);
    const built = docs === big ? bigBuild : buildIndex(docs);
    for (const words of SIZES) {
      const replies = Array.from({ length: 12 }, () => makeReply(carriers, docs, words, random));
      const latency = timeScans(built, replies, options.scans);
      if (name === '100 MB' && words === 5000) {
        fiveThousandVs100 = latency.median;
        fiveThousandVs100Cpu = latency.cpuMedian;
      }
      scanRows.push([
        `${name} (${built.index.size} docs)`,
        words.toLocaleString('en-US'),
        fmt(latency.median, 2),
        fmt(latency.p95, 2),
        fmt(latency.cpuMedian, 2),
        `${latency.found}/${latency.planted}`,
      ]);
    }
    incrementalRows.push([
      `${name} (${built.index.size} docs)`,
      ...timeIncremental(built, corpus[0] as Doc).map((ms) => fmt(ms, 0)),
    ]);
    if (name !== '10 MB') {
      const stream = timeStreaming(built, makeReply(carriers, docs, 5000, random));
      streamRows.push([
        name,
        stream.words.toLocaleString('en-US'),
        fmt(stream.totalMs, 0),
        fmt(stream.perWordMicros, 0),
        fmt(stream.firstMicros, 0),
        fmt(stream.lastMicros, 0),
        stream.agrees ? 'yes' : 'NO',
      ]);
    }
  }
  table(
    `Scan latency: findSpans, warm (index built, texts in memory), ${options.scans} scans of 12 replies per row`,
    [
      'library',
      'reply words',
      'median ms (wall)',
      'p95 ms (wall)',
      'median ms (CPU)',
      'planted passages found (≥80% covered)',
    ],
    scanRows,
  );
  table(
    `Adding and removing one document (${fmtMb((corpus[0] as Doc).bytes)}) in a built index; the first scan after an addition rebuilds the small delta table, a removal only marks the document`,
    ['library', 'addDocument ms', 'first scan after add ms', 'removeDocument + first scan ms'],
    incrementalRows,
  );
  table(
    'Streaming a 5,000-word reply word by word (one ReplyScanner.update per word)',
    [
      'library',
      'updates',
      'total ms',
      'µs per word (mean)',
      'µs per word, first 1,000',
      'µs per word, last 1,000',
      'final spans = findSpans',
    ],
    streamRows,
  );

  return [fiveThousandVs100, fiveThousandVs100Cpu];
}

/** Peak memory and the targets table. */
function printTargets(
  corpusBuild: Built,
  bigBuild: Built,
  [fiveThousandVs100, fiveThousandVs100Cpu]: [number, number],
): void {
  sampleMemory();
  table(
    'Peak memory (whole run; the generated library and three indexes loaded at once)',
    ['measure', 'value'],
    [
      ['peak RSS (process.resourceUsage().maxRSS)', fmtMb(process.resourceUsage().maxRSS * 1024)],
      ['peak V8 heap used (sampled after each phase)', fmtMb(peaks.heap)],
      ['peak array buffers (sampled after each phase)', fmtMb(peaks.arrayBuffers)],
    ],
  );
  const corpusMbS = corpusBuild.bytes / MB / corpusBuild.addSeconds;
  const indexRatio = bigBuild.serializedBytes / bigBuild.bytes;
  table(
    'Targets',
    ['target', 'measured', 'met'],
    [
      [
        'build ≥ 60 MB/s in Node (corpus, addDocument, wall)',
        `${fmt(corpusMbS)} MB/s (CPU: ${fmt(corpusBuild.bytes / MB / corpusBuild.addCpuSeconds)} MB/s)`,
        corpusMbS >= 60 ? 'yes' : 'no',
      ],
      [
        '5,000-word scan vs 100 MB ≤ 5 ms median, warm',
        `${fmt(fiveThousandVs100, 2)} ms (CPU: ${fmt(fiveThousandVs100Cpu, 2)} ms)`,
        fiveThousandVs100 <= 5 ? 'yes' : 'no',
      ],
      [
        'index ≤ 0.35 bytes per byte of text (generated library)',
        fmt(indexRatio, 3),
        indexRatio <= 0.35 ? 'yes' : 'no',
      ],
    ],
  );
}

if (process.argv[2] === PROBE_FLAG) probeIndexing(process.argv[3] ?? '', process.argv[4] ?? '');
else main();
